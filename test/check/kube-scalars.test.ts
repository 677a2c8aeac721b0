// Manifests are read the way Kubernetes reads them: kubectl, Helm and the API server convert YAML
// with sigs.k8s.io/yaml, whose go-yaml v2 resolves plain scalars by YAML 1.1's rules. Before this,
// Warden read YAML 1.2 (the `yaml` package's core schema), so `privileged: on` was the string "on"
// to the checks and `true` to the cluster: a privileged container no check saw.
//
// The expectations below are facts about sigs.k8s.io/yaml v1.6.0; where Go is installed, the last
// tests build test/check/kube-yaml-oracle (that library itself, test/helpers/kube-yaml.ts) and compare both of Warden's readers
// with it on a corpus of scalars, as values and as keys.
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentSpans } from '../../src/check/document-size.js';
import { parseManifests } from '../../src/check/manifests.js';
import { kubeKeyText, kubeScalarValue, noJsonForm, resolveKubePlain } from '../../src/text/kube-scalars.js';
import { runCli } from '../helpers/cli.js';
import { kubeYaml } from '../helpers/kube-yaml.js';

const here = dirname(fileURLToPath(import.meta.url));

const value = (s: string) => kubeScalarValue(resolveKubePlain(s));

test('YAML 1.1 booleans, nulls and numbers, as go-yaml v2 resolves them', (t) => {
  for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']) t.is(value(s), true, s);
  for (const s of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']) t.is(value(s), false, s);
  for (const s of ['', '~', 'null', 'Null', 'NULL']) t.is(value(s), null, JSON.stringify(s));
  // other spellings stay strings
  for (const s of ['yEs', 'oN', 'tRUE', 'nULL', 'Nope', 'onn', 'v1', '1a', '0xG', '1:20', '-', '+', '1,000', 'inf', 'NaN']) t.is(value(s), s, s);
  const numbers: Array<[string, number]> = [
    ['0', 0], ['-0', 0], ['7', 7], ['+7', 7], ['-7', -7], ['0755', 493], ['010000', 4096], ['-010', -8], ['08', 8], ['0x1F', 31], ['-0x1f', -31],
    ['0o17', 15], ['0b101', 5], ['-0b101', -5], ['1_000', 1000], ['0x_1F', 31], ['1_0.5', 10.5], ['1.5', 1.5], ['1.', 1], ['.5', 0.5], ['.5e3', 500],
    ['1e3', 1000], ['1E-3', 0.001], ['-1e3', -1000], ['9223372036854775807', 9223372036854775807], ['18446744073709551615', 18446744073709551615], ['1e-400', 0],
  ];
  for (const [s, n] of numbers) t.is(value(s), n, s);
  // out of range: the text
  for (const s of ['1e999', '.5e999', '0o8', '0b2', '0x']) t.is(value(s), s, s);
  // dates stay text (go-yaml v2 keeps timestamps as strings in untyped values)
  for (const s of ['2024-01-02', '2024-1-2', '2001-12-14 21:59:43.10']) t.is(value(s), s, s);
});

test('.inf and .nan have no JSON form: kubectl cannot send such a document', (t) => {
  for (const s of ['.inf', '.Inf', '+.INF', '-.inf', '.nan', '.NaN']) t.truthy(noJsonForm(resolveKubePlain(s)), s);
  for (const s of ['1.5', 'inf', '.5']) t.falsy(noJsonForm(resolveKubePlain(s)), s);
});

test('keys: booleans and integers become their JSON text; null and float keys are refused', (t) => {
  const key = (s: string) => kubeKeyText(resolveKubePlain(s), s);
  t.deepEqual(key('on'), { key: 'true' });
  t.deepEqual(key('n'), { key: 'false' });
  t.deepEqual(key('0755'), { key: '493' });
  t.deepEqual(key('9223372036854775807'), { key: '9223372036854775807' });
  t.deepEqual(key('name'), { key: 'name' });
  for (const s of ['~', 'null', '1.5', '.inf', '9223372036854775808']) t.true('error' in key(s), s);
});

const pod = (securityContext: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec:\n  containers:\n    - name: c\n      image: nginx@sha256:${'0'.repeat(64)}\n      securityContext: ${securityContext}\n`;

test('privileged: on (and yes, Y, ON) is a privileged container to the checks too (was: no K8S-008)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-kube-scalars-'));
  for (const v of ['on', 'yes', 'Y', 'ON', 'true']) {
    const file = join(dir, `p-${v}.yaml`);
    writeFileSync(file, pod(`{privileged: ${v}}`));
    const r = await runCli(['check', file, '--format', 'json', '-q'], { cwd: dir });
    const report = JSON.parse(r.stdout) as { findings: Array<{ check: string }> };
    t.true(report.findings.some((f) => f.check === 'K8S-008'), v);
  }
  // quoted, it is a string, which Kubernetes rejects for a boolean field: no claim either way
  t.is(parseManifests('q.yaml', pod('{privileged: "on"}')).value[0]?.object.spec !== undefined, true);
});

test('both readers read plain scalars the Kubernetes way, keys included', (t) => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nx:\n  a: on\n  b: 0755\n  c: 1e3\n  d: "on"\n  e: 2024-01-02\n  f: [off, 1_000, y]\n  g: {n: 1}\n';
  for (const reader of ['auto', 'general'] as const) {
    const r = parseManifests('c.yaml', text, undefined, 0, reader);
    t.deepEqual(r.diagnostics, [], reader);
    t.deepEqual(r.value[0]?.object.x, { a: true, b: 493, c: 1000, d: 'on', e: '2024-01-02', f: [false, 1000, true], g: { false: 1 } }, reader);
  }
  const key = parseManifests('k.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  on: x\n');
  t.deepEqual(key.value[0]?.object.data, { true: 'x' });
});

test('an explicit tag resolves as go-yaml v2 resolves it: privileged: !!bool on is true; a mismatch is a WD5001', (t) => {
  const x = (body: string) => parseManifests('t.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nx: ${body}\n`);
  t.is(x('!!bool on').value[0]?.object.x, true);
  t.is(x('!!int "0755"').value[0]?.object.x, 493);
  t.is(x('!!float 1').value[0]?.object.x, 1);
  t.is(x('!!str on').value[0]?.object.x, 'on');
  for (const body of ['!!bool 1', '!!int on', '!!null x', '!!timestamp 2024-01-01']) t.deepEqual(x(body).diagnostics.map((d) => [d.code, d.span.line]), [['WD5001', 4]], body);
});

