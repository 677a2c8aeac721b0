// The standard library and the shipped examples: every library file and example loads with no
// errors through the real prelude (kinds, controls and threat rules), and examples only apply
// controls from the canonical list (docs/contracts/controls.md).
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/dsl/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const errors = (file: string) => {
  const r = loadModel(file, { cwd: root });
  return { r, errs: r.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.file}:${d.span.line}:${d.span.column} ${d.code} ${d.message}`) };
};

for (const name of ['base', 'kubernetes', 'azure', 'std']) {
  test(`models/warden/${name}.warden loads cleanly`, (t) => {
    t.deepEqual(errors(`models/warden/${name}.warden`).errs, []);
  });
}

const canonical = new Set(
  readFileSync(root + 'docs/contracts/controls.md', 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#') && !l.startsWith('Defined') && !l.startsWith('Threat'))
    .join(' ')
    .replace(/\([^)]*\)/g, '')
    .split(/[,\s]+/)
    .filter((w) => /^[a-z][A-Za-z]+$/.test(w)),
);

for (const ex of readdirSync(root + 'examples').sort()) {
  test(`examples/${ex} validates and uses canonical controls`, (t) => {
    const { r, errs } = errors(`examples/${ex}/model.warden`);
    t.deepEqual(errs, []);
    const used = new Set([...r.value!.elements, ...r.value!.flows].flatMap((e) => e.controls.map((c) => c.control)));
    for (const m of r.value!.mitigations) if (m.control) used.add(m.control);
    for (const c of used) t.true(canonical.has(c), `${c} is not in docs/contracts/controls.md`);
  });
}

test('the reference example covers the architecture', (t) => {
  const m = loadModel('examples/aks-devsecops/model.warden', { cwd: root }).value!;
  const kinds = new Set(m.elements.map((e) => e.kind));
  for (const k of ['identityProvider', 'repository', 'pipeline', 'containerRegistry', 'aksCluster', 'appGateway', 'workload', 'ingress', 'cosmosDb', 'keyVault', 'logAnalytics', 'monitor', 'defender', 'developer', 'user'])
    t.true(kinds.has(k), `missing a ${k}`);
  t.deepEqual(
    m.boundaries.filter((b) => b.namespace).map((b) => b.namespace),
    ['ingress', 'payments', 'monitoring'],
  );
  t.true(m.elements.filter((e) => e.attributes.workload).length >= 4);
  t.true(m.acceptances.length >= 1 && m.mitigations.length >= 1 && m.notApplicable.length >= 1 && m.waivers.length >= 1);
  t.true(m.rules.length > 0, 'threat rules come in through the prelude');
  const api = m.elements.find((e) => e.id === 'Api')!;
  t.deepEqual(api.controls.find((c) => c.control === 'trustedRegistry')!.args, [{ type: 'list', items: [{ type: 'string', value: 'contoso.azurecr.io' }] }]);
});
