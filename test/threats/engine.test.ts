// The engine on models built in TypeScript: STRIDE-per-element baseline, how rules and baseline
// combine, statuses and decisions, diagnostics for bad references, order and severity.
import test from 'ava';
import { generateThreats } from '../../src/threats/index.js';
import { severityOf } from '../../src/threats/severity.js';
import type { Threat } from '../../src/threats/types.js';
import { and, boolV, call, cat, cmp, dataList, enumV, ModelBuilder, not, or, path, tid } from './builders.js';

const TODAY = '2026-06-01';

/** Internet actor -> gateway process -> store; one rule on flows crossing into more trust without authn. */
function payments(): ModelBuilder {
  return new ModelBuilder('Payments')
    .boundary('Internet', 'untrusted')
    .boundary('Azure', 'high')
    .data('Card', 'restricted', 'Card data')
    .control('mtls', ['spoofing', 'tampering'])
    .control('oidcAuth', ['spoofing'])
    .control('auditLogging', ['repudiation'])
    .element('Customer', 'actor', 'Internet', {}, [], 'Customer browser')
    .element('Api', 'process', 'Azure', { exposure: enumV('internet') }, [], 'Payments API')
    .element('Ledger', 'store', 'Azure', { stores: dataList('Card') }, [], 'Ledger DB')
    .flow('Customer', 'Api', {}, { id: 'Checkout', data: ['Card'], title: 'checkout' })
    .flow('Api', 'Ledger', { authn: enumV('managedIdentity') })
    .rule({
      id: 'UnauthenticatedCrossing',
      on: 'flow',
      category: 'spoofing',
      when: and(path('crossesInto'), or(cmp('==', path('authn'), path('none')), not(call('has', path('authn'))))),
      controls: ['mtls', 'oidcAuth'],
      likelihood: 'high',
      impact: 'high',
      statement: 'An attacker in {from.boundary} calls {to} over {title} unauthenticated, exposing {data}.',
    });
}

const of = (threats: Threat[], target: string) => threats.filter((t) => t.target.id === target);
const cats = (threats: Threat[]) => threats.map((t) => `${t.category}:${t.rule}`);

test('STRIDE per element: actor S R, process STRIDE, store T R I D, flow T I D', (t) => {
  const { value, diagnostics } = generateThreats(payments().build(), { today: TODAY });
  t.deepEqual(diagnostics, []);
  t.deepEqual(of(value.threats, 'Customer').map((x) => x.category), ['spoofing', 'repudiation']);
  t.deepEqual(of(value.threats, 'Api').map((x) => x.category), ['spoofing', 'tampering', 'repudiation', 'informationDisclosure', 'denialOfService', 'elevationOfPrivilege']);
  t.deepEqual(of(value.threats, 'Ledger').map((x) => x.category), ['tampering', 'repudiation', 'informationDisclosure', 'denialOfService']);
  t.deepEqual(of(value.threats, 'Api->Ledger').map((x) => x.category), ['tampering', 'informationDisclosure', 'denialOfService']);
});

test('kinds map to their base family for the baseline', (t) => {
  const m = new ModelBuilder().boundary('Z', 'high').element('W', 'job', 'Z').build();
  const { value } = generateThreats(m, { today: TODAY });
  t.is(value.threats.length, 6);
  t.true(value.threats.every((x) => x.rule.startsWith('stride.')));
});

test('a rule adds a specific threat; baseline stays for categories no rule covered', (t) => {
  const { value } = generateThreats(payments().build(), { today: TODAY });
  t.deepEqual(cats(of(value.threats, 'Checkout')), ['spoofing:UnauthenticatedCrossing', 'tampering:stride.tampering', 'informationDisclosure:stride.informationDisclosure', 'denialOfService:stride.denialOfService']);
  const specific = value.threats.find((x) => x.rule === 'UnauthenticatedCrossing')!;
  t.is(specific.statement, 'An attacker in Internet calls Payments API over checkout unauthenticated, exposing Card data.');
  t.is(specific.severity, 'critical');
  t.deepEqual(specific.assets, ['Card']);
  t.deepEqual(specific.controls, ['mtls', 'oidcAuth']);
  // Authenticated flow inside one boundary: rule does not fire.
  t.false(value.threats.some((x) => x.rule === 'UnauthenticatedCrossing' && x.target.id === 'Api->Ledger'));
});

test('a rule in a category replaces the baseline threat of that category on that element', (t) => {
  const m = payments().rule({ id: 'ApiSpoof', on: 'process', category: 'spoofing', when: cmp('==', path('exposure'), path('internet')) }).build();
  const { value } = generateThreats(m, { today: TODAY });
  t.deepEqual(cats(of(value.threats, 'Api')).slice(0, 2), ['spoofing:ApiSpoof', 'tampering:stride.tampering']);
  t.false(value.threats.some((x) => x.target.id === 'Api' && x.rule === 'stride.spoofing'));
});

