// Scanning source trees with ts-morph: which files, which comments, which declarations, which scopes.
import test from 'ava';
import { scanSources } from '../../src/trace/index.js';
import { fixture, positionOf } from './fixture.js';

const HANDLER = `/**
 * Payments HTTP handlers.
 * @element Api
 * @boundary Payments
 */
import { createHash } from 'node:crypto';

/**
 * Verifies bearer tokens.
 * @mitigates spoofing by oidcAuth issuer and audience are checked
 */
export function verifyToken(token: string): boolean {
  const decoy = "@mitigates Api.tampering inside a string is not a tag";
  const url = \`https://example.com//@mitigates Api.tampering\`;
  // @exposes informationDisclosure severity low token prefix is logged
  return token.length > 0; // @mitigates Threats.Api_repudiation audit line below
}

export class PaymentsController {
  /** @mitigates Api.tampering by inputValidation */
  private readonly schema = {};

  constructor() {}

  /** @element Ledger */
  async charge(amount: number) {
    /* @mitigates tampering by inputValidation amounts are checked */
    return createHash('sha256').update(String(amount)).digest('hex');
  }

  /** @mitigates TH-1a2b3c4d */
  get total() {
    return 1;
  }
}

/** @mitigates Api.denialOfService by rateLimit */
export const limiter = (n: number) => n;
`;

test('tags are found on declarations and inside them, with positions and declaration names', (t) => {
  const root = fixture({ 'src/handler.ts': HANDLER });
  const r = scanSources(['src'], { cwd: root });
  t.deepEqual(r.diagnostics, []);
  const rows = r.value.map((a) => [a.tag, a.line, a.column, a.declaration ?? null, a.attached]);
  const pos = (needle: string, nth = 0) => {
    const p = positionOf(HANDLER, needle, nth);
    return [p.line, p.column];
  };
  t.deepEqual(rows, [
    ['element', ...pos('@element Api'), null, false],
    ['boundary', ...pos('@boundary'), null, false],
    ['mitigates', ...pos('@mitigates spoofing'), 'function verifyToken', true],
    ['exposes', ...pos('@exposes'), 'function verifyToken', false],
    ['mitigates', ...pos('@mitigates Threats'), 'function verifyToken', false],
    ['mitigates', ...pos('@mitigates Api.tampering by'), 'property PaymentsController.schema', true],
    ['element', ...pos('@element Ledger'), 'method PaymentsController.charge', true],
    ['mitigates', ...pos('@mitigates tampering'), 'method PaymentsController.charge', false],
    ['mitigates', ...pos('@mitigates TH-'), 'get PaymentsController.total', true],
    ['mitigates', ...pos('@mitigates Api.denialOfService'), 'const limiter', true],
  ]);
  t.true(r.value.every((a) => a.file === 'src/handler.ts'));
  const exposes = r.value.find((a) => a.tag === 'exposes')!;
  t.deepEqual(exposes.span, {
    line: exposes.line,
    column: exposes.column,
    endLine: exposes.line,
    endColumn: exposes.column + '@exposes informationDisclosure severity low token prefix is logged'.length,
    offset: HANDLER.indexOf('@exposes'),
    endOffset: HANDLER.indexOf('@exposes') + '@exposes informationDisclosure severity low token prefix is logged'.length,
  });
  t.deepEqual(exposes.refSpan!.offset, HANDLER.indexOf('informationDisclosure severity'));
});

test('@element scopes: the file header covers the file, a documented method covers itself', (t) => {
  const root = fixture({ 'src/handler.ts': HANDLER });
  const r = scanSources(['src'], { cwd: root });
  const mitigates = r.value.filter((a) => a.tag === 'mitigates');
  t.like(mitigates[0], { ref: { kind: 'category', element: 'Api', category: 'spoofing', elementFromScope: true }, control: 'oidcAuth', scope: { element: 'Api', boundary: 'Payments' } });
  t.like(mitigates[3], { ref: { kind: 'category', element: 'Ledger', category: 'tampering', elementFromScope: true }, scope: { element: 'Ledger' } });
  // Outside the method, the file's element is back in force.
  t.like(mitigates[4], { scope: { element: 'Api' } });
  t.like(r.value.find((a) => a.tag === 'exposes'), { ref: { element: 'Api', category: 'informationDisclosure' }, severity: 'low' });
});

test('a header comment on a declaration scopes it unless it says @module', (t) => {
  const src = (extra: string) => `/**\n * Repository.${extra}\n * @element Ledger\n */\nexport class Repo {}\n\n// @mitigates tampering\nexport const x = 1;\n`;
  const plain = scanSources(['.'], { cwd: fixture({ 'a.ts': src('') }) });
  t.is(plain.value[1].ref?.kind === 'category' ? plain.value[1].ref.element : 'none', undefined);
  const mod = scanSources(['.'], { cwd: fixture({ 'a.ts': src('\n * @module') }) });
  t.like(mod.value[1], { ref: { element: 'Ledger', elementFromScope: true } });
});

test('a header followed by a blank line covers the file; locals are not declarations', (t) => {
  const text = `/**\n * Ledger repository.\n * @element Ledger\n */\n\nexport interface Row { id: string }\n\nexport class Repo {\n  write() {\n    try {} catch {\n      // @mitigates repudiation by auditLogging\n      const id = 1;\n    }\n  }\n}\n`;
  const r = scanSources(['.'], { cwd: fixture({ 'a.ts': text }) });
  t.deepEqual(r.diagnostics, []);
  t.like(r.value[1], { declaration: 'method Repo.write', attached: false, ref: { element: 'Ledger', elementFromScope: true } });
});

