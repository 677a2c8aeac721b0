// `warden check` evaluates a library check in chunks of the input when the check says it judges
// each resource by itself (no `admission` mode in its METADATA: the claim the Gatekeeper export
// relies on too), or by itself and the resources of a few kinds (`context`). A check that makes
// the claim wrongly would report a different set of findings in chunks than on the whole input, so
// every such check is held to it here: on every manifest set of the repository and on a set built
// to relate resources to each other, its rows on the whole input are exactly the union of its rows
// on each resource alone (with its context, in input order; index made absolute).
import test from 'ava';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests, type ManifestResource } from '../../src/check/index.js';
import { evaluateFindings, policyInput, withContextIndices, withoutPodSpec } from '../../src/check/evaluate.js';
import { judgesEachResource, scopeOf, splitFindings } from '../../src/check/findings-parts.js';
import { loadLibrary, type CheckInfo } from '../../src/policy/library.js';
import { derivePolicy } from '../../src/policy/derive.js';
import { loadModelWithThreats } from '../../src/check/model-input.js';
import { compileRego, loadPolicy } from '../../src/rego/index.js';
import { FINDINGS_ENTRYPOINT } from '../../src/policy/derive.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every directory of the repository's manifest fixtures and examples (YAML/JSON), plus the related set. */
const SETS = [
  'examples/aks-devsecops/manifests/clean',
  'examples/aks-devsecops/manifests/violations',
  'examples/aks-devsecops/pipeline/clean',
  'examples/aks-devsecops/pipeline/violations',
  'test/fixtures/peer-shapes',
  'test/check/fixtures/modelless',
  'test/check/fixtures/cli/manifests',
  'test/check/fixtures/manifests',
  'test/check/fixtures/per-resource',
];

const library = loadLibrary().value;
const claimed = [...library.checks.values()].filter(judgesEachResource).sort((a, b) => (a.id < b.id ? -1 : 1));

const withContext = [...library.checks.values()].flatMap((c) => {
  const s = scopeOf(c);
  return s.scope === 'context' ? [{ check: c, kinds: new Set(s.kinds) }] : [];
});

/** The example model's data document, for the drift checks (they read the model). */
function modelData(): object {
  const input = loadModelWithThreats(join(root, 'examples/aks-devsecops/model.warden'));
  return derivePolicy(input.model!, input.register!, { library }).value.data;
}

/** The rows of `checks` on a set of resources (as JSON bytes, or resources), as a function. */
async function rowsOf(checks: ReadonlyArray<Pick<CheckInfo, 'package' | 'id' | 'family'>>, data: object = {}) {
  const probe = {
    file: 'probe.rego',
    source: ['package probe', '', ...checks.map((c) => `rows contains r if {\n\tsome r in data.${c.package}.deny\n}\n`)].join('\n'),
  };
  const own = checks.some((c) => c.family === 'drift') ? library.driftModules : [];
  const modules = [...library.libModules, ...own, ...checks.flatMap((c) => (c.family === 'library' ? [library.checkModules.get(c.id)!] : [])), probe];
  const compiled = compileRego(modules.map((m) => ({ file: m.file, source: m.source })), { entrypoints: ['probe/rows'], hostExactNumbers: false });
  if (!compiled.value) throw new Error(compiled.diagnostics.map((d) => `${d.file}:${d.span.line} ${d.message}`).join('\n'));
  const policy = await loadPolicy(compiled.value.wasm);
  policy.setData(data);
  return (resources: readonly ManifestResource[] | ArrayBuffer) =>
    (policy.evaluate(resources instanceof ArrayBuffer ? resources : policyInput(resources), 0)[0]?.result ?? []) as Array<{ check: string; resource: number }>;
}

async function manifestSets() {
  // loadManifests walks each directory as `warden check` does (YAML, JSON, Dockerfiles)
  return Promise.all(SETS.map(async (dir) => ({ dir, resources: (await loadManifests([join(root, dir)], { cwd: root })).value.resources })));
}

/** Rows only on one side, by check: whole-input rows against the union of `alone(i)` over resources. */
function mismatches(dir: string, whole: Array<{ resource: number }>, alone: Array<{ resource: number }>, into: Map<string, string[]>): void {
  const key = (r: unknown) => JSON.stringify(r);
  const w = new Set(whole.map(key));
  const a = new Set(alone.map(key));
  for (const k of new Set([...w, ...a])) {
    if (w.has(k) && a.has(k)) continue;
    const check = (JSON.parse(k) as { check: string }).check;
    into.set(check, [...(into.get(check) ?? []), `${dir}: ${w.has(k) ? 'only on the whole input' : 'only resource by resource'}: ${k.slice(0, 200)}`]);
  }
}

