// `warden check` evaluates a library check in chunks of the input when the check says it judges
// each resource by itself (no `admission` mode in its METADATA: the claim the Gatekeeper export
// relies on too), or by itself and the resources of a few kinds (`context`). A check that makes
// the claim wrongly would report a different set of findings in chunks than on the whole input, so
// every such check is held to it here: on every manifest set of the repository and on a set built
// to relate resources to each other, its rows on the whole input are exactly the union of its rows
// on each resource alone (with its context, in input order; index made absolute).
import test from 'ava';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests, type ManifestResource } from '../../src/check/index.js';
import { policyInput, withContextIndices } from '../../src/check/run.js';
import { judgesEachResource, scopeOf, splitFindings } from '../../src/check/findings-parts.js';
import { loadLibrary } from '../../src/policy/library.js';
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

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.(ya?ml|json)$|Dockerfile/.test(name) ? [p] : [];
  });
}

const library = loadLibrary().value;
const claimed = [...library.checks.values()].filter(judgesEachResource).sort((a, b) => (a.id < b.id ? -1 : 1));

const withContext = [...library.checks.values()].flatMap((c) => {
  const s = scopeOf(c);
  return s.scope === 'context' ? [{ check: c, kinds: new Set(s.kinds) }] : [];
});

/** The rows of `checks` on a set of resources, as a function. */
async function rowsOf(checks: ReadonlyArray<{ package: string; id: string }>) {
  const probe = {
    file: 'probe.rego',
    source: ['package probe', '', ...checks.map((c) => `rows contains r if {\n\tsome r in data.${c.package}.deny\n}\n`)].join('\n'),
  };
  const modules = [...library.libModules, ...checks.map((c) => library.checkModules.get(c.id)!), probe];
  const compiled = compileRego(modules.map((m) => ({ file: m.file, source: m.source })), { entrypoints: ['probe/rows'], hostExactNumbers: false });
  if (!compiled.value) throw new Error(compiled.diagnostics.map((d) => `${d.file}:${d.span.line} ${d.message}`).join('\n'));
  const policy = await loadPolicy(compiled.value.wasm);
  policy.setData({});
  return (resources: readonly ManifestResource[]) => (policy.evaluate(policyInput(resources), 0)[0]?.result ?? []) as Array<{ check: string; resource: number }>;
}

async function manifestSets() {
  return Promise.all(SETS.map(async (dir) => ({ dir, resources: (await loadManifests(yamlFiles(join(root, dir)), { cwd: root })).value.resources })));
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
  const split = splitFindings([{ file: 'main.rego', source }], [FINDINGS_ENTRYPOINT], (id) => (id === 'K8S-001' ? { scope: 'resource' } : { scope: 'whole' }));
  t.truthy(split);
  t.deepEqual(split!.parts, { whole: [`${FINDINGS_ENTRYPOINT}_s0`, `${FINDINGS_ENTRYPOINT}_s1`], wholeUnion: `${FINDINGS_ENTRYPOINT}_s`, perResource: [`${FINDINGS_ENTRYPOINT}_r`] });
  const out = split!.modules[0]!.source;
  t.regex(out, /"K8S-001"\nfindings_r contains/);
  t.regex(out, /"K8S-074"\nfindings_s0 contains/);
  t.regex(out, /"WD-DRIFT-001"\nfindings_s1 contains/);
});
