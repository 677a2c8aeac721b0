// The fast manifest reader against the general `yaml` parser: wherever the fast reader accepts a
// file, both must give the same resources (values, document numbers, Helm templates) and the same
// position for every field path; wherever it gives up, the general parser must take over. Checked
// on every manifest in the repository, on fast-check generated documents in many YAML styles, and
// on hand-written edge cases.
import test from 'ava';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { parseManifests, type FieldPath, type ManifestResource } from '../../src/check/manifests.js';
import { parseYamlFast, parseYamlMappingFast, resolvePlain } from '../../src/text/fast-yaml.js';

function allPaths(v: unknown, prefix: Array<string | number> = [], out: FieldPath[] = []): FieldPath[] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) allPaths(x, [...prefix, k], out);
  return out;
}

function summary(rs: ManifestResource[]) {
  return rs.map((r) => ({
    object: r.object,
    document: r.document,
    template: r.template,
    kind: r.kind,
    name: r.name,
    namespace: r.namespace,
    // every existing path, plus a missing one below each container
    positions: allPaths(r.object).flatMap((p) => [r.position(p), r.position([...p, 'no-such-field', 0])]),
  }));
}

/** Compares the two readers on one text; returns whether the fast one accepted it. */
function same(t: import('ava').ExecutionContext, text: string, label: string): boolean {
  const fast = parseYamlFast(text) !== undefined;
  const a = parseManifests('f.yaml', text);
  const b = parseManifests('f.yaml', text, undefined, 0, 'general');
  t.deepEqual(a.diagnostics, b.diagnostics, `${label}: diagnostics`);
  t.deepEqual(summary(a.value), summary(b.value), `${label}: resources`);
  return fast;
}

function manifestFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      if (e !== 'node_modules' && e !== 'cases' && e !== 'golden' && e !== '.tmp') manifestFiles(p, out);
    } else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

test('every manifest in the repository reads the same both ways, most of them fast', (t) => {
  const files = [...manifestFiles('examples'), ...manifestFiles('test/check'), ...manifestFiles('test/export')];
  t.true(files.length >= 10, `only ${files.length} files`);
  let fast = 0;
  for (const f of files) if (same(t, readFileSync(f, 'utf8'), f)) fast++;
  t.log(`${fast} of ${files.length} files took the fast path`);
  t.true(fast >= files.length / 2, `only ${fast} of ${files.length} took the fast path`);
});

test('plain scalars resolve as the YAML 1.2 core schema does', (t) => {
  const samples = [
    '', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
    '0', '-0', '+0', '007', '12', '-12', '+12', '1_000', '0o17', '0o8', '0x1F', '0X1F', '0xg', '1.5', '-1.5', '.5', '5.', '1e3', '1E-3', '-1.5e+3', '1e', '.e3',
    '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', '+.nan', 'inf', 'nan', '12345678901234567890', '0.1', '1.0', '100m', '128Mi', '1.2.3', '2024-01-01',
    '-', '--x', 'a b', 'a:b', 'x#y', 'http://x:80/y',
  ];
  for (const s of samples) {
    let want: unknown;
    try {
      want = (parseYaml(`k: ${s}\n`) as { k: unknown }).k;
    } catch {
      continue; // not a plain scalar in YAML at all
    }
    const got = resolvePlain(s);
    t.true(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), `${JSON.stringify(s)}: ${String(got)} vs ${String(want)}`);
  }
});