test('library checks without an admission mode judge each resource by itself', async (t) => {
  t.true(claimed.length > 40, 'most library checks make the claim');
  const rows = await rowsOf(claimed);
  const mismatched = new Map<string, string[]>();
  let resources = 0;
  for (const { dir, resources: set } of await manifestSets()) {
    resources += set.length;
    mismatches(dir, rows(set), set.flatMap((r, i) => rows([r]).map((row) => ({ ...row, resource: row.resource + i }))), mismatched);
  }
  t.true(resources > 200, `${resources} resources`);
  t.deepEqual([...mismatched.entries()].map(([id, why]) => `${id}: ${why[0]} (${why.length} rows)`), []);
});

test('drift checks with per_resource: true judge each resource by itself (with the model)', async (t) => {
  const drift = [...library.checks.values()].filter((c) => c.family === 'drift' && judgesEachResource(c));
  t.deepEqual(drift.map((c) => c.id).sort(), ['WD-DRIFT-004', 'WD-DRIFT-005']);
  const rows = await rowsOf(drift, modelData());
  const mismatched = new Map<string, string[]>();
  let found = 0;
  for (const { dir, resources: set } of await manifestSets()) {
    const whole = rows(set);
    found += whole.length;
    mismatches(dir, whole, set.flatMap((r, i) => rows([r]).map((row) => ({ ...row, resource: row.resource + i }))), mismatched);
  }
  t.true(found > 20, `${found} rows`);
  t.deepEqual([...mismatched.entries()].map(([id, why]) => `${id}: ${why[0]} (${why.length} rows)`), []);
});

test('checks with pod_spec: false find the same without workloads\' pod specs and ConfigMap and Secret payloads', async (t) => {
  const claims = [...library.checks.values()].filter((c) => c.readsPodSpec === false);
  t.true(claims.length >= 7, claims.map((c) => c.id).join(' '));
  const mismatched = new Map<string, string[]>();
  let found = 0;
  for (const family of ['library', 'drift'] as const) {
    const rows = await rowsOf(claims.filter((c) => c.family === family), family === 'drift' ? modelData() : {});
    for (const { dir, resources: set } of await manifestSets()) {
      const whole = rows(set);
      found += whole.length;
      mismatches(dir, whole, rows(policyInput(set, withoutPodSpec)), mismatched);
    }
  }
  t.true(found > 20, `${found} rows`);
  t.deepEqual([...mismatched.entries()].map(([id, why]) => `${id}: ${why[0]} (${why.length} rows)`), []);
});

test('withoutPodSpec empties the pod spec of each workload kind and leaves the rest', (t) => {
  const containers = [{ name: 'a', image: 'x' }];
  t.deepEqual(withoutPodSpec({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers } }), { kind: 'Pod', metadata: { name: 'p' }, spec: {} });
  t.deepEqual(withoutPodSpec({ kind: 'Deployment', spec: { replicas: 2, template: { metadata: { labels: { a: 'b' } }, spec: { containers } } } }), {
    kind: 'Deployment',
    spec: { replicas: 2, template: { metadata: { labels: { a: 'b' } }, spec: {} } },
  });
  t.deepEqual(withoutPodSpec({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers } } } } } }), { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: {} } } } } });
  const service = { kind: 'Service', spec: { template: { spec: 1 } } };
  t.is(withoutPodSpec(service), service);
  const cm = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' }, binaryData: { z: 'AA==' }, immutable: true };
  t.deepEqual(withoutPodSpec(cm), { kind: 'ConfigMap', metadata: { name: 'c' }, immutable: true });
  t.deepEqual(cm.data, { a: 'b' }, 'the resource itself is left as it was');
  t.deepEqual(withoutPodSpec({ kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { p: 'cA==' }, stringData: { q: 'r' } }), { kind: 'Secret', metadata: { name: 's' }, type: 'Opaque' });
  const empty = { kind: 'ConfigMap', metadata: { name: 'e' } };
  t.is(withoutPodSpec(empty), empty);
  t.deepEqual(withoutPodSpec({ kind: 'Deployment', spec: 'odd' }), { kind: 'Deployment', spec: 'odd' });
});

