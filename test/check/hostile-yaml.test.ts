// Manifests written by an attacker: `warden check` runs in CI on pull requests anyone can edit, so
// every way YAML can say one thing to a reviewer (or to Kubernetes) and another to the checks is a
// policy bypass, and every way it can cost memory or time out of proportion to its size is a denial
// of service. Each test first reproduces the attack as it worked before the fix.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, loadManifests, parseManifests, type ManifestResource } from '../../src/check/manifests.js';
import { runCli } from '../helpers/cli.js';
import { kubeYaml } from '../helpers/kube-yaml.js';

const MODEL = `model "Hostile" { owner "tests" }
use "warden/kubernetes"
use "warden/controls"
boundary Cluster "cluster" {
  trust high
  boundary Apps { namespace "apps" }
}
workload Api in Apps {
  workload "deployment/api"
  controls [nonRoot]
}
`;

function deployment(securityContext: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: apps}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: app
          image: contoso.azurecr.io/api:1
          securityContext:
${securityContext
  .split('\n')
  .map((l) => `            ${l}`)
  .join('\n')}
`;
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-hostile-'));
  writeFileSync(join(dir, 'model.warden'), MODEL);
  mkdirSync(join(dir, 'm'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'm', name), text);
  return dir;
}

async function findings(dir: string, file: string): Promise<Array<{ check: string; line: number; column: number }>> {
  const r = await runCli(['check', 'model.warden', `m/${file}`, '--format', 'json', '--today', '2026-11-22'], { cwd: dir });
  const report = JSON.parse(r.stdout) as { findings: Array<{ check: string; location?: { line: number; column: number } }> };
  return report.findings.map((f) => ({ check: f.check, line: f.location?.line ?? 0, column: f.location?.column ?? 0 }));
}

// ---- 1. merge keys ----

test('a runAsUser: 0 written through a merge key is found like one written plainly (was: no K8S-011)', async (t) => {
  const plain = deployment('runAsNonRoot: true\nreadOnlyRootFilesystem: true\nrunAsUser: 0');
  const flow = deployment('{runAsNonRoot: true, readOnlyRootFilesystem: true, <<: {runAsUser: 0}}');
  const block = deployment('runAsNonRoot: true\nreadOnlyRootFilesystem: true\n<<:\n  runAsUser: 0');
  const anchored = `x-defaults: &root {runAsUser: 0}\n${deployment('runAsNonRoot: true\nreadOnlyRootFilesystem: true\n<<: [*root]')}`;
  // A key written after the merge writes over it: this one is not root.
  const overridden = deployment('<<: {runAsUser: 0}\nrunAsNonRoot: true\nrunAsUser: 1000');
  // A merge written after the key: root to kubectl (go-yaml v2, the last writer wins), not root to
  // kustomize and Flux (go-yaml v3, the explicit key wins). Was: no finding; now refused, located.
  const mergedLast = deployment('runAsNonRoot: true\nrunAsUser: 1000\nreadOnlyRootFilesystem: true\n<<: {runAsUser: 0}');
  const dir = project({ 'plain.yaml': plain, 'flow.yaml': flow, 'block.yaml': block, 'anchored.yaml': anchored, 'overridden.yaml': overridden, 'merged-last.yaml': mergedLast });
  const k8s011 = async (f: string) => (await findings(dir, f)).filter((x) => x.check === 'K8S-011');
  t.is((await k8s011('plain.yaml')).length, 1);
  for (const f of ['flow.yaml', 'block.yaml', 'anchored.yaml']) t.is((await k8s011(f)).length, 1, f);
  const refused = await runCli(['check', 'model.warden', 'm/merged-last.yaml', '--today', '2026-11-22'], { cwd: dir });
  t.is(refused.code, 2);
  t.regex(refused.stderr, /m\/merged-last\.yaml:16:13: error WD5001: .*"runAsUser" one value in kubectl.s reading/);
  t.deepEqual(await k8s011('overridden.yaml'), []);
  // The finding points at the `runAsUser` the value came from.
  t.like((await k8s011('flow.yaml'))[0], { line: 13, column: 69 });
  t.like((await k8s011('block.yaml'))[0], { line: 16, column: 15 });
  t.like((await k8s011('anchored.yaml'))[0], { line: 1, column: 20 });
});

/**
 * Merge cases with the value Kubernetes' reader gives: sigs.k8s.io/yaml on go-yaml v2, where a merge
 * writes its keys over what the mapping holds so far, a later key writes over it in turn, and in a
 * merge list the earlier source wins. go-yaml v3 (kustomize, Flux, `opa eval -i`) lets explicit keys
 * win wherever they stand; where the two differ, the document is refused (AMBIGUOUS_MERGES). No key is `y` or `n`: YAML 1.1 reads those as
 * booleans (kube-scalars.test.ts). The last test checks every case against sigs.k8s.io/yaml itself.
 */
const MERGES: Array<[string, string, unknown]> = [
  ['an explicit key after the merge writes over it', 'a: {<<: {x: 2, w: 2}, x: 1}', { x: 1, w: 2 }],
  ['list of aliases: earlier wins', 'b: &b {x: 1, w: 1}\nc: &c {w: 3, z: 3}\na: {<<: [*b, *c], z: 9}', { x: 1, w: 1, z: 9 }],
  ['list of inline maps: earlier wins', 'a: {<<: [{x: 1}, {x: 2, w: 2}]}', { x: 1, w: 2 }],
  ['nested merge inside a merged map', 'a: {<<: {<<: {q: 1}, x: 1}}', { q: 1, x: 1 }],
  ['a nested merge is written over by its own later key', 'a: {<<: {<<: {q: 1}, q: 2}}', { q: 2 }],
  ['empty list merges nothing', 'a: {<<: []}', {}],
  ['explicit null after the merge wins', 'a: {<<: {x: 1}, x: null}', { x: null }],
  ['quoted "<<" is an ordinary key', 'a: {"<<": {x: 1}}', { '<<': { x: 1 } }],
  ["single-quoted '<<' is an ordinary key", "a: {'<<': {x: 1}}", { '<<': { x: 1 } }],
  ['!!str << is an ordinary key', 'a: {!!str <<: {x: 1}}', { '<<': { x: 1 } }],
  ['!!merge << merges', 'a: {!!merge <<: {x: 1}}', { x: 1 }],
  ['block style', 'a:\n  <<:\n    x: 1\n  w: 2', { x: 1, w: 2 }],
  ['block list of block maps', 'a:\n  w: 0\n  <<:\n    - x: 1\n    - x: 2\n      z: 2', { w: 0, x: 1, z: 2 }],
];
/** Mappings kubectl (go-yaml v2: the last writer wins) and kustomize or Flux (go-yaml v3: explicit keys win) read differently: refused. */
const AMBIGUOUS_MERGES: Array<[string, string]> = [
  ['a merge after an explicit key', 'a: {x: 1, <<: {x: 2, w: 2}}'],
  ['two merge keys giving one key', 'a: {<<: {x: 1}, w: 1, <<: {x: 2, w: 2}}'],
  ['block style: a merge after the key', 'a:\n  x: 0\n  <<:\n    x: 1'],
];

for (const [name, body] of AMBIGUOUS_MERGES) {
  test(`merge key: ${name} is read differently by kubectl and kustomize: a located WD5001 (both readers)`, (t) => {
    for (const reader of ['auto', 'general'] as const) {
      const r = parseManifests('m.yaml', docOf(body), DEFAULT_LIMITS, 0, reader);
      t.is(r.value.length, 0, reader);
      t.deepEqual(r.diagnostics.map((d) => d.code), ['WD5001'], reader);
      t.regex(r.diagnostics[0]!.message, /one value in kubectl's reading \(go-yaml v2: the last writer wins\) and another in kustomize's and Flux's/, reader);
    }
  });
}

const MERGE_ERRORS: Array<[string, string]> = [
  ['a scalar', 'a: {<<: 5}'],
  ['a list holding a scalar', 'a: {<<: [5]}'],
  ['null', 'a: {<<: null}'],
  ['an alias to a list', 'x: &x [1]\na: {<<: *x}'],
];

function docOf(body: string): string {
  return `kind: T\n${body}\n`;
}

for (const [name, body, want] of MERGES) {
  test(`merge key: ${name} (both readers)`, (t) => {
    for (const reader of ['auto', 'general'] as const) {
      const r = parseManifests('m.yaml', docOf(body), DEFAULT_LIMITS, 0, reader);
      t.deepEqual(r.diagnostics, [], reader);
      t.deepEqual(r.value[0]?.object.a, want, reader);
    }
  });
}

for (const [name, body] of MERGE_ERRORS) {
  test(`merge key with ${name} is a located WD5001 (Kubernetes rejects it)`, (t) => {
    const r = parseManifests('m.yaml', docOf(body));
    t.deepEqual(
      r.diagnostics.map((d) => [d.code, d.span.line]),
      [['WD5001', body.split('\n').length + 1]],
    );
    t.regex(r.diagnostics[0]!.message, /merge key `<<` needs a mapping/);
  });
}

test('the merge cases give the values sigs.k8s.io/yaml gives (what kubectl sends)', (t) => {
  const o = kubeYaml();
  if ('reason' in o) {
    t.log(`skipped: ${o.reason}`);
    t.pass();
    return;
  }
  const cases = [...MERGES, ...MERGE_ERRORS.map(([n, b]) => [n, b, undefined] as const)];
  const answers = o.convert(cases.map(([, body]) => docOf(body)));
  cases.forEach(([name, body], i) => {
    const ours = parseManifests('in.yaml', docOf(body));
    if (answers[i]!.startsWith('ERR')) {
      t.is(ours.value.length, 0, `${name}: kubectl refuses it (${answers[i]}), so must Warden`);
      t.true(ours.diagnostics.length > 0, name);
      return;
    }
    t.deepEqual(ours.value[0]?.object, JSON.parse(answers[i]!), name);
  });
});

test('a merged key points at its definition; a key written later at itself; a merge written later at its source', (t) => {
  const text = 'kind: T\nbase: &b\n  x: 1\n  v: 2\nm:\n  <<: *b\n  v: 3\nf: {w: 0, <<: {z: 4}}\nk:\n  x: 1\n  <<: *b\n';
  const r = parseManifests('m.yaml', text).value[0]!;
  t.like(r.position(['m', 'x']), { line: 3, column: 3, exact: true });
  t.like(r.position(['m', 'v']), { line: 7, column: 3, exact: true });
  t.like(r.position(['f', 'z']), { line: 8, column: 16, exact: true });
  // k.x is written again by the merge after the explicit x: 1 (the same value, so no tool reads it
  // otherwise): the position follows the last writer, the anchor
  t.is((r.object.k as { x: number }).x, 1);
  t.like(r.position(['k', 'x']), { line: 3, column: 3, exact: true });
  // a merge list: the earlier source wins, and the position follows it
  const list = parseManifests('m.yaml', 'kind: T\ng:\n  <<:\n    - p: 1\n    - q: 2\n      p: 0\n  r: 3\n').value[0]!;
  t.deepEqual(list.object.g, { p: 1, q: 2, r: 3 });
  t.like(list.position(['g', 'p']), { line: 4, column: 7, exact: true });
  t.like(list.position(['g', 'q']), { line: 5, column: 7, exact: true });
  t.like(list.position(['g', 'r']), { line: 7, column: 3, exact: true });
});

// ---- 2. alias expansion and depth ----

function bomb(anchorBytes: number, aliases: number): string {
  const lines: string[] = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'big: &a'];
  for (let i = 0; lines.join('\n').length < anchorBytes; i++) lines.push(`  k${i}: value-${i}-padding-padding-padding`);
  lines.push('copies:');
  for (let i = 0; i < aliases; i++) lines.push('  - *a');
  return lines.join('\n') + '\n';
}

test('one 1 MB anchor aliased 99 times is refused by bytes, located, quickly (was: 645 MB peak)', (t) => {
  const text = bomb(1 << 20, 99);
  const started = performance.now();
  const r = parseManifests('bomb.yaml', `${text}---\nkind: Fine\n`);
  const ms = performance.now() - started;
  t.true(ms < 15_000, `${ms} ms`);
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD5003'],
  );
  const d = r.diagnostics[0]!;
  t.regex(d.message, /aliases expand the input beyond the limit of \d+ bytes/);
  t.regex(d.hint ?? '', /--max-expansion/);
  // located at the alias that crossed the limit, below the anchor
  t.true(d.span.line > text.split('\n').findIndex((l) => l === 'copies:'));
  t.deepEqual(
    r.value.map((x) => x.kind),
    ['Fine'],
  );
});

test('99 aliases of a small anchor in each of many documents are fine; the limit is per run and can be raised', async (t) => {
  const doc = (i: number) => `kind: ConfigMap\nmetadata: {name: c${i}}\nbase: &l {app: web, tier: frontend, owner: team-a}\nlist:\n${'  - *l\n'.repeat(99)}`;
  const text = Array.from({ length: 200 }, (_, i) => doc(i)).join('---\n');
  const r = parseManifests('many.yaml', text);
  t.deepEqual(r.diagnostics, []);
  t.is(r.value.length, 200);
  t.is((r.value[199]!.object.list as unknown[]).length, 99);
  // A tight explicit limit refuses the documents past it, each with its own diagnostic.
  const tight = parseManifests('many.yaml', text, { ...DEFAULT_LIMITS, maxExpansion: 100_000 });
  t.true(tight.value.length > 0 && tight.value.length < 200, `${tight.value.length}`);
  t.true(tight.diagnostics.every((d) => d.code === 'WD5003' && /set by --max-expansion/.test(d.message)));
  // The budget spans the files of one run.
  const dir = mkdtempSync(join(tmpdir(), 'warden-budget-'));
  writeFileSync(join(dir, 'a.yaml'), text);
  writeFileSync(join(dir, 'b.yaml'), text);
  const one = await loadManifests(['a.yaml'], { cwd: dir, limits: { maxExpansion: 1_500_000 } });
  t.deepEqual(one.diagnostics, []);
  const two = await loadManifests(['a.yaml', 'b.yaml'], { cwd: dir, limits: { maxExpansion: 1_500_000 } });
  t.true(two.diagnostics.length > 0 && two.diagnostics.every((d) => d.code === 'WD5003' && d.file === 'b.yaml'));
});

test('the CLI takes --max-expansion and --max-depth', async (t) => {
  const dir = project({ 'b.yaml': bomb(200_000, 99) });
  const refused = await runCli(['check', 'model.warden', 'm/b.yaml'], { cwd: dir });
  t.is(refused.code, 2);
  t.regex(refused.stderr, /m\/b\.yaml:\d+:\d+: error WD5003/);
  const raised = await runCli(['check', 'model.warden', 'm/b.yaml', '--max-expansion', '100000000'], { cwd: dir });
  t.is(raised.code, 0, raised.stderr);
  const deep = project({ 'd.yaml': 'kind: ConfigMap\nmetadata: {name: d}\ndata: {a: {b: {c: {}}}}\n' });
  const shallow = await runCli(['check', 'model.warden', 'm/d.yaml', '--max-depth', '3'], { cwd: deep });
  t.regex(shallow.stderr, /WD5005/);
  const bad = await runCli(['check', 'model.warden', 'm/d.yaml', '--max-expansion', 'lots'], { cwd: deep });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--max-expansion must be a positive integer/);
});

test('an exponential bomb is refused after work linear in its text', (t) => {
  let text = 'kind: Bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 40; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const started = performance.now();
  const r = parseManifests('b.yaml', text);
  t.true(performance.now() - started < 5000);
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD5003'],
  );
});

test('a merge chain (each anchor merging the previous one) is paid for and refused', (t) => {
  let text = 'kind: Chain\nm0: &m0 {k0: 0}\n';
  for (let i = 1; i < 20_000; i++) text += `m${i}: &m${i} {<<: *m${i - 1}, k${i}: ${i}}\n`;
  const started = performance.now();
  const r = parseManifests('c.yaml', text);
  t.true(performance.now() - started < 15_000, `${performance.now() - started} ms`);
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD5003'],
  );
});

test('nesting depth counts through aliases', (t) => {
  const deep = '['.repeat(200) + ']'.repeat(200);
  const text = `kind: Deep\na: &d ${deep}\nb: ${'['.repeat(100)}*d${']'.repeat(100)}\n`;
  const r = parseManifests('d.yaml', text);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.span.line]),
    [['WD5005', 3]],
  );
  t.regex(r.diagnostics[0]!.message, /alias \*d nests the document deeper than 256 levels/);
});

// ---- 4. smaller ones ----

test('an alias to an anchor of another document is an unknown alias, not an alias bomb', (t) => {
  const r = parseManifests('x.yaml', 'kind: A\nlabels: &l {app: a}\n---\nkind: B\nlabels: *l\n');
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.span.line, d.span.column]),
    [['WD5001', 5, 9]],
  );
  t.regex(r.diagnostics[0]!.message, /unknown alias \*l/);
  t.regex(r.diagnostics[0]!.hint ?? '', /anchors do not cross/);
  t.deepEqual(
    r.value.map((x) => x.kind),
    ['A'],
  );
});

test('an alias inside its own anchor is a cycle, reported', (t) => {
  const r = parseManifests('x.yaml', 'kind: A\na: &a {b: *a}\n');
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD5001'],
  );
  t.regex(r.diagnostics[0]!.message, /cycle/);
});

test('JSON with comments is a clear error, not "document is a string"', (t) => {
  const leading = parseManifests('c.json', '// generated\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}\n');
  t.deepEqual(
    leading.diagnostics.map((d) => [d.code, d.span.line, d.span.column]),
    [['WD5001', 1, 1]],
  );
  t.regex(leading.diagnostics[0]!.message, /JSON does not allow comments/);
  const inside = parseManifests('c.json', '{"kind": "ConfigMap", // note\n "metadata": {"name": "x"}}\n');
  t.deepEqual(
    inside.diagnostics.map((d) => [d.code, d.span.line, d.span.column]),
    [['WD5001', 1, 23]],
  );
  t.deepEqual(inside.value, []);
  // `//` inside a JSON string is no comment
  t.deepEqual(parseManifests('c.json', '{"kind": "ConfigMap", "metadata": {"name": "http://x/*"}}\n').diagnostics, []);
  // the same text in a .yaml file (or on stdin) says what is wrong too
  const yaml = parseManifests('c.yaml', '// generated\nkind: ConfigMap\n');
  t.regex(yaml.diagnostics[0]!.message, /starts with a `\/\/` or `\/\*` comment/);
});