test('rules apply to sub-kinds of the kind they are on, not to other kinds', (t) => {
  const m = new ModelBuilder()
    .boundary('Z', 'high')
    .element('P', 'process', 'Z')
    .element('W', 'workload', 'Z')
    .element('J', 'job', 'Z')
    .rule({ id: 'OnWorkload', on: 'workload', category: 'elevationOfPrivilege' })
    .build();
  const { value } = generateThreats(m, { today: TODAY });
  t.deepEqual(value.threats.filter((x) => x.rule === 'OnWorkload').map((x) => x.target.id), ['W', 'J']);
});

test('status: mitigated by a rule control applied to the target, with evidence', (t) => {
  const b = payments();
  const m = b.build();
  m.flows[0].controls.push({ control: 'mtls', args: [], source: { file: 'model.warden', line: 40, column: 3, endLine: 40, endColumn: 7 } });
  const { value } = generateThreats(m, { today: TODAY });
  const th = value.threats.find((x) => x.rule === 'UnauthenticatedCrossing')!;
  t.is(th.status, 'mitigated');
  t.deepEqual(th.evidence.map((e) => e.kind === 'control' && e.control), ['mtls']);
  // mtls mitigates tampering too (control declaration), so the flow's baseline tampering is mitigated as well.
  t.is(value.threats.find((x) => x.target.id === 'Checkout' && x.category === 'tampering')!.status, 'mitigated');
  // ...but not information disclosure, which mtls does not declare.
  t.is(value.threats.find((x) => x.target.id === 'Checkout' && x.category === 'informationDisclosure')!.status, 'open');
});

test('a control the rule does not list does not mitigate the rule threat', (t) => {
  const m = payments().build();
  m.flows[0].controls.push({ control: 'auditLogging', args: [], source: m.flows[0].source });
  const th = generateThreats(m, { today: TODAY }).value.threats.find((x) => x.rule === 'UnauthenticatedCrossing')!;
  t.is(th.status, 'open');
});

test('mitigate by category, by category.rule and by threat id', (t) => {
  const base = generateThreats(payments().build(), { today: TODAY }).value;
  const eopId = base.threats.find((x) => x.target.id === 'Api' && x.category === 'elevationOfPrivilege')!.id;
  const m = payments()
    .mitigate(cat('Api', 'tampering'), 'mtls', 'mutual TLS')
    .mitigate(cat('Checkout', 'spoofing', 'UnauthenticatedCrossing'), undefined, 'gateway authenticates')
    .mitigate(tid(eopId), undefined, 'sandboxed')
    .build();
  const { value, diagnostics } = generateThreats(m, { today: TODAY });
  t.deepEqual(diagnostics, []);
  const get = (target: string, c: string) => value.threats.find((x) => x.target.id === target && x.category === c)!;
  t.is(get('Api', 'tampering').status, 'mitigated');
  t.deepEqual(get('Api', 'tampering').evidence, [{ kind: 'statement', control: 'mtls', text: 'mutual TLS', fingerprint: get('Api', 'tampering').fingerprint, source: m.mitigations[0].source }]);
  t.is(get('Checkout', 'spoofing').status, 'mitigated');
  t.is(get('Api', 'elevationOfPrivilege').status, 'mitigated');
  t.is(get('Api', 'spoofing').status, 'open');
});

test('accept: accepted until the date; expired is an error and stays flagged', (t) => {
  const ok = generateThreats(payments().accept(cat('Ledger', 'repudiation'), '2026-06-01').build(), { today: TODAY });
  t.deepEqual(ok.diagnostics, []);
  const th = ok.value.threats.find((x) => x.target.id === 'Ledger' && x.category === 'repudiation')!;
  t.is(th.status, 'accepted');
  t.like(th.acceptance, { owner: 'sec-team', until: '2026-06-01', expired: false });

  const m = payments().accept(cat('Ledger', 'repudiation'), '2026-05-31').build();
  const late = generateThreats(m, { today: TODAY });
  t.deepEqual(late.diagnostics.map((d) => [d.code, d.severity, d.span.line]), [['WD3021', 'error', m.acceptances[0].source.line]]);
  const ex = late.value.threats.find((x) => x.target.id === 'Ledger' && x.category === 'repudiation')!;
  t.is(ex.status, 'accepted');
  t.true(ex.acceptance!.expired);
});

test('notApplicable wins over mitigation and acceptance', (t) => {
  const m = payments().mitigate(cat('Customer', 'repudiation'), 'auditLogging').accept(cat('Customer', 'repudiation'), '2030-01-01').notApplicable(cat('Customer', 'repudiation'), 'anonymous by design').build();
  const th = generateThreats(m, { today: TODAY }).value.threats.find((x) => x.target.id === 'Customer' && x.category === 'repudiation')!;
  t.is(th.status, 'notApplicable');
  t.deepEqual(th.notApplicable?.reason, 'anonymous by design');
});

