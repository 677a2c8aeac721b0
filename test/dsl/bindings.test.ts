// `workload` and `selector` strings: what `warden validate` accepts, `warden policy build` can use.
// The attack: `workload "-->deployment/x"` validated, then failed at build with WD4002; now both
// stages read the string with one function (src/model/bindings.ts) and report the same code.
import test from 'ava';
import fc from 'fast-check';
import { checkSource } from '../../src/dsl/index.js';
import { readWorkload } from '../../src/model/bindings.js';
import { generateThreats } from '../../src/threats/index.js';
import { derivePolicy } from '../../src/policy/index.js';
import { runCli } from '../helpers/cli.js';
import { fixture } from '../trace/fixture.js';

const model = (workload: string, selector?: string) =>
  `model "W" { owner "o" }\nuse "warden/kubernetes"\nboundary B { namespace "n" }\nworkload P in B { workload ${JSON.stringify(workload)}${selector !== undefined ? `  selector ${JSON.stringify(selector)}` : ''}  controls [nonRoot] }\n`;

const errorCodes = (workload: string, selector?: string) => {
  const r = checkSource('/v/m.warden', model(workload, selector), { cwd: '/v', projectRoot: '/v' });
  return { codes: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), r };
};

test('workload "-->deployment/x": validate rejects it with the code policy build gives, at the value', async (t) => {
  const cwd = fixture({ 'm.warden': model('-->deployment/x') });
  const v = await runCli(['validate', 'm.warden'], { cwd });
  t.is(v.code, 1);
  t.regex(v.stderr, /m\.warden:4:28: error WD4002: workload P: workload "-->deployment\/x": "-->deployment" is not a workload kind/);
  t.regex(v.stderr, /\n {4}\| {28}\^{17}\n/);
  const b = await runCli(['policy', 'build', 'm.warden', '-o', 'out'], { cwd });
  t.not(b.code, 0);
  t.regex(b.stderr, /WD4002/);
});

test('bad workloads and selectors are errors at validate: kind, shape, object name, namespace', (t) => {
  for (const w of ['x', 'deployment/', '/x', 'a/b/c/d', 'configmap/x', 'deployment/Api', 'deployment/a b', 'deployment/<img>', 'deployment/Bad_NS/x', 'deployment/-x']) {
    t.deepEqual(errorCodes(w).codes, ['WD4002'], w);
  }
  t.deepEqual(errorCodes('deployment/api', 'app in (a,b)').codes, ['WD4003']);
  for (const w of ['deployment/payments-api', 'Deployments/payments/api', 'sts/db.v2', 'cj/n-1/job']) t.deepEqual(errorCodes(w).codes, [], w);
});

test('property: a workload or selector that validates never fails policy derivation', (t) => {
  const piece = fc.stringMatching(/^[a-zA-Z0-9./_ <>=,-]{0,12}$/);
  const workload = fc.oneof(piece, fc.tuple(fc.constantFrom('deployment', 'sts', 'pod', 'configmap', '-->deployment'), piece).map(([k, n]) => `${k}/${n}`), fc.tuple(fc.constantFrom('job', 'ds'), piece, piece).map(([k, ns, n]) => `${k}/${ns}/${n}`));
  const selector = fc.option(piece, { nil: undefined });
  fc.assert(
    fc.property(workload, selector, (w, s) => {
      const { codes, r } = errorCodes(w, s);
      if (codes.length > 0) {
        // Rejected: and for the workload, exactly when the shared reader has a problem with it.
        return codes.includes('WD4002') === 'problem' in readWorkload(w);
      }
      const threats = generateThreats(r.value!, { today: '2026-11-22' });
      const derived = derivePolicy(r.value!, threats.value);
      return !derived.diagnostics.some((d) => d.severity === 'error');
    }),
    { numRuns: 300 },
  );
  t.pass();
});
