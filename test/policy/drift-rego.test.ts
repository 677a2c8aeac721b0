// The drift checks' own Rego tests (policies/model/*_test.rego): through Warden's `rego test`
// (runRegoTests), and through the reference `opa test` when it is installed.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRegoTests } from '../../src/rego/index.js';

const DIR = 'policies/model';
const modules = readdirSync(DIR)
  .filter((f) => f.endsWith('.rego'))
  .sort()
  .map((f) => ({ file: join(DIR, f), source: readFileSync(join(DIR, f), 'utf8') }));

test('every drift check has METADATA with id, severity and STRIDE, and a test', (t) => {
  const checks = modules.filter((m) => /^#\s+id: WD-DRIFT-\d{3}$/m.test(m.source));
  t.is(checks.length, 6);
  const tests = modules.find((m) => m.file.endsWith('drift_test.rego'))!.source;
  for (const m of checks) {
    t.regex(m.source, /^#\s+severity: (low|medium|high|critical)$/m, m.file);
    t.regex(m.source, /^#\s+stride: \[[STRIDE, ]+\]$/m, m.file);
    const pkg = /^package warden\.model\.(\w+)$/m.exec(m.source)![1];
    t.true(tests.includes(`${pkg}.deny`), `${pkg} is tested`);
  }
});

test('drift Rego tests pass under warden rego test', async (t) => {
  const r = await runRegoTests(modules);
  t.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  t.true(r.results.length >= 14);
  t.deepEqual(
    r.results.filter((x) => !x.pass).map((x) => `${x.name}: ${x.error ?? 'false'}`),
    [],
  );
});

const opa =
  ['/root/go/bin/opa', '/usr/local/bin/opa', '/usr/bin/opa'].find((p) => existsSync(p)) ??
  (process.env.PATH ?? '')
    .split(':')
    .map((d) => join(d, 'opa'))
    .find((p) => existsSync(p));

test('drift Rego tests pass under opa test (reference)', (t) => {
  if (!opa) {
    t.log('skipped: no opa binary on this machine (the warden rego test above still ran)');
    t.pass();
    return;
  }
  const out = execFileSync(opa, ['test', DIR], { encoding: 'utf8' });
  t.regex(out, /PASS: (\d+)\/\1/);
});