function findResources(rs: ManifestResource[]): string[] {
  return rs.map((r) => `${r.kind}/${r.name}`);
}

test('invalid UTF-8 is a located WD5009, not silently replaced', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-utf8-'));
  const good = Buffer.from('kind: ConfigMap\nmetadata: {name: ok}\ndata: {a: "é"}\n');
  const bad = Buffer.concat([Buffer.from('kind: ConfigMap\nmetadata: {name: bad}\ndata: {a: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
  writeFileSync(join(dir, 'good.yaml'), good);
  writeFileSync(join(dir, 'bad.yaml'), bad);
  const r = await loadManifests(['good.yaml', 'bad.yaml'], { cwd: dir });
  t.deepEqual(findResources(r.value.resources), ['ConfigMap/ok']);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.file, d.span.line, d.span.column]),
    [['WD5009', 'bad.yaml', 3, 12]],
  );
  t.regex(r.diagnostics[0]!.message, /not valid UTF-8: byte 0xc3 at offset \d+/);
  // stdin too, when given as bytes
  const s = await loadManifests(['-'], { readStdin: async () => bad });
  t.deepEqual(
    s.diagnostics.map((d) => [d.code, d.file]),
    [['WD5009', '<stdin>']],
  );
  // overlong encodings and surrogates are not UTF-8 either
  for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
    const b = Buffer.concat([Buffer.from('kind: A\nx: '), Buffer.from(bytes), Buffer.from('\n')]);
    const one = await loadManifests(['-'], { readStdin: async () => b });
    t.deepEqual(
      one.diagnostics.map((d) => [d.code, d.span.line, d.span.column]),
      [['WD5009', 2, 4]],
      bytes.join(','),
    );
  }
});