const HAND: Array<[string, string, boolean]> = [
  ['compact sequence under a key', 'kind: A\nitems:\n- a\n- b: 1\n  c: [x, "y", {z: 1}]\nafter: 2\n', true],
  ['indented sequence, nested maps', 'kind: A\nspec:\n  containers:\n    - name: a\n      args: ["--x=1", \'it\'\'s\']\n    -\n      name: b\n', true],
  ['comments everywhere', '# top\nkind: A # trailing\n\n  # indented comment\nmetadata:\n  # inside\n  name: x#not-a-comment\n', true],
  ['literal and folded block scalars', 'kind: A\na: |\n  line 1\n\n  line 3\nb: |-\n  x\nc: |+\n  y\n\nd: >\n  folded\n  text\n\n  para\ne: >-\n  z\nf: x\n', true],
  ['quoted escapes', 'kind: A\na: "tab\\there \\u00e9 \\x41 \\"q\\" \\\\"\nb: \'single \'\'quote\'\'\'\n"c d": 1\n', true],
  ['documents, empty ones and Helm sources', '---\n# Source: chart/templates/a.yaml\nkind: A\nmetadata: {name: a}\n---\n---\n# only a comment\n---\nkind: B\n', true],
  ['a List', 'kind: List\nitems:\n- kind: A\n  metadata: {name: a}\n- kind: B\n  metadata:\n    name: b\n', true],
  ['anchors and aliases', 'kind: A\na: &x 1\nb: *x\nc: &m {p: 1, q: [*x]}\nd: [*m, *m]\ne: &s\n  - &i 2\n  - *i\nf: *s\n', true],
  ['anchored block nodes and sequence items', 'kind: A\nbase: &b\n  x: 1\n  y: [1, 2]\nlist:\n  - &first\n    n: 1\n  - *first\n  - &third {n: 3}\nm:\n  <<: *b\n  x: 2\n', true],
  ['merge through a list of aliases', 'kind: A\na: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc: {<<: [*a, *b], z: 3}\n', true],
  ['an alias redefined later', 'kind: A\na: &x 1\nb: *x\nc: &x 2\nd: *x\n', true],
  ['an anchor used before it is defined', 'kind: A\nb: *x\na: &x 1\n', false],
  ['an alias inside its own anchor', 'kind: A\na: &x [1, *x]\n', false],
  ['an alias inside its own anchor, redefined', 'kind: A\na: &x 1\nb: &x [*x]\n', false],
  ['an alias to another document', 'kind: A\na: &x 1\n---\nkind: B\nb: *x\n', false],
  ['an anchor on a key', 'kind: A\n&k a: 1\n', false],
  ['an anchor on a compact mapping in a list', 'kind: A\nl:\n- &k a: 1\n', false],
  ['tags', 'kind: A\na: !!str 1\n', false],
  ['multi-line plain scalar', 'kind: A\na: one\n  two\n', false],
  ['multi-line flow', 'kind: A\na: [1,\n  2]\n', false],
  ['multi-line double quotes', 'kind: A\na: "one\n  two"\n', false],
  ['duplicate keys', 'kind: A\na: 1\na: 2\n', false],
  ['complex key', 'kind: A\n? a\n: 1\n', false],
  ['top-level sequence', '- a\n- b\n', false],
  ['malformed', 'kind: A\na: b: c\n', false],
  ['tabs in indentation', 'kind: A\nspec:\n\tx: 1\n', false],
  ['document end marker', 'kind: A\n...\n', false],
  ['non-string key', 'kind: A\n80: http\n', false],
  ['block scalar at end of file without a newline', 'kind: A\na: |\n  x', false],
  ['folded scalar with more-indented lines', 'kind: A\na: >\n  one\n    two\n  three\n', false],
  ['literal scalar with an indentation indicator', 'kind: A\na: |2\n   x\n', false],
  ['crlf', 'kind: A\r\nmetadata:\r\n  name: x\r\n', false],
  // merge keys, as Kubernetes applies them: explicit keys win wherever they stand, earlier sources win
  ['merge key, flow', 'kind: A\nsc: {runAsNonRoot: true, <<: {runAsUser: 0, runAsNonRoot: false}}\n', true],
  ['merge key, block, explicit key after it wins', 'kind: A\nsc:\n  <<:\n    a: 1\n    b: 1\n  b: 2\n', true],
  ['merge key, list of sources, earlier wins', 'kind: A\nsc:\n  c: 0\n  <<:\n    - a: 1\n    - a: 2\n      b: 2\n  <<: {b: 3, d: 3}\n', true],
  ['merge key, nested merges', 'kind: A\nx: {<<: {<<: {q: 1}, p: 2}, r: 3}\n', true],
  ['merge key, empty list', 'kind: A\nx: {<<: [], a: 1}\n', true],
  ['quoted "<<" is an ordinary key', 'kind: A\nx: {"<<": {a: 1}}\ny:\n  \'<<\': 2\n', true],
  ['merge key with a scalar (an error)', 'kind: A\nx: {<<: 1}\n', false],
  ['merge key with a null (an error)', 'kind: A\nx:\n  <<:\n  a: 1\n', false],
  ['merge key through an alias', 'kind: A\nb: &b {a: 1}\nx: {<<: *b, c: 2}\n', true],
  ['merge key, explicit key given twice (an error)', 'kind: A\nx: {<<: {a: 1}, a: 2, a: 3}\n', false],
];

