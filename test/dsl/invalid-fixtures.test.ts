// Golden diagnostics for every malformed model in test/fixtures/invalid/<name>.warden: the expected
// output is <name>.expected.txt (diagnostics as printed by `warden validate`, with excerpts).
// Regenerate after an intended change with:  UPDATE_GOLDEN=1 npx ava test/dsl/invalid-fixtures.test.ts
import test from 'ava';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostics } from '../../src/diagnostics/index.js';
import { loadModel } from '../../src/dsl/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'test', 'fixtures', 'invalid');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.warden'))
  .map((f) => f.slice(0, -'.warden'.length))
  .sort();

test('there are at least 40 invalid fixtures', (t) => {
  t.true(names.length >= 40, `only ${names.length} fixtures`);
});

for (const name of names) {
  test(`invalid/${name}`, (t) => {
    const file = `test/fixtures/invalid/${name}.warden`;
    // Only the base kinds as prelude: goldens must not change when the threat or control library does.
    const r = loadModel(file, { cwd: root, prelude: 'warden/base' });
    t.is(r.value, undefined, 'a malformed model must not resolve');
    t.true(r.diagnostics.some((d) => d.severity === 'error'), 'at least one error');
    const got = formatDiagnostics(r.diagnostics, { sources: r.sources }) + '\n';
    const golden = join(dir, `${name}.expected.txt`);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
      writeFileSync(golden, got);
      if (!process.env.UPDATE_GOLDEN) t.fail(`wrote missing golden ${golden}; review it and rerun`);
      else t.pass();
      return;
    }
    t.is(got, readFileSync(golden, 'utf8'));
  });
}
