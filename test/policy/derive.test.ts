import test from 'ava';
import type { AttrValue, ResolvedModel } from '../../src/model/types.js';
import { derivePolicy, parseSelector, parseWorkload, readPackageMetadata, MAIN_MODULE_FILE } from '../../src/policy/index.js';
import { fixtureLibrary, testEngine } from '../check/fixtures/engine.js';
import { at, fixtureModel, fixtureRegister } from '../check/fixtures/model.js';

const library = fixtureLibrary();
const str = (value: string): AttrValue => ({ type: 'string', value });

function derive(model: ResolvedModel = fixtureModel(), register = fixtureRegister()) {
  return derivePolicy(model, register, { library });
}

test('workload and selector strings parse; bad ones do not', (t) => {
  t.deepEqual(parseWorkload('deployment/payments-api'), { kind: 'deployment', name: 'payments-api' });
  t.deepEqual(parseWorkload('Deployments/payments/api'), { kind: 'deployment', namespace: 'payments', name: 'api' });
  t.deepEqual(parseWorkload('sts/db'), { kind: 'statefulset', name: 'db' });
  t.is(parseWorkload('payments-api'), undefined);
  t.is(parseWorkload('configmap/x'), undefined);
  t.is(parseWorkload('deployment/'), undefined);
  t.deepEqual(parseSelector('app=payments, tier==api'), { app: 'payments', tier: 'api' });
  t.is(parseSelector('app in (a,b)'), undefined);
});

test('elements bind to workloads with the namespace of their boundary chain', (t) => {
  const model = fixtureModel();
  // A workload nested one boundary below Payments inherits its namespace.
  model.boundaries.push({ id: 'Inner', title: 'Inner', parent: 'Payments', trust: 'high', trustRank: 3, attributes: {}, source: at(7) });
  model.elements.push({ id: 'Cron', title: 'Cron', kind: 'workload', base: 'process', boundary: 'Inner', attributes: { workload: str('cronjob/reconcile') }, controls: [], source: at(60) });
  model.elements.push({ id: 'Elsewhere', title: 'E', kind: 'workload', base: 'process', boundary: 'Inner', attributes: { workload: str('job/other-ns/migrate') }, controls: [], source: at(61) });
  const r = derive(model);
  t.deepEqual(r.diagnostics, []);
  const els = r.value.data.warden.model.elements;
  t.like(els.Api, { namespace: 'payments', workload: { kind: 'deployment', name: 'payments-api' }, selector: {}, exposure: 'internal', binding: 'deployment/payments-api', line: 20 });
  t.like(els.Worker, { namespace: 'payments', workload: {}, selector: { app: 'worker' }, binding: 'selector app=worker' });
  t.like(els.Gateway, { namespace: 'ingress', exposure: 'internet' });
  t.like(els.Customer, { namespace: '', workload: {} });
  t.like(els.Cron, { namespace: 'payments', workload: { kind: 'cronjob', name: 'reconcile' } });
  t.like(els.Elsewhere, { namespace: 'other-ns' });
  t.deepEqual(r.value.data.warden.model.namespaces, { ingress: { boundary: 'Edge', internet: true }, payments: { boundary: 'Payments', internet: false } });
});

test('control arguments become data.warden.params per check; lists from several elements are merged', (t) => {
  const model = fixtureModel();
  model.elements.find((e) => e.id === 'Worker')!.controls[0].args = [{ type: 'list', items: [str('mcr.microsoft.com'), str('contoso.azurecr.io')] }];
  const r = derive(model);
  t.deepEqual(r.value.data.warden.params, { 'K8S-030': { registries: ['contoso.azurecr.io', 'mcr.microsoft.com'] } });
});