test('a document with .inf, a null key or a float key is a located WD5001 (kubectl cannot convert it)', (t) => {
  for (const [body, line] of [['x: .inf', 4], ['x: {~: 1}', 4], ['x:\n  1.5: a', 5]] as const) {
    const r = parseManifests('d.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n${body}\n`);
    t.is(r.value.length, 0, body);
    t.deepEqual(r.diagnostics.map((d) => [d.code, d.span.line]), [['WD5001', line]], body);
  }
});

// ---------------------------------------------------------------- the library itself, where Go is

/** The oracle's convert, or undefined after logging why this test is skipped (no Go, no build). */
function oracleOr(t: ExecutionContext): ((docs: readonly string[]) => string[]) | undefined {
  const o = kubeYaml();
  if ('convert' in o) return o.convert;
  t.log(`skipped: ${o.reason}`);
  t.pass();
  return undefined;
}

/** The Kubernetes documents (those with a kind) of the YAML files below `dirs`. */
function manifestDocs(...dirs: string[]): Array<{ file: string; text: string }> {
  return dirs.flatMap((d) => yamlFiles(d)).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return documentSpans(text)
      .map(([a, b]) => ({ file, text: text.slice(a, b) }))
      .filter((d) => /^kind:/m.test(d.text));
  });
}

/**
 * Asserts that wherever Warden reads a variant as one resource without errors and the oracle reads
 * it too, both give the same value; returns how many both read. `skip` leaves variants out.
 */
function alikeWhereBothRead(t: ExecutionContext, convert: (docs: readonly string[]) => string[], variants: string[], skip: (v: string) => boolean = () => false): number {
  const answers = convert(variants);
  let both = 0;
  variants.forEach((v, i) => {
    const ours = parseManifests('v.yaml', v);
    if (skip(v) || answers[i]!.startsWith('ERR') || ours.value.length !== 1 || ours.diagnostics.some((d) => d.severity === 'error')) return;
    both++;
    t.deepEqual(ours.value[0]!.object, JSON.parse(answers[i]!), JSON.stringify(v.slice(0, 160)));
  });
  return both;
}

const examples = join(here, '..', '..', 'examples');

