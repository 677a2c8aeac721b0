// The workflow and Dockerfile checks (policies/pipeline) through Warden's own Rego compiler: every
// test_ rule passes, as it does under `opa test policies/lib policies/pipeline`.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRegoTests } from '../../../src/rego/index.js';
import { findOpa } from '../../rego/harness/opa-binary.js';

const root = join(import.meta.dirname, '..', '..', '..');
const runtimeBuilt = existsSync(join(root, 'dist', 'rego-runtime.wasm'));
if (!runtimeBuilt) console.log('check/sources/policies.test.ts: dist/rego-runtime.wasm missing (run npm run build); skipping');

/** lib (without its Kubernetes-only tests) and pipeline modules, tests included. */
function modules(): Array<{ file: string; source: string }> {
  const take = (dir: string, keep: (f: string) => boolean) =>
    readdirSync(join(root, 'policies', dir))
      .filter((f) => f.endsWith('.rego') && keep(f))
      .sort()
      .map((f) => ({ file: `policies/${dir}/${f}`, source: readFileSync(join(root, 'policies', dir, f), 'utf8') }));
  return [...take('lib', (f) => !f.endsWith('_test.rego') || f.startsWith('pipeline')), ...take('pipeline', () => true)];
}

(runtimeBuilt ? test : test.skip)('every test_ rule of policies/pipeline passes under warden rego test', async (t) => {
  const { results, diagnostics } = await runRegoTests(modules());
  t.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.span.line} ${d.code} ${d.message}`), []);
  t.deepEqual(results.filter((r) => !r.pass).map((r) => `${r.package}.${r.name}${r.error ? `: ${r.error}` : ''}`), []);
  const checks = readdirSync(join(root, 'policies', 'pipeline')).filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'));
  t.true(results.length >= 2 * checks.length, `${results.length} tests for ${checks.length} checks`);
});

test('every pipeline check has complete METADATA and emits its own id and severity', (t) => {
  for (const f of readdirSync(join(root, 'policies', 'pipeline')).filter((x) => x.endsWith('.rego') && !x.endsWith('_test.rego'))) {
    const text = readFileSync(join(root, 'policies', 'pipeline', f), 'utf8');
    const id = /^#\s+id:\s+((?:GHA|DKR|AZ)-\d{3})$/m.exec(text)?.[1];
    const severity = /^#\s+severity:\s+(\w+)$/m.exec(text)?.[1];
    t.truthy(id, `${f}: id`);
    t.regex(text, new RegExp(`^package warden\\.checks\\.${f.replace(/\.rego$/, '')}$`, 'm'), `${f}: package`);
    t.regex(text, /^#\s+stride: \[[STRIDE, ]+\]$/m, `${f}: stride`);
    t.regex(text, /^#\s+remediation: /m, `${f}: remediation`);
    for (const m of text.matchAll(/k8s\.finding\("([^"]+)", "([^"]+)"/g)) t.deepEqual([m[1], m[2]], [id, severity], f);
    t.true(existsSync(join(root, 'policies', 'pipeline', f.replace(/\.rego$/, '_test.rego'))), `${f}: test file`);
  }
});

const opa = findOpa();
if (!opa.path) console.log(`check/sources/policies.test.ts: ${opa.reason}; skipping the opa run`);
(opa.path ? test : test.skip)('opa test agrees: every test_ rule of policies/pipeline passes', (t) => {
  const files = modules().map((m) => join(root, m.file));
  const run = spawnSync(opa.path!, ['test', ...files], { encoding: 'utf8' });
  t.is(run.status, 0, run.stdout + run.stderr);
});