test('enforcement map: check -> element -> controls, threats and the model line of the control use', (t) => {
  const r = derive();
  const enforce = r.value.data.warden.enforce;
  t.deepEqual(Object.keys(enforce), ['K8S-001', 'K8S-030', 'K8S-070']);
  t.deepEqual(enforce['K8S-001'].Api, { controls: ['noPrivileged'], threats: ['TH-api00001'], file: 'test/check/fixtures/model.warden', line: 21 });
  t.deepEqual(enforce['K8S-001'].Gateway.threats, ['TH-gw000001']);
  t.deepEqual(enforce['K8S-030'].Api.threats, ['TH-api00001', 'TH-api00002']);
  // No candidate-control match for Worker: falls back to its threats in the control's STRIDE categories.
  t.deepEqual(enforce['K8S-030'].Worker.threats, ['TH-wk000001']);
  t.deepEqual(enforce['K8S-070'].Api.threats, ['TH-api00003']);
  // mtls names no policy: not enforced on manifests, not in the manifest's controls.
  t.false(r.value.manifest.controls.some((c) => c.control === 'mtls'));
  t.deepEqual(
    r.value.manifest.controls.map((c) => [c.control, c.checks, c.elements.map((e) => e.element)]),
    [
      ['internalOnly', ['K8S-070'], ['Api']],
      ['noPrivileged', ['K8S-001'], ['Gateway', 'Api']],
      ['trustedRegistry', ['K8S-030'], ['Api', 'Worker']],
    ],
  );
});

test('only checks the model promises are compiled, plus helpers, drift checks and the generated main', (t) => {
  const model = fixtureModel();
  const api = model.elements.find((e) => e.id === 'Api')!;
  api.controls = api.controls.filter((c) => c.control !== 'internalOnly');
  const files = derive(model).value.modules.map((m) => m.file);
  t.true(files.includes('policies/k8s/privileged.rego'));
  t.false(files.includes('policies/k8s/no_load_balancer.rego'));
  t.true(files.includes('policies/lib/k8s.rego'));
  t.true(files.includes('policies/model/undeclared_ingress.rego'));
  t.is(files[files.length - 1], MAIN_MODULE_FILE);
});

test('model problems are WD4xxx diagnostics with the model position', (t) => {
  const model = fixtureModel();
  model.controls.push({ id: 'ghostly', title: 'g', policies: ['K8S-999'], mitigates: [], phase: 'deploy', params: [], source: at(70) });
  model.elements.push({ id: 'Bad', title: 'b', kind: 'workload', base: 'process', attributes: { workload: str('payments-api'), selector: str('a in (b)') }, controls: [{ control: 'ghostly', args: [], source: at(81) }], source: at(80) });
  const r = derive(model);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.span.line]),
    [
      ['WD4002', 'error', 80],
      ['WD4003', 'error', 80],
      ['WD4001', 'warning', 70],
      ['WD4006', 'warning', 81],
    ],
  );
});

test('derivation is deterministic', (t) => {
  const a = derive();
  const b = derive();
  t.is(JSON.stringify(a.value.data), JSON.stringify(b.value.data));
  t.deepEqual(a.value.modules, b.value.modules);
  t.is(JSON.stringify(a.value.manifest), JSON.stringify(b.value.manifest));
});

const EVIL = 'x" }\n}\npackage evil\ndeny contains 1 if { true } # \u2028 \\ "';

test('model strings never reach Rego source as code (quotes, newlines, braces, #)', async (t) => {
  const model = fixtureModel();
  model.model.name = EVIL;
  for (const e of model.elements) e.title = EVIL;
  const register = fixtureRegister();
  register.threats[0].id = `TH-${EVIL}`;
  model.elements.find((e) => e.id === 'Api')!.controls[1].args = [str(EVIL)];
  const r = derive(model, register);
  const main = r.value.modules.find((m) => m.file === MAIN_MODULE_FILE)!.source;
  // Every line mentioning the payload is a comment, and the payload stays on one line.
  for (const line of main.split('\n')) if (line.includes('package evil') || line.includes('x\\"')) t.true(line.startsWith('#'), line);
  t.false(main.includes('\npackage evil'));
  t.false(main.includes('\u2028'));
  // The METADATA still reads back to the exact string.
  const meta = readPackageMetadata(main).metadata as { custom: { model: string; threats: string[] } };
  t.is(meta.custom.model, EVIL);
  t.true(meta.custom.threats.includes(`TH-${EVIL}`));
  // The string travels as data.
  t.deepEqual(r.value.data.warden.params['K8S-030'].registries, ['contoso.azurecr.io', EVIL]);
  // And the generated package compiles with exactly one `package` statement.
  t.is(main.split('\n').filter((l) => l.startsWith('package ')).length, 1);
  const compiled = await testEngine().compile(r.value.modules, r.value.entrypoints);
  t.deepEqual(
    compiled.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  t.truthy(compiled.value?.wasm.length);
});