/** Plain scalars: every special spelling, and generated numbers with signs, prefixes and underscores. */
function corpus(): string[] {
  const fixed = ['y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'tRUE', 'false', '~', 'null', 'Null', 'NULL', 'nULL',
    '.nan', '.NaN', '.inf', '-.Inf', '+.INF', '.iNf', '.5', '.5e3', '.5E-3', '.', '.e1', '.5e999', '.0', '0', '00', '007', '08', '0755', '-010', '+010', '0x1F', '0X1f', '-0x1F', '0x', '0o17', '0O17', '0o8',
    '0b101', '-0b101', '+0b101', '0b', '0b2', '1_000', '1__0', '_1', '1_', '0x_1F', '1_0.5', '1.5', '1.', '1.0', '+1.5', '1e3', '1E3', '1e+3', '1e-3', '1e', 'e3', '1e999', '1e-999',
    '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '99999999999999999999999',
    '2024-01-02', '2024-1-2', '2024-01-02T03:04:05Z', '2001-12-14 21:59:43.10', '2023-02-30', '1:20', '12:30:00', '+', '-0', '-0.0', '1,000', '0x1p3', 'inf', 'nan', '1.5.5', 'v1', '1a'];
  let seed = 20261206;
  const rnd = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const parts = ['', '+', '-', '0', '0x', '0o', '0b', '1', '7', '9', '_', '.', 'e', 'E', 'f', 'A', '00', '12', '8'];
  const generated = Array.from({ length: 600 }, () => Array.from({ length: 1 + rnd(5) }, () => parts[rnd(parts.length)]).join('')).filter((s) => s !== '' && !s.startsWith('-') || /^-[0-9.]/.test(s));
  return [...new Set([...fixed, ...generated])];
}

test('the corpus reads as sigs.k8s.io/yaml reads it: values and keys, both readers', (t) => {
  const convert = oracleOr(t);
  if (!convert) return;
  const scalars = corpus();
  const tagged = ['!!bool on', '!!bool "yes"', '!!bool 1', '!!bool ""', '!!int "0755"', '!!int 0x1F', '!!int 1.5', '!!int on', '!!float 1', '!!float "1e3"', '!!float on', '!!float .inf',
    '!!null ""', '!!null ~', '!!null x', '!!str 1', "!!str 'on'", '!!str', '!!timestamp 2024-01-01', '!!binary aGk=', '!foo on'];
  const docs = [...scalars.map((s) => `a: ${s}`), ...tagged.map((s) => `a: ${s}`), ...scalars.map((s) => `${s}: 1`), ...tagged.map((s) => `${s}: 1`)];
  const answers = convert(docs.map((d) => `kind: T\n${d}`));
  t.is(answers.length, docs.length);
  let compared = 0;
  const skipped: string[] = [];
  docs.forEach((d, i) => {
    const want = answers[i]!;
    // go-yaml and the yaml package disagree on some syntax (`a: -`); the scalars are what is compared
    if (want.startsWith("ERR yaml:") && !/cannot decode/.test(want)) return void skipped.push(d);
    const isKey = !d.startsWith('a: ');
    for (const reader of ['auto', 'general'] as const) {
      const r = parseManifests('o.yaml', `kind: T\n${d}\n`, undefined, 0, reader);
      if (want.startsWith('ERR')) {
        t.is(r.value.length, 0, `${reader}: ${d}: kubectl cannot convert it (${want}), so Warden reads nothing`);
        continue;
      }
      const got = r.value[0]?.object;
      const theirs = JSON.parse(want) as Record<string, unknown>;
      // a float key (go-yaml writes it in float32 precision), !!timestamp and !!binary: Warden refuses them
      if (r.value.length === 0 && r.diagnostics.some((x) => /float as Kubernetes reads YAML|is not supported in manifests/.test(x.message))) continue;
      t.deepEqual(got, theirs, `${reader}: ${d}`);
    }
    compared++;
  });
  t.log(`${compared} of ${docs.length} documents compared with sigs.k8s.io/yaml (${scalars.length} scalars, ${tagged.length} tagged); a syntax error to go-yaml: ${skipped.map((d) => JSON.stringify(d)).join(', ')}`);
});

test('every example and fixture manifest reads as sigs.k8s.io/yaml reads it', (t) => {
  const convert = oracleOr(t);
  if (!convert) return;
  const root = join(here, '..', '..');
  const docs = manifestDocs(examples, join(root, 'test', 'check', 'fixtures'), join(root, 'test', 'fixtures'));
  const answers = convert(docs.map((d) => d.text));
  let compared = 0;
  docs.forEach((d, i) => {
    const want = answers[i]!;
    const ours = parseManifests('m.yaml', d.text);
    if (want.startsWith('ERR')) return void t.is(ours.value.length, 0, `${d.file}: ${want}`);
    if (ours.value.length !== 1) return; // a List, or a document Warden refuses (its own tests say why)
    t.deepEqual(ours.value[0]!.object, JSON.parse(want), d.file);
    compared++;
  });
  t.true(compared > 200, `${compared} documents`);
  t.log(`${compared} documents of ${new Set(docs.map((d) => d.file)).size} files agree with sigs.k8s.io/yaml`);
});

