import test from 'ava';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests, parseManifests, scanNestingDepth, DEFAULT_LIMITS } from '../../src/check/manifests.js';

const DEPLOYMENT = `# Source: payments/templates/api.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: pay
spec:
  template:
    spec:
      containers:
        - name: app
          image: x
          securityContext:
            privileged: true
`;

test('a field path maps to the line and column of its key; sequence items to the item', (t) => {
  const r = parseManifests('a.yaml', DEPLOYMENT);
  t.deepEqual(r.diagnostics, []);
  t.is(r.value.length, 1);
  const res = r.value[0];
  t.like(res, { kind: 'Deployment', name: 'api', namespace: 'pay', index: 0, template: 'payments/templates/api.yaml', document: 0 });
  t.like(res.position(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']), { file: 'a.yaml', line: 14, column: 13, exact: true });
  t.like(res.position(['spec', 'template', 'spec', 'containers', 0]), { line: 11, column: 11, exact: true });
  t.like(res.position(['metadata', 'name']), { line: 5, column: 3 });
});

test('a missing field falls back to its nearest existing ancestor', (t) => {
  const res = parseManifests('a.yaml', DEPLOYMENT).value[0];
  const p = res.position(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits']);
  t.false(p.exact);
  t.deepEqual(p.path, ['spec', 'template', 'spec', 'containers', 0]);
  t.is(p.line, 11);
  t.deepEqual(res.position(['spec', 'template', 'spec', 'containers', 5]).path, ['spec', 'template', 'spec', 'containers']);
  t.is(res.position([]).line, 2); // the document itself
});

test('multi-document files keep per-document positions and Helm sources', (t) => {
  const text = `${DEPLOYMENT}---\n# Source: payments/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  type: LoadBalancer\n---\n---\n`;
  const r = parseManifests('m.yaml', text, DEFAULT_LIMITS, 10);
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(
    r.value.map((x) => [x.index, x.kind, x.template, x.document]),
    [
      [10, 'Deployment', 'payments/templates/api.yaml', 0],
      [11, 'Service', 'payments/templates/svc.yaml', 1],
    ],
  );
  t.like(r.value[1].position(['spec', 'type']), { line: 22, column: 3 });
});

test('List kinds are flattened into their items, positions inside the list', (t) => {
  const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: b\n`;
  const r = parseManifests('l.yaml', text);
  t.deepEqual(
    r.value.map((x) => [x.kind, x.name]),
    [
      ['Service', 'a'],
      ['Pod', 'b'],
    ],
  );
  t.like(r.value[1].position(['metadata', 'name']), { line: 10, column: 7 });
  t.like(r.value[0].position(['kind']), { line: 5, column: 5 });
});

test('a malformed document is WD5001 with its line; the other documents still load', (t) => {
  const text = `kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: [1, 2\n---\nkind: C\nmetadata: {name: c}\n`;
  const r = parseManifests('bad.yaml', text);
  t.deepEqual(
    r.value.map((x) => x.kind),
    ['A', 'C'],
  );
  t.is(r.diagnostics.length, 1);
  t.like(r.diagnostics[0], { code: 'WD5001', severity: 'error', file: 'bad.yaml' });
  t.true(r.diagnostics[0].span.line >= 4 && r.diagnostics[0].span.line <= 6, `line ${r.diagnostics[0].span.line}`);
  t.like(r.value[1].position(['metadata', 'name']), { line: 8 });
});

test('non-object documents are WD5002; documents without kind are a WD5007 warning', (t) => {
  const r = parseManifests('x.yaml', `- a\n- b\n---\njust a string\n---\nmetadata: {name: x}\n---\nkind: Ok\n`);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.span.line]),
    [
      ['WD5002', 1],
      ['WD5002', 4],
      ['WD5007', 6],
    ],
  );
  t.is(r.diagnostics[2].severity, 'warning');
  t.deepEqual(
    r.value.map((x) => x.kind),
    ['Ok'],
  );
});

test('an alias bomb fails fast with WD5003, other documents kept', (t) => {
  let bomb = 'kind: Bomb\na: &a ["x","x","x","x","x","x","x","x","x"]\n';
  for (let i = 0; i < 9; i++) {
    const p = String.fromCharCode(97 + i);
    const n = String.fromCharCode(98 + i);
    bomb += `${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]\n`;
  }
  const started = Date.now();
  const r = parseManifests('bomb.yaml', `${bomb}---\nkind: Fine\n`);
  t.true(Date.now() - started < 2000);
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD5003'],
  );
  t.deepEqual(
    r.value.map((x) => x.kind),
    ['Fine'],
  );
});

test('10,000 levels of flow nesting are refused with WD5005 before parsing, quickly', (t) => {
  const text = 'kind: Deep\nspec: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
  const started = Date.now();
  const r = parseManifests('deep.yaml', text);
  t.true(Date.now() - started < 3000, `${Date.now() - started} ms`);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.span.line]),
    [['WD5005', 2]],
  );
  t.deepEqual(r.value, []);
});

test('10,000 levels of block nesting are refused with WD5005 (and, at 50 MB of indentation, first as a document over the size limit)', (t) => {
  let text = 'kind: Deep\n';
  for (let i = 0; i < 10_000; i++) text += ' '.repeat(i) + `k${i}:\n`;
  const r = parseManifests('deep.yaml', text, { ...DEFAULT_LIMITS, maxDocumentBytes: 1 << 30 });
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD5005'],
  );
  t.deepEqual(
    parseManifests('deep.yaml', text).diagnostics.map((d) => d.code),
    ['WD5018'],
  );
});

test('the nesting scan is not fooled by brackets in strings, comments and block scalars', (t) => {
  const text = `kind: ConfigMap\ndata:\n  a: "${'['.repeat(400)}"\n  b: '${'{'.repeat(400)}'\n  # ${'['.repeat(400)}\n  c: |\n    ${'['.repeat(400)}\n    more\n  d: plain [text\n`;
  t.is(scanNestingDepth(text, 256), -1);
  const r = parseManifests('cm.yaml', text);
  t.deepEqual(r.diagnostics, []);
  t.is(r.value.length, 1);
  t.is(scanNestingDepth('a: ' + '['.repeat(300), 256), 258); // the 256th bracket: one block level + 256 flow levels
});

test('nesting just under the limit loads', (t) => {
  const text = 'kind: Ok\nspec: ' + '['.repeat(200) + ']'.repeat(200) + '\n';
  const r = parseManifests('ok.yaml', text);
  t.deepEqual(r.diagnostics, []);
  t.is(r.value.length, 1);
});

test('files over --max-bytes are refused (WD5004) without being read; the rest loads', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-manifests-'));
  writeFileSync(join(dir, 'big.yaml'), `kind: Big\ndata: "${'x'.repeat(5000)}"\n`);
  writeFileSync(join(dir, 'small.yaml'), 'kind: Small\n');
  const r = await loadManifests([dir], { cwd: dir, limits: { maxBytes: 1000 } });
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.file]),
    [['WD5004', 'big.yaml']],
  );
  t.deepEqual(
    r.value.resources.map((x) => x.kind),
    ['Small'],
  );
});

test('a 100 MB file is refused by the default limit at once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-manifests-'));
  const big = Buffer.alloc(100 * 1024 * 1024, 0x61);
  writeFileSync(join(dir, 'huge.yaml'), big);
  const started = Date.now();
  const r = await loadManifests(['huge.yaml'], { cwd: dir });
  t.true(Date.now() - started < 1000);
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD5004'],
  );
});

