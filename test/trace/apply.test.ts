// Resolving annotations against a model and folding them into its threat register.
import test from 'ava';
import { applyTrace, exposedThreatId, scanSources, traceModel } from '../../src/trace/index.js';
import { buildModel, buildRegister, idOf } from './builders.js';
import { fixture } from './fixture.js';

const TODAY = '2026-11-22';

function trace(files: Record<string, string>) {
  const root = fixture(files);
  const scan = scanSources(['src'], { cwd: root });
  const model = buildModel();
  const register = buildRegister(model);
  const r = traceModel(register, model, scan.value, { today: TODAY });
  // `register` is the traced one (from r.value); the input stays available as `input`.
  return { scan, input: register, model, ...r.value, diagnostics: r.diagnostics };
}
const byId = (reg: { threats: Array<{ id: string }> }, id: string) => reg.threats.find((t) => t.id === id) as ReturnType<typeof buildRegister>['threats'][number];

test('@mitigates marks the threat mitigated with code evidence', (t) => {
  const r = trace({
    'src/auth.ts': `/** @element Api */\nimport 'x';\n\n/**\n * @mitigates spoofing by oidcAuth tokens verified\n */\nexport function verifyToken() {}\n`,
  });
  t.deepEqual(r.diagnostics, []);
  const id = idOf(r.register, 'Api', 'spoofing');
  const th = byId(r.register, id);
  t.is(th.status, 'mitigated');
  t.deepEqual(th.evidence, [{ kind: 'code', file: 'src/auth.ts', line: 5, declaration: 'function verifyToken', control: 'oidcAuth', text: 'tokens verified' }]);
  t.deepEqual(r.annotations[1].threats, [id]);
  // The input register is not modified.
  t.is(byId(buildRegister(), id).status, 'open');
});

test('every form of reference resolves to the same threat', (t) => {
  const register = buildRegister();
  const id = idOf(register, 'Api', 'tampering');
  const forms = ['Api.tampering', 'Api.tampering.stride.tampering', 'Elements.Api.tampering', id, `Threats.${id.replace('-', '_')}`, 'Threats.Api_tampering', '{@link Threats.Api_tampering}'];
  const files: Record<string, string> = {};
  forms.forEach((f, i) => (files[`src/f${i}.ts`] = `/** @mitigates ${f} */\nexport const f${i} = 1;\n`));
  const r = trace(files);
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(
    r.annotations.map((a) => a.threats),
    forms.map(() => [id]),
  );
  t.is(byId(r.register, id).evidence.length, forms.length);
});

test('a flow reference by id or by constant key, and a rule threat by rule id', (t) => {
  const register = buildRegister();
  const crossing = idOf(register, 'Customer->Gateway', 'spoofing', 'UnauthenticatedCrossing');
  const r = trace({
    'src/a.ts': [
      '// @mitigates Customer->Gateway.tampering',
      '// @mitigates Flows.Customer_to_Gateway.informationDisclosure',
      '// @mitigates Customer->Gateway.spoofing.UnauthenticatedCrossing by oidcAuth',
      '// @mitigates Threats.Customer_to_Gateway_spoofing_UnauthenticatedCrossing',
      '',
    ].join('\n'),
  });
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(
    r.annotations.map((a) => a.threats),
    [[idOf(register, 'Customer->Gateway', 'tampering')], [idOf(register, 'Customer->Gateway', 'informationDisclosure')], [crossing], [crossing]],
  );
});

test('unknown elements, ids, constants and categories: codes, spans, did-you-mean', (t) => {
  const register = buildRegister();
  const id = idOf(register, 'Ledger', 'tampering');
  const typo = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
  const text = [
    '// @mitigates Apii.spoofing',
    `// @mitigates ${typo}`,
    '// @mitigates Threats.Api_spofing',
    '// @mitigates Ledger.spoofing',
    '// @mitigates Api.spoofing.NoSuchRule',
    '// @mitigates spoofing',
    '/** @element KeyValt */',
    'export const x = 1;',
    '// @mitigates Api.spoofing by mTLS',
    '',
  ].join('\n');
  const r = trace({ 'src/a.ts': text });
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.span.line, d.span.column, d.hint]),
    [
      ['WD6003', 1, 15, 'did you mean "Api"?'],
      ['WD6004', 2, 15, `did you mean "${id}"?`],
      ['WD6005', 3, 15, 'did you mean "Api_spoofing"?'],
      ['WD6006', 4, 15, 'Ledger has threats in: tampering, repudiation, informationDisclosure, denialOfService'],
      ['WD6006', 5, 15, 'rules with Api.spoofing threats: stride.spoofing'],
      ['WD6008', 6, 15, 'write Element.spoofing, or put @element <Element> on the class or file'],
      ['WD6003', 7, 14, 'did you mean "KeyVault"?'],
      ['WD6011', 9, 4, 'did you mean "mtls"?'],
    ].sort((a, b) => (a[1] as number) - (b[1] as number)),
  );
  t.true(r.diagnostics.every((d) => d.severity === 'warning' && d.file === 'src/a.ts'));
  // Nothing was mitigated by the broken references; the last one still applies despite its control.
  t.deepEqual(
    r.register.threats.filter((x) => x.status === 'mitigated').map((x) => x.id),
    [idOf(register, 'Api', 'spoofing')],
  );
});