/** The YAML files below `dir`, workflows left out (GitHub reads those, as YAML 1.2). */
function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !/workflows/.test(e.parentPath))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !/^jobs:/m.test(readFileSync(f, 'utf8')))
    .sort();
}

test('a NEL, U+2028 or U+2029 (line breaks to go-yaml v2, text to YAML 1.2) refuses its document, located; the others are read', (t) => {
  const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext:\n        privileged: true\u2028\n`;
  const text = `${pod}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
  for (const reader of ['auto', 'general'] as const) {
    const r = parseManifests('p.yaml', text, undefined, 0, reader);
    t.deepEqual(r.value.map((x) => x.name), ['c'], reader);
    t.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.column]), [['WD5001', 'error', 9, 25]], reader);
    t.regex(r.diagnostics[0]!.message, /U\+2028, a line break to Kubernetes' YAML reader/);
  }
});

test('a lone carriage return and a leading ? in a flow collection refuse their document (go-yaml v2 reads them as a line break and a key indicator)', (t) => {
  const doc = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n${body}\n`;
  for (const [body, message] of [
    ['x:\n  privileged: true\rz: 1', /a carriage return with no line feed after it/],
    ['x: {?privileged: true}', /"\?privileged" in a flow collection/],
    ['x: [get, ?list]', /"\?list" in a flow collection/],
  ] as const) {
    for (const reader of ['auto', 'general'] as const) {
      const r = parseManifests('c.yaml', doc(body), undefined, 0, reader);
      t.is(r.value.length, 0, `${reader}: ${JSON.stringify(body)}`);
      t.deepEqual(r.diagnostics.map((d) => d.code), ['WD5001'], `${reader}: ${JSON.stringify(body)}`);
      t.regex(r.diagnostics[0]!.message, message);
    }
  }
  // CRLF line ends, `? ` with a space and `?` in block context stay as they were
  const fine = parseManifests('c.yaml', doc('x: {? a: b}\r\nw: ?text\r\nz: "q?"'));
  t.deepEqual(fine.diagnostics, []);
  t.like(fine.value[0]!.object, { x: { a: 'b' }, w: '?text', z: 'q?' });
});

test('mutated example manifests: wherever Warden and sigs.k8s.io/yaml both read a document, they read it alike', (t) => {
  const convert = oracleOr(t);
  if (!convert) return;
  const docs = manifestDocs(examples).map((d) => d.text);
  const pieces = [' ', '  ', '\t', ':', ': ', '#', ' #', '"', "'", '-', '- ', '?', '? ', '|', '>', '&a ', '*a', '!', '!!str ', '!!int ', '%', '@', ',', '[', ']', '{', '}', '\\', '\n', '\r', '\n  ', 'on', 'yes', '0x', '0o', '_', '.', 'e3', '~', 'null', '<<: ', '\u00a0', '\u2028', '\u0085', 'é'];
  let seed = 20261207;
  const rnd = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const variants = Array.from({ length: 2000 }, () => {
    let d = docs[rnd(docs.length)]!;
    for (let j = 1 + rnd(3); j > 0; j--) {
      const at = rnd(d.length);
      const p = pieces[rnd(pieces.length)]!;
      const op = rnd(3);
      d = op === 0 ? d.slice(0, at) + p + d.slice(at) : op === 1 ? d.slice(0, at) + p + d.slice(at + 1) : d.slice(0, at) + d.slice(at + 1 + rnd(4));
    }
    return d;
  });
  // kubectl reads a chunk's first YAML document only; Warden reads the rest too (more checked, never less)
  const both = alikeWhereBothRead(t, convert, variants, (v) => /^\.\.\.$/m.test(v));
  t.true(both > 500, `${both} variants read by both`);
  t.log(`${both} of ${variants.length} mutated documents read by both, all alike`);
});

test('line breaks of every kind in real manifests: wherever Warden and sigs.k8s.io/yaml both read a document, they read the same', (t) => {
  const convert = oracleOr(t);
  if (!convert) return;
  const docs = manifestDocs(examples).map((d) => d.text);
  let seed = 20261206;
  const rnd = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const variants = Array.from({ length: 600 }, () => {
    const d = docs[rnd(docs.length)]!;
    const breaks = [...d.matchAll(/\n/g)].map((m) => m.index!);
    const at = breaks[rnd(breaks.length)]!;
    const c = ['\u2028', '\u2029', '\u0085', '\r', '\r\n'][rnd(5)]!;
    return rnd(2) ? d.slice(0, at) + c + d.slice(at + 1) : d.slice(0, at) + c + d.slice(at);
  });
  const both = alikeWhereBothRead(t, convert, variants);
  t.true(both > 100, `${both} variants read by both`);
  t.log(`${both} of ${variants.length} variants read by both, all alike`);
});