test('directories are read recursively in sorted order; only yaml, yml and json files', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-manifests-'));
  mkdirSync(join(dir, 'b'));
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'z.yaml'), 'kind: Z\n');
  writeFileSync(join(dir, 'b', 'x.yml'), 'kind: BX\n');
  writeFileSync(join(dir, 'a', 'y.json'), '{"kind": "AY", "metadata": {"name": "j"}}');
  writeFileSync(join(dir, 'a', 'notes.txt'), 'kind: Nope\n');
  const r = await loadManifests(['.'], { cwd: dir });
  t.deepEqual(r.value.files, ['a/y.json', 'b/x.yml', 'z.yaml']);
  t.deepEqual(
    r.value.resources.map((x) => [x.index, x.kind]),
    [
      [0, 'AY'],
      [1, 'BX'],
      [2, 'Z'],
    ],
  );
  t.like(r.value.resources[0].position(['metadata', 'name']), { file: 'a/y.json', line: 1, column: 29 });
});

test('stdin (-) reads helm template output; a missing path is WD5006', async (t) => {
  const r = await loadManifests(['-', 'nope.yaml'], { cwd: tmpdir(), readStdin: async () => `---\n${DEPLOYMENT}` });
  t.deepEqual(
    r.value.resources.map((x) => [x.file, x.kind, x.template]),
    [['<stdin>', 'Deployment', 'payments/templates/api.yaml']],
  );
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.file]),
    [['WD5006', 'nope.yaml']],
  );
});
