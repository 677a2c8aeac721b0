// `warden export ts` output: golden text, compiles cleanly, types catch wrong ids, and code that
// names threats through the constants is resolved by the trace.
// Regenerate the golden file: UPDATE_GOLDEN=1 npx ava test/trace/export-ts.test.ts
import test from 'ava';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { exportThreatsModule, constantIdentifierFor as identifierFor, readableThreatKey, scanSources, threatConstants, traceModel } from '../../src/trace/index.js';
import { buildModel, buildRegister, idOf } from './builders.js';
import { fixture } from './fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(here, 'golden', 'threats.ts.txt');

function compile(root: string, files: string[]): string[] {
  const program = ts.createProgram(
    files.map((f) => join(root, f)),
    { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [] },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? d.file.fileName.slice(root.length + 1) : ''}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

test('the generated module matches the golden file and is deterministic', (t) => {
  const model = buildModel();
  const text = exportThreatsModule(model, buildRegister(model));
  t.is(exportThreatsModule(buildModel(), buildRegister()), text);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(GOLDEN), { recursive: true });
    writeFileSync(GOLDEN, text);
  }
  t.true(existsSync(GOLDEN), 'golden file missing: run with UPDATE_GOLDEN=1');
  t.is(text, readFileSync(GOLDEN, 'utf8'));
});

test('the generated module compiles without errors, and its types reject unknown ids', (t) => {
  const model = buildModel();
  const register = buildRegister(model);
  const root = fixture({
    'threats.ts': exportThreatsModule(model, register),
    'ok.ts': [
      "import { Controls, Elements, Flows, Threats, type ControlId, type ElementId, type ThreatId, type FlowId, type BoundaryId } from './threats.js';",
      'export const e: ElementId = Elements.Api;',
      "export const f: FlowId = Flows.Customer_to_Gateway;",
      "export const b: BoundaryId = 'Payments';",
      "export const c: ControlId = Controls.mtls;",
      'export const x: ThreatId = Threats.Api_spoofing;',
      `export const y: ThreatId = '${idOf(register, 'Ledger', 'tampering')}';`,
      '',
    ].join('\n'),
    'bad.ts': [
      "import { Threats, type ThreatId, type ElementId } from './threats.js';",
      "export const x: ThreatId = 'TH-00000000';",
      "export const e: ElementId = 'Apii';",
      'export const y = Threats.Api_spofing;',
      '',
    ].join('\n'),
  });
  t.deepEqual(compile(root, ['threats.ts', 'ok.ts']), []);
  const errors = compile(root, ['threats.ts', 'bad.ts']);
  t.deepEqual(
    errors.map((e) => e.split(' ')[1]),
    ['TS2322', 'TS2820', 'TS2551'],
  );
});

test('constant names: identifier forms, baseline vs rule threats, collisions', (t) => {
  t.is(identifierFor('Api->Ledger#2'), 'Api_to_Ledger_2');
  t.is(identifierFor('1st'), '_1st');
  t.is(readableThreatKey({ target: { kind: 'element', id: 'Api' }, category: 'spoofing', rule: 'stride.spoofing' }), 'Api_spoofing');
  t.is(readableThreatKey({ target: { kind: 'flow', id: 'A->B' }, category: 'spoofing', rule: 'UnauthenticatedCrossing' }), 'A_to_B_spoofing_UnauthenticatedCrossing');
  const register = buildRegister();
  const a = register.threats[0];
  // Two flows whose ids collapse to the same identifier keep distinct, id-suffixed names.
  const twins = [
    { ...a, id: 'TH-aaaaaaaa', target: { kind: 'flow' as const, id: 'A->B' } },
    { ...a, id: 'TH-bbbbbbbb', target: { kind: 'flow' as const, id: 'A_to_B' } },
  ];
  const names = threatConstants(twins);
  t.deepEqual([...names.values()].sort(), ['TH-aaaaaaaa', 'TH-bbbbbbbb']);
  t.is(names.size, 2);
});

test('warden trace resolves references written with the generated constants', (t) => {
  const model = buildModel();
  const register = buildRegister(model);
  const ledger = idOf(register, 'Ledger', 'informationDisclosure');
  const root = fixture({
    'src/threats.ts': exportThreatsModule(model, register),
    'src/repo.ts': [
      "import { Threats } from './threats.js';",
      '',
      '/**',
      ' * @element {@link Elements.Ledger}',
      ' * @boundary Boundaries.Azure',
      ' */',
      'export class LedgerRepository {',
      '  /** @mitigates {@link Threats.Ledger_tampering} by inputValidation parameterised queries */',
      '  write() {}',
      `  /** @mitigates Threats.${ledger.replace('-', '_')} by encryptionAtRest */`,
      '  read() { return Threats.Ledger_tampering; }',
      '  /** @mitigates {@link Threats.Customer_to_Gateway_spoofing_UnauthenticatedCrossing} */',
      '  gate() {}',
      '}',
      '',
    ].join('\n'),
  });
  const scan = scanSources(['src'], { cwd: root });
  t.deepEqual(scan.diagnostics, []);
  t.true(scan.value.every((a) => a.file === 'src/repo.ts'), 'the generated file itself carries no tags');
  const r = traceModel(register, model, scan.value, { today: '2026-11-22' });
  t.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['WD6011'],
    'only the control encryptionAtRest is unknown to the test model',
  );
  t.deepEqual(
    r.value.annotations.filter((a) => a.tag === 'mitigates').map((a) => a.threats),
    [[idOf(register, 'Ledger', 'tampering')], [ledger], [idOf(register, 'Customer->Gateway', 'spoofing', 'UnauthenticatedCrossing')]],
  );
  t.deepEqual(
    r.value.annotations.filter((a) => a.tag !== 'mitigates').map((a) => [a.tag, a.name]),
    [
      ['element', 'Ledger'],
      ['boundary', 'Azure'],
    ],
  );
});
