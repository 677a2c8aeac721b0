// The bar of issue 16, measured: on models of the same shape as pytm's example web application
// (examples/pytm-shape) and Threagile's 14-asset example (examples/threagile-shape), at least 80 %
// of the derived threats come from a specific rule (not the generic STRIDE baseline), every threat
// proposes a control, and no Kubernetes-only control is proposed for a non-Kubernetes element. The
// starter model of `warden init` has no false critical.
import test from 'ava';
import { join } from 'node:path';
import { checkSource, loadModel } from '../../src/dsl/index.js';
import { formatDiagnostics } from '../../src/diagnostics/index.js';
import { generateThreats } from '../../src/threats/index.js';
import { buildLookup } from '../../src/threats/lookup.js';
import { fitsTarget, isKubernetesControl } from '../../src/threats/fit.js';
import type { ResolvedModel } from '../../src/model/types.js';
import type { ThreatRegister } from '../../src/threats/types.js';
import { STARTER_MODEL } from '../../src/cli/commands/init.js';
import { ROOT } from './library.js';

function run(model: ResolvedModel): ThreatRegister {
  const r = generateThreats(model, { today: '2026-11-22' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(formatDiagnostics(errors));
  return r.value;
}

function example(name: string): { model: ResolvedModel; register: ThreatRegister } {
  const loaded = loadModel(join('examples', name, 'model.warden'), { cwd: ROOT });
  if (!loaded.value) throw new Error(formatDiagnostics(loaded.diagnostics));
  return { model: loaded.value, register: run(loaded.value) };
}

for (const name of ['pytm-shape', 'threagile-shape']) {
  test(`${name}: at least 80 % of the threats are specific, each with a control that fits its target`, (t) => {
    const { model, register } = example(name);
    const specific = register.threats.filter((x) => !x.generic).length;
    const share = specific / register.threats.length;
    t.log(`${name}: ${specific} of ${register.threats.length} threats specific (${(share * 100).toFixed(1)} %)`);
    t.true(share >= 0.8, `only ${(share * 100).toFixed(1)} % specific`);
    t.true(register.threats.every((x) => x.generic === x.rule.startsWith('stride.')));
    const lookup = buildLookup(model);
    for (const th of register.threats) {
      t.true(th.controls.length > 0, `${th.id} ${th.rule} on ${th.target.id} proposes no control`);
      const target = th.target.kind === 'flow' ? lookup.flows.get(th.target.id)! : lookup.elements.get(th.target.id)!;
      for (const c of th.controls) t.true(fitsTarget(lookup, c, target, th.target.kind === 'flow'), `${c} proposed for ${th.target.id}`);
    }
  });
}

test('no Kubernetes-only control is proposed for an element outside Kubernetes', (t) => {
  const { model, register } = example('pytm-shape');
  const lookup = buildLookup(model);
  const proposed = register.threats.flatMap((x) => x.controls);
  t.false(proposed.some((c) => isKubernetesControl(lookup, c)), 'a K8S control on a model without Kubernetes');
  // readOnlyRootFilesystem is the example: never for a third-party model API.
  t.false(register.threats.some((x) => x.target.id === 'Assistant' && x.controls.includes('readOnlyRootFilesystem')));
});

test('the starter model: authentication on the incoming flow counts; no false critical on the ingress', (t) => {
  const loaded = checkSource(join(ROOT, 'starter.warden'), STARTER_MODEL, { cwd: ROOT });
  t.truthy(loaded.value, formatDiagnostics(loaded.diagnostics));
  const register = run(loaded.value!);
  const on = (target: string) => register.threats.filter((x) => x.target.id === target);
  // `flow Customer -> Gateway { authn oidc }`: the gateway authenticates its callers.
  t.false(register.threats.some((x) => x.rule === 'UnauthenticatedInternetService'));
  // An ingress controller forwards requests: application rules (injection, authorisation) are for the API behind it.
  t.deepEqual(on('Gateway').filter((x) => x.severity === 'critical').map((x) => x.rule), []);
  // The API behind the ingress is reached from the internet, and is authenticated through it.
  t.true(on('Api').some((x) => x.rule === 'InjectionFromInternet'));
  const share = register.threats.filter((x) => !x.generic).length / register.threats.length;
  t.log(`starter: ${(share * 100).toFixed(1)} % specific`);
});
