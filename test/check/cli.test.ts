import test from 'ava';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { golden } from './golden.js';

// Same tests through the reference compiler: WARDEN_TEST_ENGINE=opa npx ava test/check/cli.test.ts
const env: Record<string, string> = process.env.WARDEN_TEST_ENGINE === 'opa' ? { WARDEN_POLICY_ENGINE: 'opa:/root/go/bin/opa' } : {};
const MODEL = 'test/check/fixtures/cli/model.warden';
const DIR = 'test/check/fixtures/cli/manifests';
const TODAY = ['--today', '2026-11-22'];

test('violations: text report grouped by resource with threats and model lines (golden); exit 1', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/violations/workloads.yaml`, ...TODAY], { env });
  t.is(r.code, 1, r.stderr);
  golden(t, 'test/check/golden/cli-violations.txt', r.stdout);
});

test('a malformed document is reported with file:line, the rest is still checked; exit 2', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/violations`, ...TODAY, '--format', 'json'], { env });
  t.is(r.code, 2);
  t.regex(r.stderr, /violations\/network\.yaml:16:7: error WD5001: malformed YAML document \(document 3\)/);
  const report = JSON.parse(r.stdout);
  const ids = report.findings.map((f: { check: string }) => f.check);
  for (const id of ['K8S-008', 'K8S-030', 'WD-DRIFT-001', 'WD-DRIFT-003', 'WD-DRIFT-004', 'WD-DRIFT-005']) t.true(ids.includes(id), id);
  // The document after the malformed one was loaded and checked.
  t.true(report.findings.some((f: { resource?: { name: string } }) => f.resource?.name === 'anyone-to-api'));
});

test('SARIF for the violations (golden) and an empty results array for the clean set; exit 0', async (t) => {
  const bad = await runCli(['check', MODEL, `${DIR}/violations/workloads.yaml`, ...TODAY, '--format', 'sarif'], { env });
  t.is(bad.code, 1);
  golden(t, 'test/check/golden/cli-violations.sarif', bad.stdout);
  const clean = await runCli(['check', MODEL, `${DIR}/clean`, ...TODAY, '--format', 'sarif'], { env });
  t.is(clean.code, 0, clean.stderr);
  const log = JSON.parse(clean.stdout);
  t.deepEqual(log.runs[0].results, []);
  t.true(log.runs[0].tool.driver.rules.length > 5);
});

test('stdin (-): helm template output is checked, Helm sources kept', async (t) => {
  const stdin = readFileSync(`${DIR}/violations/workloads.yaml`, 'utf8');
  const r = await runCli(['check', MODEL, '-', ...TODAY, '--format', 'json'], { env, stdin });
  t.is(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const priv = report.findings.find((f: { check: string }) => f.check === 'K8S-008');
  t.like(priv.location, { file: '<stdin>', line: 18, column: 13, template: 'payments/templates/api.yaml' });
  t.deepEqual(report.files, ['<stdin>']);
});

test('--fail-on: only open findings at or above it fail the run', async (t) => {
  const high = await runCli(['check', MODEL, `${DIR}/violations/workloads.yaml`, ...TODAY, '--fail-on', 'critical', '-q'], { env });
  t.is(high.code, 1); // K8S-008 is critical
  const gw = await runCli(['check', MODEL, `${DIR}/clean`, ...TODAY, '--fail-on', 'critical', '-q'], { env });
  t.is(gw.code, 0);
});

test('junit and github formats, and -o writes to a file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-check-'));
  const out = join(dir, 'report.xml');
  const r = await runCli(['check', MODEL, `${DIR}/violations/workloads.yaml`, ...TODAY, '--format', 'junit', '-o', out], { env });
  t.is(r.code, 1);
  t.is(r.stdout, '');
  const xml = readFileSync(out, 'utf8');
  t.regex(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  t.regex(xml, /<testsuite name="K8S-008: Containers must not run privileged" tests="1" failures="1"/);
  const gh = await runCli(['check', MODEL, `${DIR}/violations/workloads.yaml`, ...TODAY, '--format', 'github'], { env });
  t.regex(gh.stdout, /^::error file=test\/check\/fixtures\/cli\/manifests\/violations\/workloads\.yaml,line=18,col=13,title=K8S-008 Containers must not run privileged::/m);
  t.regex(gh.stdout, /^::notice file=[^\n]*title=K8S-030 [^\n]*\(waived\)::/m);
});

test('usage and input errors exit 2 with a one-line message', async (t) => {
  t.is((await runCli(['check', MODEL], { env })).code, 2);
  const badFail = await runCli(['check', MODEL, DIR, '--fail-on', 'urgent'], { env });
  t.is(badFail.code, 2);
  t.regex(badFail.stderr, /--fail-on must be one of low, medium, high, critical/);
  const missing = await runCli(['check', MODEL, 'no/such/dir', ...TODAY], { env });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /WD5006: cannot read "no\/such\/dir"/);
  const noModel = await runCli(['check', 'no-model.warden', DIR], { env });
  t.is(noModel.code, 2);
  t.notRegex(noModel.stderr, /at .*\.ts:\d+/); // no stack trace
});

test('policy build writes policy.wasm, data.json, sources and manifest.json, byte-identical twice', async (t) => {
  const a = mkdtempSync(join(tmpdir(), 'warden-policy-'));
  const b = mkdtempSync(join(tmpdir(), 'warden-policy-'));
  const ra = await runCli(['policy', 'build', MODEL, '-o', a], { env });
  t.is(ra.code, 0, ra.stderr);
  t.is((await runCli(['policy', 'build', MODEL, '-o', b], { env })).code, 0);
  const list = (d: string, sub = ''): string[] =>
    readdirSync(join(d, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(d, join(sub, e.name)) : [join(sub, e.name)])).sort();
  const files = list(a);
  t.deepEqual(files, list(b));
  for (const f of ['policy.wasm', 'data.json', 'manifest.json', 'policies/generated/warden/main.rego', 'policies/k8s/privileged.rego', 'policies/model/bindings.rego']) t.true(files.includes(f), f);
  for (const f of files) t.true(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f);
  const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
  t.deepEqual(manifest.entrypoints, ['warden/main/findings']);
  const tr = manifest.controls.find((c: { control: string }) => c.control === 'trustedRegistry');
  t.deepEqual(tr.checks, ['K8S-030']);
  t.deepEqual(
    tr.elements.map((e: { element: string; line: number }) => [e.element, e.line]),
    [['Api', 21]],
  );
  const data = JSON.parse(readFileSync(join(a, 'data.json'), 'utf8'));
  t.deepEqual(data.warden.params, { 'K8S-030': { registries: ['contoso.azurecr.io'] } });
  t.is(readFileSync(join(a, 'policy.wasm')).subarray(0, 4).toString('hex'), '0061736d'); // \0asm
});
