import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseManifests, preparePolicy, runCheck, type CheckReport, type ManifestSet } from '../../src/check/index.js';
import type { Waiver } from '../../src/model/types.js';
import { fixtureLibrary, testEngine } from './fixtures/engine.js';
import { at, fixtureModel, fixtureRegister } from './fixtures/model.js';

const MANIFEST = 'test/check/fixtures/manifests/cluster.yaml';
const library = fixtureLibrary();
const register = fixtureRegister();

// Compile once (waivers do not change the bundle); each test evaluates.
const prepared = preparePolicy(fixtureModel(), register, { engine: testEngine(), library });

async function check(opts: { waivers?: Waiver[]; failOn?: 'low' | 'medium' | 'high' | 'critical'; manifests?: ManifestSet | string[]; ignoreAnnotations?: boolean } = {}): Promise<CheckReport> {
  const p = await prepared;
  if (!p.value) throw new Error(`policy did not compile: ${JSON.stringify(p.diagnostics)}`);
  const r = await runCheck({
    model: fixtureModel({ waivers: opts.waivers ?? [] }),
    register,
    manifests: opts.manifests ?? [MANIFEST],
    compiled: p.value,
    today: '2026-11-22',
    ...(opts.failOn ? { failOn: opts.failOn } : {}),
    ...(opts.ignoreAnnotations === false ? { ignoreAnnotations: false } : {}),
  });
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

const row = (f: CheckReport['findings'][number]) => [f.check, f.location?.line ?? null, f.location?.column ?? null, f.element ?? null, f.threats.join(' '), f.model?.line ?? null, f.suppressed?.kind ?? null];

test('findings carry position, element, threats and model line; only promised checks on described resources', async (t) => {
  const report = await check();
  t.deepEqual(report.findings.map(row), [
    ['WD-DRIFT-002', 24, 3, 'Api', '', 41, null],
    ['K8S-030', 33, 11, 'Api', 'TH-api00001 TH-api00002', 22, null],
    ['K8S-001', 35, 13, 'Api', 'TH-api00001', 21, null],
    ['WD-DRIFT-002', 40, 3, 'Worker', 'TH-fl000002', 42, null],
    ['K8S-030', 51, 11, 'Worker', 'TH-wk000001', 31, 'annotation'],
    ['K8S-070', 59, 3, 'Api', 'TH-api00003', 23, null],
    ['WD-DRIFT-004', 59, 3, null, '', 5, null],
    ['WD-DRIFT-001', 81, 11, 'Api', 'TH-api00001 TH-api00002 TH-api00003', 20, null],
    ['WD-DRIFT-005', 87, 3, null, '', null, null],
    ['WD-DRIFT-003', null, null, null, '', 6, null],
  ]);
  // debug-shell is privileged but no element describes it: only the drift check speaks about it.
  t.false(report.findings.some((f) => f.check === 'K8S-001' && f.resource?.name === 'debug-shell'));
  const api = report.findings.find((f) => f.check === 'K8S-001')!;
  t.like(api, { severity: 'high', title: 'Privileged container', controls: ['noPrivileged'], location: { file: MANIFEST, template: 'payments/templates/api.yaml', exact: true } });
  t.deepEqual(api.resource, { index: 2, kind: 'Deployment', namespace: 'payments', name: 'payments-api', label: 'Deployment payments/payments-api' });
  t.like(report.summary, { resources: 8, findings: 10, open: 9, suppressed: 1, failing: 9 });
});

test('the annotation ignore is reported, flagged, and does not fail the run', async (t) => {
  const report = await check();
  const f = report.findings.find((x) => x.suppressed)!;
  t.like(f.suppressed, { kind: 'annotation', file: MANIFEST, line: 43 });
});

test('with ignoreAnnotations false (--no-ignore-annotations) the annotation suppresses nothing: the finding is open and fails the run, a located WD5019 says why', async (t) => {
  const honoured = await check();
  const report = await check({ ignoreAnnotations: false });
  const f = report.findings.find((x) => x.check === 'K8S-030' && x.resource?.name === 'payments-worker')!;
  t.is(f.suppressed, undefined);
  t.like(report.summary, { findings: honoured.summary.findings, open: honoured.summary.open + 1, suppressed: 0, failing: honoured.summary.failing + 1 });
  const d = report.diagnostics.filter((x) => x.code === 'WD5019');
  t.is(d.length, 1);
  t.like(d[0], { severity: 'warning', file: MANIFEST, span: { line: 43, column: 5 }, message: 'warden.dev/ignore on statefulset/payments-worker is not honoured (--no-ignore-annotations): K8S-030 stays open' });
  t.false(honoured.diagnostics.some((x) => x.code === 'WD5019'));
});

test('waivers suppress; expired ones are findings and suppress nothing; unused and malformed ones are diagnosed', async (t) => {
  const report = await check({
    waivers: [
      { check: 'K8S-070', resource: 'svc/payments/payments-api', owner: 'net', until: '2027-01-01', reason: 'migrating to the gateway', source: at(90) },
      { check: 'K8S-001', resource: 'deployment/payments-api', owner: 'sec', until: '2026-11-21', reason: 'legacy', source: at(91) },
      { check: 'K8S-030', resource: 'deployment/other/payments-api', owner: 'x', until: '2027-01-01', reason: 'wrong namespace', source: at(92) },
      { check: 'K8S-030', resource: 'payments-api', owner: 'x', until: '2027-01-01', reason: 'no kind', source: at(93) },
      { check: 'WD-DRIFT-003', resource: 'namespace/ingress', owner: 'x', until: '2026-11-22', reason: 'expires today: still valid', source: at(94) },
    ],
  });
  const lb = report.findings.find((f) => f.check === 'K8S-070')!;
  t.like(lb.suppressed, { kind: 'waiver', owner: 'net', until: '2027-01-01', line: 90 });
  t.falsy(report.findings.find((f) => f.check === 'K8S-001')!.suppressed);
  const expired = report.findings.filter((f) => f.check === 'WD-WAIVER-001');
  t.is(expired.length, 1);
  t.like(expired[0], { severity: 'high', model: { line: 91 } });
  t.deepEqual(
    report.diagnostics.map((d) => [d.code, d.span.line]),
    [
      ['WD5011', 92],
      ['WD5010', 93],
      ['WD5011', 94], // namespace-level drift findings have no resource when the Namespace object is absent
    ],
  );
});

test('--fail-on counts only open findings at or above the threshold', async (t) => {
  t.is((await check({ failOn: 'high' })).summary.failing, 4);
  t.is((await check({ failOn: 'critical' })).summary.failing, 0);
});

test('fingerprints survive line moves; positions follow', async (t) => {
  const text = readFileSync(MANIFEST, 'utf8');
  const shifted: ManifestSet = { files: [MANIFEST], resources: parseManifests(MANIFEST, `# moved\n\n\n${text}`).value };
  const a = await check();
  const b = await check({ manifests: shifted });
  t.deepEqual(
    a.findings.map((f) => f.fingerprint),
    b.findings.map((f) => f.fingerprint),
  );
  t.is(b.findings[1].location!.line, a.findings[1].location!.line + 3);
  t.is(new Set(a.findings.map((f) => f.fingerprint)).size, a.findings.length);
});

test('a clean manifest set has no findings', async (t) => {
  const clean = `apiVersion: apps/v1
kind: Deployment
metadata: {name: gateway, namespace: ingress}
spec:
  template:
    metadata: {labels: {app: gateway}}
    spec:
      containers: [{name: envoy, image: contoso.azurecr.io/envoy:1}]
---
kind: NetworkPolicy
metadata: {name: deny, namespace: ingress}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
kind: NetworkPolicy
metadata: {name: allow-customers, namespace: ingress}
spec:
  podSelector: {matchLabels: {app: gateway}}
  ingress: [{}]
`;
  const report = await check({ manifests: { files: ['clean.yaml'], resources: parseManifests('clean.yaml', clean).value } });
  t.deepEqual(report.findings.map(row), []);
  t.is(report.summary.failing, 0);
});