test('mitigation is stronger than acceptance', (t) => {
  const m = payments().mitigate(cat('Api', 'spoofing'), 'oidcAuth').accept(cat('Api', 'spoofing'), '2030-01-01').build();
  const th = generateThreats(m, { today: TODAY }).value.threats.find((x) => x.target.id === 'Api' && x.category === 'spoofing')!;
  t.is(th.status, 'mitigated');
  t.truthy(th.acceptance);
});

test('references to threats that do not exist are errors with did-you-mean', (t) => {
  const base = generateThreats(payments().build(), { today: TODAY }).value;
  const real = base.threats[0].id;
  const typo = real.slice(0, -1) + (real.endsWith('0') ? '1' : '0');
  const m = payments()
    .mitigate(cat('Customer', 'tampering'))
    .accept(cat('Api', 'spoofing', 'NoSuchRule'), '2030-01-01')
    .notApplicable(tid('TH-00000000'))
    .mitigate(tid(typo))
    .mitigate(cat('Nobody', 'spoofing'))
    .build();
  const { diagnostics } = generateThreats(m, { today: TODAY });
  t.deepEqual(diagnostics.map((d) => d.code), ['WD3020', 'WD3020', 'WD3020', 'WD3020', 'WD3020']);
  t.true(diagnostics.every((d) => d.severity === 'error'));
  t.regex(diagnostics[0].message, /Customer has no tampering threat/);
  t.is(diagnostics[0].hint, 'threats of Customer: Customer.repudiation, Customer.spoofing');
  t.regex(diagnostics.find((d) => d.message.includes(typo))!.hint!, new RegExp(`did you mean ${real}`));
  t.regex(diagnostics[diagnostics.length - 1].message, /no element or flow named "Nobody"/);
});

test('order: by target source position, then STRIDE category, then rule id', (t) => {
  const m = payments().rule({ id: 'AaaSecond', on: 'flow', category: 'spoofing', when: path('crossesInto') }).build();
  // Declare Ledger before Customer in the source: it must come first.
  m.elements[2].source = { ...m.elements[2].source, line: 0 };
  const { value } = generateThreats(m, { today: TODAY });
  const targets = [...new Set(value.threats.map((x) => x.target.id))];
  t.deepEqual(targets, ['Ledger', 'Customer', 'Api', 'Checkout', 'Api->Ledger']);
  t.deepEqual(cats(of(value.threats, 'Checkout')).slice(0, 2), ['spoofing:AaaSecond', 'spoofing:UnauthenticatedCrossing']);
});

test('deterministic: the same model gives the same register', (t) => {
  const a = generateThreats(payments().build(), { today: TODAY }).value;
  const b = generateThreats(payments().build(), { today: TODAY }).value;
  t.is(JSON.stringify(a), JSON.stringify(b));
});

test('severity matrix (likelihood x impact)', (t) => {
  const L = ['low', 'medium', 'high'] as const;
  const table = L.map((l) => L.map((i) => severityOf(l, i)));
  t.deepEqual(table, [
    ['low', 'low', 'medium'],
    ['low', 'medium', 'high'],
    ['medium', 'high', 'critical'],
  ]);
});

test('baseline severity: exposure raises likelihood, data raises impact, never critical', (t) => {
  const { value } = generateThreats(payments().build(), { today: TODAY });
  const get = (target: string, c: string) => value.threats.find((x) => x.target.id === target && x.category === c)!;
  t.like(get('Customer', 'spoofing'), { likelihood: 'high', impact: 'high', severity: 'high' });
  t.like(get('Customer', 'repudiation'), { likelihood: 'high', impact: 'low', severity: 'medium' });
  t.like(get('Ledger', 'informationDisclosure'), { likelihood: 'low', impact: 'high', severity: 'medium' });
  t.like(get('Api->Ledger', 'denialOfService'), { likelihood: 'low', impact: 'low', severity: 'low' });
});

test('rules with condition errors produce no threats but the rest still run', (t) => {
  const m = payments().rule({ id: 'Broken', on: 'process', category: 'tampering', when: cmp('==', path('exposur'), path('internet')) }).build();
  const { value, diagnostics } = generateThreats(m, { today: TODAY });
  t.deepEqual(diagnostics.map((d) => d.code), ['WD3002']);
  t.false(value.threats.some((x) => x.rule === 'Broken'));
  t.true(value.threats.some((x) => x.rule === 'UnauthenticatedCrossing'));
});

test('register lists every rule run, including the baseline', (t) => {
  const { value } = generateThreats(payments().build(), { today: TODAY });
  t.deepEqual(value.rules!.map((r) => r.id), ['UnauthenticatedCrossing', 'stride.spoofing', 'stride.tampering', 'stride.repudiation', 'stride.informationDisclosure', 'stride.denialOfService', 'stride.elevationOfPrivilege']);
  void boolV;
});
