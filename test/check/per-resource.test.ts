// `warden check` evaluates a library check in chunks of the input when the check says it judges
// each resource by itself (no `admission` mode in its METADATA: the claim the Gatekeeper export
// relies on too). A check that makes the claim wrongly would report a different set of findings
// in chunks than on the whole input, so every such check is held to it here: on every manifest set
// of the repository and on a set built to relate resources to each other, its rows on the whole
// input are exactly the union of its rows on each resource alone (index made absolute).
import test from 'ava';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests, type ManifestResource } from '../../src/check/index.js';
import { policyInput } from '../../src/check/run.js';
import { judgesEachResource, splitFindings } from '../../src/check/findings-parts.js';
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

async function claimedRows() {
  const probe = {
    file: 'probe.rego',
    source: ['package probe', '', ...claimed.map((c) => `rows contains r if {\n\tsome r in data.${c.package}.deny\n}\n`)].join('\n'),
  };
  const modules = [...library.libModules, ...claimed.map((c) => library.checkModules.get(c.id)!), probe];
  const compiled = compileRego(modules.map((m) => ({ file: m.file, source: m.source })), { entrypoints: ['probe/rows'], hostExactNumbers: false });
  if (!compiled.value) throw new Error(compiled.diagnostics.map((d) => `${d.file}:${d.span.line} ${d.message}`).join('\n'));
  const policy = await loadPolicy(compiled.value.wasm);
  policy.setData({});
  return (resources: readonly ManifestResource[]) => (policy.evaluate(policyInput(resources), 0)[0]?.result ?? []) as Array<{ check: string; resource: number }>;
}

test('library checks without an admission mode judge each resource by itself', async (t) => {
  t.true(claimed.length > 40, 'most library checks make the claim');
  const rows = await claimedRows();
  const mismatched = new Map<string, string[]>();
  let resources = 0;
  for (const dir of SETS) {
    const set = await loadManifests(yamlFiles(join(root, dir)), { cwd: root });
    resources += set.value.resources.length;
    const key = (r: unknown) => JSON.stringify(r);
    const whole = new Set(rows(set.value.resources).map(key));
    const alone = new Set(set.value.resources.flatMap((r, i) => rows([r]).map((row) => key({ ...row, resource: row.resource + i }))));
    for (const k of new Set([...whole, ...alone])) {
      if (whole.has(k) && alone.has(k)) continue;
      const check = (JSON.parse(k) as { check: string }).check;
      mismatched.set(check, [...(mismatched.get(check) ?? []), `${dir}: ${whole.has(k) ? 'only on the whole input' : 'only resource by resource'}: ${k.slice(0, 200)}`]);
    }
  }
  t.true(resources > 200, `${resources} resources`);
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
  const split = splitFindings([{ file: 'main.rego', source }], [FINDINGS_ENTRYPOINT], (id) => id === 'K8S-001');
  t.truthy(split);
  t.deepEqual(split!.parts, { whole: [`${FINDINGS_ENTRYPOINT}_s0`, `${FINDINGS_ENTRYPOINT}_s1`], wholeUnion: `${FINDINGS_ENTRYPOINT}_s`, perResource: [`${FINDINGS_ENTRYPOINT}_r`] });
  const out = split!.modules[0]!.source;
  t.regex(out, /"K8S-001"\nfindings_r contains/);
  t.regex(out, /"K8S-074"\nfindings_s0 contains/);
  t.regex(out, /"WD-DRIFT-001"\nfindings_s1 contains/);
});