for (const [name, text, fast] of HAND) {
  test(`edge case: ${name}`, (t) => {
    t.is(same(t, text, name), fast, fast ? 'expected the fast path' : 'expected the general parser');
  });
}

// Keys and strings that stress quoting and scalar resolution.
const key = fc.oneof(
  fc.constantFrom('kind', 'name', 'a b', 'app.kubernetes.io/name', 'x:y', 'on', 'yes', '-x', 'k#', 'é', 'with "quote"', "it's", '<<'),
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.\/-]{0,12}$/),
);
const scalar = fc.oneof(
  fc.constantFrom('', ' lead', 'trail ', 'a: b', 'a #b', '#x', '- x', 'true', 'null', '0o7', '0x1f', '1e3', '.inf', '{x}', '[y]', 'line\nbreak', 'tab\tin', "quo'te", 'dq"x', 'back\\slash', 'ünï', '@at', '`tick', '%pct', '*star', '&amp', '!bang', '|pipe', '>gt', ':colon', '?q', 'a,b'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('arr'), tie('obj')),
  arr: fc.array(tie('node'), { maxLength: 4 }),
  obj: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;
const docArb = fc.record({ kind: fc.constantFrom('Deployment', 'Service', 'List'), metadata: fc.record({ name: fc.string({ maxLength: 8 }) }), spec: value });
const options = fc.record({
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
  indentSeq: fc.boolean(),
  indent: fc.integer({ min: 1, max: 4 }),
  lineWidth: fc.constantFrom(0, 20, 80),
  flowCollectionPadding: fc.boolean(),
});

test('generated documents in many YAML styles read the same both ways', (t) => {
  let fast = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.array(docArb, { minLength: 1, maxLength: 3 }), options, fc.boolean(), fc.boolean(), (docs, opts, leadingMarker, share) => {
      runs++;
      // shared objects come out as anchors and aliases (`&a1` ... `*a1`)
      const shaped = share ? docs.map((d) => ({ ...d, copy: d.spec, meta: d.metadata, again: [d.metadata, d.spec] })) : docs;
      const text = (leadingMarker ? '---\n' : '') + shaped.map((d) => stringify(d, opts as never)).join('---\n');
      const label = `generated: ${JSON.stringify(text)}`;
      if (same(t, text, label)) fast++;
    }),
    { numRuns: 400, seed: 20261122 },
  );
  t.log(`${fast} of ${runs} generated files took the fast path`);
  t.true(fast > runs / 4, `only ${fast} of ${runs} took the fast path`);
});

test('the METADATA of every policy reads the same both ways, nearly all of it fast', (t) => {
  const rego: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.rego')) rego.push(p);
    }
  };
  walk('policies');
  let blocks = 0;
  let fast = 0;
  for (const f of rego) {
    // every METADATA comment block, with the comment markers removed as the library loader does
    const lines = readFileSync(f, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^#\s*METADATA\s*$/.test(lines[i]!)) continue;
      const body: string[] = [];
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith('#'); j++) body.push(lines[j]!.replace(/^# ?/, ''));
      const text = body.join('\n');
      blocks++;
      const got = parseYamlMappingFast(text);
      if (got === undefined) continue;
      fast++;
      t.deepEqual(got, parseYaml(text), `${f}:${i + 1}`);
    }
  }
  t.true(blocks > 60, `only ${blocks} METADATA blocks`);
  t.true(fast > blocks * 0.9, `only ${fast} of ${blocks} METADATA blocks read fast`);
});

test('a byte order mark anywhere is left to the general reader (found by the yaml fuzz surface: a BOM after a line break became part of a key)', (t) => {
  for (const text of ['\n\ufeff: v\n', '\ufeffapiVersion: v1\nkind: ConfigMap\n', 'kind: A\n---\n\ufeffkind: B\n']) {
    t.is(parseYamlFast(text), undefined, JSON.stringify(text));
    const general = parseManifests('bom.yaml', text, undefined, 0, 'general');
    const auto = parseManifests('bom.yaml', text);
    t.deepEqual(
      auto.value.map((r) => [r.kind, r.object]),
      general.value.map((r) => [r.kind, r.object]),
    );
    t.deepEqual(
      auto.diagnostics.map((d) => d.message),
      general.diagnostics.map((d) => d.message),
    );
  }
});