test('JavaScript files are read; .d.ts, node_modules and dot folders are not', (t) => {
  const tag = (el: string) => `// @mitigates ${el}.spoofing\nexport const a = 1;\n`;
  const root = fixture({
    'app/a.js': tag('A'),
    'app/b.mjs': tag('B'),
    'app/c.cjs': `/** @mitigates C.spoofing */\nmodule.exports = function c() {};\n`,
    'app/d.tsx': `/** @mitigates D.spoofing */\nexport function D() {\n  return (\n    <div>\n      {/* @mitigates E.tampering escaped by React */}\n      // @mitigates NotAComment.spoofing is JSX text\n    </div>\n  );\n}\n`,
    'app/types.d.ts': tag('Decl'),
    'app/node_modules/lib/index.js': tag('Dep'),
    'app/.cache/x.js': tag('Cache'),
    'app/readme.md': tag('Md'),
  });
  const r = scanSources(['app'], { cwd: root });
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(
    r.value.map((a) => `${a.file} ${a.ref?.kind === 'category' ? a.ref.element : ''}`),
    ['app/a.js A', 'app/b.mjs B', 'app/c.cjs C', 'app/d.tsx D', 'app/d.tsx E'],
  );
});

test('a tsconfig decides the file set, narrowed to the given directories', (t) => {
  const tag = (el: string) => `// @mitigates ${el}.spoofing\nexport const a = 1;\n`;
  const root = fixture({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src/**/*'], exclude: ['src/legacy/**'] }),
    'src/in.ts': tag('In'),
    'src/plain.js': tag('Js'),
    'src/legacy/old.ts': tag('Legacy'),
    'scripts/tool.ts': tag('Script'),
  });
  const withConfig = scanSources(['.'], { cwd: root, tsconfig: 'tsconfig.json' });
  t.deepEqual(withConfig.diagnostics, []);
  t.deepEqual(
    withConfig.value.map((a) => a.file),
    ['src/in.ts'],
  );
  const narrowed = scanSources(['scripts'], { cwd: root, tsconfig: 'tsconfig.json' });
  t.deepEqual(narrowed.value, []);
  const without = scanSources(['.'], { cwd: root });
  t.deepEqual(
    without.value.map((a) => a.file),
    ['scripts/tool.ts', 'src/in.ts', 'src/legacy/old.ts', 'src/plain.js'],
  );
  // allowJs brings JavaScript into the tsconfig's set.
  const js = fixture({
    'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true }, include: ['src'] }),
    'src/plain.js': tag('Js'),
  });
  t.deepEqual(
    scanSources(['.'], { cwd: js, tsconfig: 'tsconfig.json' }).value.map((a) => a.file),
    ['src/plain.js'],
  );
});

test('missing directories and unreadable tsconfigs are diagnostics, not throws', (t) => {
  const root = fixture({ 'src/a.ts': '// @mitigates A.spoofing\n', 'bad.json': '{ "compilerOptions": { "strict": tru } }' });
  const missing = scanSources(['nope', 'src'], { cwd: root });
  t.deepEqual(
    missing.diagnostics.map((d) => [d.code, d.severity, d.file]),
    [['WD6020', 'error', 'nope']],
  );
  t.is(missing.value.length, 1);
  t.is(scanSources(['src'], { cwd: root, tsconfig: 'none.json' }).diagnostics[0].code, 'WD6021');
  const bad = scanSources(['src'], { cwd: root, tsconfig: 'bad.json' });
  t.true(bad.diagnostics.length > 0);
  t.true(bad.diagnostics.every((d) => d.code === 'WD6021'));
});

test('tag problems are diagnostics with file and span; near misses are flagged', (t) => {
  const text = `export class A {\n  /**\n   * @mitigate Api.spoofing\n   * @mitigates Api.spofing by mtls\n   */\n  run() {}\n}\n// @Exposes Api.tampering x\n`;
  const root = fixture({ 'src/a.ts': text });
  const r = scanSources(['src'], { cwd: root });
  t.deepEqual(r.value, []);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.file, d.span.line, d.span.column, d.span.endColumn, d.hint]),
    [
      ['WD6014', 'src/a.ts', 3, 6, 6 + '@mitigate'.length, 'did you mean "@mitigates"?'],
      ['WD6002', 'src/a.ts', 4, 17, 17 + 'Api.spofing'.length, 'did you mean "spoofing"?'],
      ['WD6014', 'src/a.ts', 8, 4, 4 + '@Exposes'.length, 'did you mean "@exposes"?'],
    ],
  );
});

test('scanning is deterministic and sorted by file then position', (t) => {
  const files: Record<string, string> = {};
  for (const n of [3, 1, 2]) files[`src/m${n}.ts`] = `// @mitigates E${n}.tampering\n/** @mitigates E${n}.spoofing */\nexport function f${n}() {}\n`;
  const root = fixture(files);
  const a = scanSources(['src'], { cwd: root });
  const b = scanSources(['src'], { cwd: root });
  t.deepEqual(a, b);
  t.is(JSON.stringify(a), JSON.stringify(b));
  t.deepEqual(
    a.value.map((x) => `${x.file}:${x.line}`),
    ['src/m1.ts:1', 'src/m1.ts:2', 'src/m2.ts:1', 'src/m2.ts:2', 'src/m3.ts:1', 'src/m3.ts:2'],
  );
});
