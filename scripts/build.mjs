// Build step run by `npm ci` (prepare), `npm test` (pretest) and `npm run build`.
// Each step is a script of its own so a stage can add one without touching the others.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Extra steps (e.g. building the Rego Wasm runtime) live in scripts/build.d/*.mjs and run first, in name order.
const extra = join(root, 'scripts', 'build.d');
if (existsSync(extra)) {
  for (const f of readdirSync(extra).filter((f) => f.endsWith('.mjs')).sort()) run(process.execPath, [join(extra, f)]);
}
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
