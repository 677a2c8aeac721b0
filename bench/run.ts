// `npm run bench`: runs every bench/<stage>.ts (each exports `run(): Promise<string[]>`) and prints
// its figures. Pass stage names to run only some: `npm run bench -- dsl rego`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const stages = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .filter((s) => wanted.length === 0 || wanted.includes(s))
  .sort();

let failed = 0;
for (const stage of stages) {
  const mod = (await import(pathToFileURL(join(here, `${stage}.ts`)).href)) as { run?: () => Promise<string[]> };
  if (typeof mod.run !== 'function') continue;
  console.log(`\n## ${stage}`);
  const started = performance.now();
  try {
    for (const line of await mod.run()) console.log(line);
  } catch (err) {
    failed++;
    console.log(`  FAILED: ${(err as Error).message}`);
  }
  console.log(`  (${stage} bench took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
process.exitCode = failed ? 1 : 0;