test('nothing from the yaml package reaches stderr (a complex key, unknown tags, a bomb)', (t) => {
  const dir = project({
    'w.yaml': 'kind: ConfigMap\nmetadata: {name: w}\n? [a, b]\n: 1\n---\nkind: ConfigMap\nmetadata: {name: t}\ndata: {a: !custom x}\n---\n' + bomb(100_000, 99),
  });
  const built = join(process.cwd(), 'bin', 'warden.js');
  const r = spawnSync(process.execPath, [built, 'check', 'model.warden', 'm/w.yaml'], { cwd: dir, encoding: 'utf8' });
  t.notRegex(r.stderr, /Warning|\(node:\d+\)|at .*\.js:\d+/, r.stderr);
  t.regex(r.stderr, /WD5001/);
  t.regex(r.stderr, /WD5003/);
});

/** A ConfigMap whose data has `keys` entries (about 20 bytes each). */
function bigConfigMap(keys: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: big, namespace: apps}', 'data:'];
  for (let i = 0; i < keys; i++) lines.push(`  key-${i}: "value ${i}"`);
  return lines.join('\n') + '\n';
}

test('a document larger than one Kubernetes object can be is refused before it is read, located; the others are read at their lines', (t) => {
  const before = 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: apps}\n';
  const after = 'apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: apps}\n';
  const big = bigConfigMap(2000);
  const text = `${before}---\n${big}---\n${after}`;
  const limits = { ...DEFAULT_LIMITS, maxDocumentBytes: 10_000 };
  const r = parseManifests('m.yaml', text, limits);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.span.line]),
    [['WD5018', 'error', 5]],
  );
  t.regex(r.diagnostics[0]!.message, /this document is 0\.\d MiB of YAML, over the limit of 0\.0 MiB for one Kubernetes object; not checked/);
  t.regex(r.diagnostics[0]!.hint ?? '', /--max-document-bytes/);
  t.deepEqual(
    r.value.map((x) => x.name),
    ['a', 'b'],
  );
  // the refused document's lines are kept: b is still found at its own line
  const bLine = text.split('\n').indexOf('metadata: {name: b, namespace: apps}') + 1;
  t.is(r.value[1]!.position(['metadata', 'name']).line, bLine);
  // the general reader (a document the fast one leaves to it) sees the same
  const general = parseManifests('m.yaml', text, limits, 0, 'general');
  t.deepEqual(
    general.diagnostics.map((d) => d.code),
    ['WD5018'],
  );
  t.is(general.value[1]!.position(['metadata', 'name']).line, bLine);
  // under the default limit (3 MiB) the same file is read whole
  t.deepEqual(parseManifests('m.yaml', text).diagnostics, []);
});