test('library checks with a context judge each resource by itself and the resources of those kinds', async (t) => {
  t.deepEqual(withContext.map((c) => c.check.id).sort(), ['K8S-026', 'K8S-054', 'K8S-065', 'K8S-070', 'K8S-073']);
  const mismatched = new Map<string, string[]>();
  for (const { check, kinds } of withContext) {
    const rows = await rowsOf([check]);
    for (const { dir, resources: set } of await manifestSets()) {
      const context = set.flatMap((r, i) => (kinds.has(r.kind) ? [i] : []));
      const alone = set.flatMap((_, i) => {
        const indices = withContextIndices(i, 1, context);
        return rows(indices.map((k) => set[k]!)).flatMap((row) => (indices[row.resource] === i ? [{ ...row, resource: i }] : []));
      });
      mismatches(dir, rows(set), alone, mismatched);
    }
  }
  t.deepEqual([...mismatched.entries()].map(([id, why]) => `${id}: ${why[0]} (${why.length} rows)`), []);
});

test('the findings split by scope: claimed checks in the chunked part, the others and drift on the whole input', (t) => {
  const source = [
    'package warden.main',
    '',
    '# METADATA',
    '# custom:',
    '#   check: "K8S-001"',
    'findings contains finding if {',
    '\tfinding := 1',
    '}',
    '# METADATA',
    '# custom:',
    '#   check: "K8S-074"',
    'findings contains finding if {',
    '\tfinding := 2',
    '}',
    '# METADATA',
    '# custom:',
    '#   check: "WD-DRIFT-001"',
    'findings contains finding if {',
    '\tfinding := 3',
    '}',
  ].join('\n');
  const split = splitFindings([{ file: 'main.rego', source }], [FINDINGS_ENTRYPOINT], (id) => (id === 'K8S-001' ? { scope: 'resource' } : { scope: 'whole', podSpec: true }));
  t.truthy(split);
  t.deepEqual(split!.parts, { whole: [`${FINDINGS_ENTRYPOINT}_s0`, `${FINDINGS_ENTRYPOINT}_s1`], wholeUnion: `${FINDINGS_ENTRYPOINT}_s`, perResource: [`${FINDINGS_ENTRYPOINT}_r`] });
  const out = split!.modules[0]!.source;
  t.regex(out, /"K8S-001"\nfindings_r contains/);
  t.regex(out, /"K8S-074"\nfindings_s0 contains/);
  t.regex(out, /"WD-DRIFT-001"\nfindings_s1 contains/);
  const projected = splitFindings([{ file: 'main.rego', source }], [FINDINGS_ENTRYPOINT], (id) => (id === 'WD-DRIFT-001' ? { scope: 'whole', podSpec: false } : { scope: 'context', kinds: ['Service'] }));
  t.deepEqual(projected!.parts, {
    whole: [],
    perResource: [],
    withContext: { entrypoints: [`${FINDINGS_ENTRYPOINT}_c`], contextKinds: ['Service'] },
    projected: [`${FINDINGS_ENTRYPOINT}_p0`],
    projectedUnion: `${FINDINGS_ENTRYPOINT}_p`,
  });
  t.regex(projected!.modules[0]!.source, /"WD-DRIFT-001"\nfindings_p0 contains/);
});

test('the whole-input parts run first and the policy gives their memory back before the chunks, and after them', async (t) => {
  const set = await loadManifests([join(root, 'examples/aks-devsecops/manifests/violations')]);
  const calls: string[] = [];
  const policy = {
    evaluate: (_input: unknown, ep?: string | number) => (calls.push(String(ep)), [{ result: [] }]),
    setData: () => undefined,
    release: () => calls.push('release'),
  };
  evaluateFindings(policy, { whole: ['w'], perResource: ['r'], projected: ['p'] }, 'all', set.value!.resources, () => undefined);
  const chunks = calls.filter((c) => c === 'r').length;
  t.true(chunks >= 1);
  t.deepEqual(calls, ['w', 'p', 'release', ...Array<string>(chunks).fill('r'), 'release']);
  calls.length = 0;
  evaluateFindings(policy, { whole: [], perResource: ['r'] }, 'all', set.value!.resources, () => undefined);
  t.deepEqual(calls, [...Array<string>(chunks).fill('r'), 'release'], 'nothing to give back before the chunks when no whole part ran');
});
