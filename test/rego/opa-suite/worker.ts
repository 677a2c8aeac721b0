// Child process of run.ts: runs the in-scope cases from index `--from` on, one JSON line per case
// on stdout, so the parent can kill a case that hangs and resume after it.
import { readFileSync } from 'node:fs';
import { loadEngines, runCase } from './judge.js';
import { loadSuite } from './suite.js';

const argv = process.argv.slice(2);
const opt = (name: string): string => argv[argv.indexOf(name) + 1]!;

async function main(): Promise<void> {
  const repo = opt('--repo');
  const from = Number(opt('--from'));
  const ids = new Set(readFileSync(opt('--ids'), 'utf8').split('\n'));
  const cases = loadSuite(opt('--suite')).filter((c) => ids.has(c.id));
  const engines = await loadEngines(repo, argv.includes('--opa-wasm') ? opt('--opa-wasm') : undefined);
  for (let i = from; i < cases.length; i++) {
    const r = await runCase(engines, cases[i]!);
    process.stdout.write(`${JSON.stringify({ index: i, ...r })}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`worker failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(3);
});