test('precedence: model decisions stand, code mitigations beat code acceptances', (t) => {
  const register = buildRegister();
  const r = trace({
    'src/a.ts': [
      '// @mitigates Ledger.repudiation by auditLogging',
      '// @mitigates Customer.repudiation',
      '// @accepts Api.denialOfService owner platform until 2027-01-31 because the gateway rate-limits',
      '// @accepts Api.tampering owner platform until 2027-01-31 because x',
      '// @mitigates Api.tampering by inputValidation',
      '// @accepts Ledger.repudiation owner me until 2027-01-31 because y',
      '',
    ].join('\n'),
  });
  const ledgerRep = byId(r.register, idOf(register, 'Ledger', 'repudiation'));
  t.is(ledgerRep.status, 'accepted');
  t.is(ledgerRep.acceptance?.owner, 'sec-team');
  t.is(ledgerRep.evidence.length, 1, 'the code evidence is still recorded');
  t.is(byId(r.register, idOf(register, 'Customer', 'repudiation')).status, 'notApplicable');
  const dos = byId(r.register, idOf(register, 'Api', 'denialOfService'));
  t.is(dos.status, 'accepted');
  t.deepEqual(dos.acceptance, {
    owner: 'platform',
    until: '2027-01-31',
    reason: 'the gateway rate-limits',
    expired: false,
    source: { file: 'src/a.ts', line: 3, column: 4, endLine: 3, endColumn: 1 + '// @accepts Api.denialOfService owner platform until 2027-01-31 because the gateway rate-limits'.length },
  });
  const tam = byId(r.register, idOf(register, 'Api', 'tampering'));
  t.is(tam.status, 'mitigated');
  t.is(tam.acceptance, undefined);
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.span.line]),
    [
      ['WD6013', 'info', 4],
      ['WD6013', 'warning', 6],
    ],
  );
});

test('an expired acceptance in code is an error', (t) => {
  const r = trace({ 'src/a.ts': '// @accepts Gateway.denialOfService owner ops until 2026-01-01 because waf\n' });
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity]),
    [['WD6012', 'error']],
  );
  const th = byId(r.register, idOf(buildRegister(), 'Gateway', 'denialOfService'));
  t.is(th.status, 'accepted');
  t.true(th.acceptance!.expired);
});

test('@exposes adds an open threat with a stable id that code can then mitigate', (t) => {
  const id = exposedThreatId('Api', 'informationDisclosure', 'stack traces in error responses');
  t.regex(id, /^TH-[0-9a-f]{8}$/);
  t.is(exposedThreatId('Api', 'informationDisclosure', '  stack traces\n in error   responses '), id);
  t.not(exposedThreatId('Api', 'tampering', 'stack traces in error responses'), id);
  const r = trace({
    'src/a.ts': `export class Errors {\n  /** @exposes Api.informationDisclosure severity high stack traces in error responses */\n  render() {}\n}\n`,
    'src/b.ts': `// @exposes Api.informationDisclosure stack traces in error responses\n// @exposes ApiToLedger.tampering unsigned ledger writes\n// @mitigates ${id} by inputValidation scrubbed\n`,
  });
  t.deepEqual(r.diagnostics, []);
  const added = r.register.threats.filter((x) => x.rule === 'code.exposes');
  t.deepEqual(
    added.map((x) => [x.target.kind, x.target.id, x.category]).sort(),
    [
      ['element', 'Api', 'informationDisclosure'],
      ['flow', 'ApiToLedger', 'tampering'],
    ],
  );
  const th = added.find((x) => x.id === id)!;
  t.like(th, { severity: 'high', status: 'mitigated', title: 'Exposed in code: stack traces in error responses', phase: 'develop' });
  t.regex(th.statement, /declared in src\/a\.ts:2, method Errors\.render/);
  t.is(th.source.line, buildModel().elements.find((e) => e.id === 'Api')!.source.line);
  t.is(r.register.threats.length, buildRegister().threats.length + 2);
});

test('@boundary is checked against the model', (t) => {
  const r = trace({
    'src/ok.ts': '/** @element Api */\nimport "x";\n/** @boundary Cluster */\nexport class A {}\n',
    'src/bad.ts': '/**\n * @boundary Internet\n * @element Ledger\n */\nimport "x";\n',
    'src/typo.ts': '/** @boundary Paymnts */\nimport "x";\n',
  });
  t.deepEqual(
    r.diagnostics.map((d) => [d.code, d.file, d.hint]),
    [
      ['WD6010', 'src/bad.ts', 'fix the @boundary tag, or move Ledger in the model'],
      ['WD6007', 'src/typo.ts', 'did you mean "Payments"?'],
    ],
  );
  t.regex(r.diagnostics[0].message, /the code says Ledger runs in boundary Internet, the model puts it in Azure/);
});

test('applyTrace is traceModel without the per-annotation links, and is deterministic', (t) => {
  const root = fixture({ 'src/a.ts': '// @mitigates Api.spoofing\n// @exposes Api.tampering x\n' });
  const model = buildModel();
  const register = buildRegister(model);
  const scan = scanSources(['src'], { cwd: root });
  const a = applyTrace(register, model, scan.value, { today: TODAY });
  const b = traceModel(register, model, scan.value, { today: TODAY });
  t.deepEqual(a.value, b.value.register);
  t.is(JSON.stringify(a), JSON.stringify(applyTrace(register, model, scan.value, { today: TODAY })));
});