test('a List over the document limit is read (kubectl get -o yaml / -o json writes one)', (t) => {
  const items = Array.from({ length: 300 }, (_, i) => `- apiVersion: v1\n  kind: Service\n  metadata: {name: s${i}, namespace: apps}\n`).join('');
  const limits = { ...DEFAULT_LIMITS, maxDocumentBytes: 5_000 };
  const yamlList = parseManifests('l.yaml', `apiVersion: v1\nitems:\n${items}kind: List\nmetadata: {resourceVersion: ""}\n`, limits);
  t.deepEqual(yamlList.diagnostics, []);
  t.is(yamlList.value.length, 300);
  const json = JSON.stringify({ apiVersion: 'v1', items: Array.from({ length: 300 }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` } })), kind: 'ServiceList' });
  const jsonList = parseManifests('l.json', json, limits);
  t.deepEqual(jsonList.diagnostics, []);
  t.is(jsonList.value.length, 300);
  // a JSON ConfigMap that merely mentions a List kind in its data is still one object
  const sneaky = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x'.repeat(6_000), b: '"kind": "PodList"' } });
  t.deepEqual(
    parseManifests('c.json', sneaky, limits).diagnostics.map((d) => d.code),
    ['WD5018'],
  );
});

test('the CLI refuses a 1,000,000-key ConfigMap by the document limit (exit 2) and takes --max-document-bytes', async (t) => {
  const dir = project({ 'cm.yaml': bigConfigMap(200_000) });
  const refused = await runCli(['check', 'model.warden', 'm/cm.yaml'], { cwd: dir });
  t.is(refused.code, 2);
  t.regex(refused.stderr, /m\/cm\.yaml:1:1: error WD5018: this document is [\d.]+ MiB of YAML, over the limit of 3\.0 MiB/);
  const raised = await runCli(['check', 'model.warden', 'm/cm.yaml', '--max-document-bytes', '10000000'], { cwd: dir });
  t.not(raised.code, 2, raised.stderr);
  t.notRegex(raised.stderr, /WD5018/);
  const bad = await runCli(['check', 'model.warden', 'm/cm.yaml', '--max-document-bytes', '0'], { cwd: dir });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--max-document-bytes must be a positive integer/);
});

test('any object whose items is a list is a List to kubectl: its items are the resources, kind-less ones typed by the list (was: a ConfigMap hid a privileged Pod)', async (t) => {
  const pod = (extra: string) =>
    `  - ${extra}metadata: {name: evil, namespace: a}\n    spec:\n      containers:\n        - name: c\n          image: nginx@sha256:${'0'.repeat(64)}\n          securityContext: {privileged: true}\n`;
  const wrapped = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: innocent, namespace: a}\ndata: {x: y}\nitems:\n${pod('apiVersion: v1\n    kind: Pod\n    ')}`;
  const untyped = `apiVersion: v1\nkind: PodList\nitems:\n${pod('')}`;
  for (const [name, text] of [['wrapped', wrapped], ['untyped', untyped]] as const) {
    for (const reader of ['auto', 'general'] as const) {
      const r = parseManifests('l.yaml', text, DEFAULT_LIMITS, 0, reader);
      t.deepEqual(r.diagnostics, [], `${name} ${reader}`);
      t.deepEqual(
        r.value.map((x) => [x.kind, x.name, x.object.kind, x.object.apiVersion]),
        [['Pod', 'evil', 'Pod', 'v1']],
        `${name} ${reader}: the items, not the object holding them`,
      );
    }
    const dir = project({ 'l.yaml': text });
    const out = await runCli(['check', 'm/l.yaml', '--format', 'json', '-q'], { cwd: dir });
    const report = JSON.parse(out.stdout) as { findings: Array<{ check: string; location?: { line: number } }> };
    t.true(report.findings.some((f) => f.check === 'K8S-008'), `${name}: the privileged Pod is found`);
  }
  // a list inside a list is refused, located
  const nested = parseManifests('n.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Pod, metadata: {name: p}}]}\n');
  t.deepEqual(nested.diagnostics.map((d) => [d.code, d.severity, d.span.line]), [['WD5002', 'error', 4]]);
});

test('a directory is walked as kubectl apply -R -f walks it: dot files and directories, links to files inside the project; a link outside is WD5014 (was: skipped, a place to hide a Pod)', async (t) => {
  const privileged = (name: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: a}\nspec:\n  containers:\n    - name: c\n      image: nginx@sha256:${'0'.repeat(64)}\n      securityContext: {privileged: true}\n`;
  const base = mkdtempSync(join(tmpdir(), 'warden-walk-'));
  const dir = join(base, 'repo');
  for (const d of ['.git', 'k8s/.hidden', 'other']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'k8s', '.evil.yaml'), privileged('dotfile'));
  writeFileSync(join(dir, 'k8s', '.hidden', 'pod.yaml'), privileged('dotdir'));
  writeFileSync(join(dir, 'other', 'pod.yaml'), privileged('linked'));
  writeFileSync(join(dir, 'k8s', '.pre-commit-config.yaml'), 'repos:\n  - repo: x\n');
  writeFileSync(join(base, 'secret.yaml'), privileged('outside'));
  symlinkSync(join('..', 'other', 'pod.yaml'), join(dir, 'k8s', 'link.yaml'));
  symlinkSync(join(base, 'secret.yaml'), join(dir, 'k8s', 'out.yaml'));
  symlinkSync(join('..', 'other'), join(dir, 'k8s', 'dirlink.yaml'));
  const r = await loadManifests(['k8s'], { cwd: dir });
  t.deepEqual(r.value.resources.map((x) => `${x.file} ${x.name}`).sort(), ['k8s/.evil.yaml dotfile', 'k8s/.hidden/pod.yaml dotdir', 'k8s/link.yaml linked']);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.file]),
    [
      ['WD5008', 'warning', 'k8s/dirlink.yaml'],
      ['WD5014', 'error', 'k8s/out.yaml'],
    ],
    'the tool configuration among the dot files is read quietly; nothing of the outside file is read',
  );
  const out = await runCli(['check', 'k8s', '--format', 'json', '-q'], { cwd: dir });
  const report = JSON.parse(out.stdout) as { findings: Array<{ check: string; resource?: { name: string } }> };
  t.deepEqual([...new Set(report.findings.filter((f) => f.check === 'K8S-008').map((f) => f.resource?.name))].sort(), ['dotdir', 'dotfile', 'linked']);
  t.notRegex(out.stderr + out.stdout, /outside"|name: outside/);
});
