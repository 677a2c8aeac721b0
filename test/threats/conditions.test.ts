// The condition language through the real front end: what each construct means (a table of `when`
// expressions and where they fire on one model) and the WD3xxx diagnostics with their lines.
import test from 'ava';
import { join } from 'node:path';
import { checkSource } from '../../src/dsl/index.js';
import { formatDiagnostics } from '../../src/diagnostics/index.js';
import { checkRules, generateThreats } from '../../src/threats/index.js';
import { ModelBuilder } from './builders.js';

// Only the base kinds and the Kubernetes kinds: no control or rule library, so these cases do not
// move when the libraries change.
const MODEL = `model "Conditions" { owner "test" }
use "warden/kubernetes"
boundary Internet { trust untrusted }
boundary Azure { trust high
  boundary Apps { namespace "apps" }
}
data Pub "Public" { classification public }
data Sec "Secret" { classification restricted }
control mtls "Mutual TLS" { mitigates [spoofing] phase deploy }
user U in Internet { authn password }
process Api in Azure { exposure internet  controls [mtls] }
workload W in Apps { replicas 3 }
store DB in Azure { stores [Sec] }
flow F1: U -> Api { protocol https  carries [Pub, Sec] }
flow F2: Api -> W { protocol http  authn mtls }
flow F3: W -> DB { carries [Pub] }
`;

const FILE = join(process.cwd(), 'test', 'threats', 'fixtures', 'conditions.warden');

function rule(id: string, on: string, when: string, statement = '{title} matched.'): string {
  return `threat ${id} "Case ${id}" {\n  on ${on}\n  category tampering\n  when ${when}\n  severity low\n  cwe [20]\n  phase plan\n  controls [mtls]\n  statement "${statement}"\n}\n`;
}

const CASES: [on: string, when: string, fires: string[]][] = [
  ['flow', 'from.boundary.trust < to.boundary.trust', ['F1']],
  ['flow', 'crossesInto', ['F1']],
  ['flow', 'crossesBoundary', ['F1', 'F2', 'F3']],
  ['flow', 'data.classification >= confidential', ['F1']],
  ['flow', 'any(data, classification == public)', ['F1', 'F3']],
  ['flow', 'all(data, classification == public)', ['F2', 'F3']],
  ['flow', 'protocol in [http, tcp]', ['F2']],
  ['flow', 'authn != mtls', ['F1', 'F3']],
  ['flow', 'authn == none', []],
  ['flow', 'Sec in carries', ['F1']],
  ['flow', 'to.kind == workload', ['F2']],
  ['flow', 'has(carries)', ['F1', 'F3']],
  ['flow', 'from.authn == password', ['F1']],
  ['process', 'isKind(workload)', ['W']],
  ['process', 'hasControl(mtls)', ['Api']],
  ['workload', 'replicas >= 2', ['W']],
  ['process', 'boundary.namespace == "apps"', ['W']],
  ['process', 'exposure == internet and not has(authn)', ['Api']],
  ['process', 'not (exposure == internet)', ['W']],
  ['process', 'any(inbound, from.boundary.trust == untrusted)', ['Api']],
  ['process', 'name == "Api"', ['Api']],
  ['process', 'boundary.parent.trust == high', ['W']],
  ['store', 'any(stores, classification >= confidential)', ['DB']],
  ['actor', 'authn in [password, apiKey]', ['U']],
];

function run(rules: string) {
  const r = checkSource(FILE, MODEL + rules, { prelude: 'warden/base' });
  if (!r.value) throw new Error(formatDiagnostics(r.diagnostics));
  return { model: r.value, result: generateThreats(r.value, { today: '2026-01-01' }) };
}

test('each condition construct fires exactly where it should', (t) => {
  const { result } = run(CASES.map(([on, when], i) => rule(`C${i}`, on, when)).join(''));
  t.deepEqual(result.diagnostics, []);
  CASES.forEach(([on, when, fires], i) => {
    const got = result.value.threats.filter((x) => x.rule === `C${i}`).map((x) => x.target.id);
    t.deepEqual(got, fires, `on ${on} when ${when}`);
  });
});

test('statement placeholders render paths of the element', (t) => {
  const { result } = run(rule('S1', 'flow', 'crossesInto', '{from} in {from.boundary} ({from.boundary.trust}) to {to} over {name}: {data}; {protocol}, {authn}.'));
  t.is(result.value.threats.find((x) => x.rule === 'S1')!.statement, 'U in Internet (untrusted) to Api over F1: Public and Secret; https, (unspecified).');
});

const BAD: [when: string, code: string, hint?: RegExp][] = [
  ['protocl == https', 'WD3002', /did you mean "protocol"/],
  ['from.boundary.trst == high', 'WD3002', /did you mean "trust"/],
  ['port == "80"', 'WD3003'],
  ['data == Sec', 'WD3003', /any\(/],
  ['authn == nonee', 'WD3004', /did you mean "none"/],
  ['hasControll(mtls)', 'WD3005', /did you mean "hasControl"/],
  ['has(authn, protocol)', 'WD3006'],
  ['any(protocol, true)', 'WD3006'],
  ['protocol', 'WD3007'],
  ['protocol < https', 'WD3008'],
  ['hasControl(mtlz)', 'WD3011', /did you mean "mtls"/],
  ['isKind(workloda)', 'WD3002', /did you mean "workload"/],
];

for (const [when, code, hint] of BAD) {
  test(`type error ${code}: ${when}`, (t) => {
    const r = checkSource(FILE, MODEL + rule('Bad', 'flow', when), { prelude: 'warden/base' });
    t.truthy(r.value, formatDiagnostics(r.diagnostics));
    const diags = checkRules(r.value!);
    t.deepEqual(diags.map((d) => d.code), [code]);
    // Line of the `when` clause: the rule starts right after the model text.
    t.is(diags[0].span.line, MODEL.split('\n').length + 3);
    t.is(diags[0].severity, 'error');
    if (hint) t.regex(diags[0].hint ?? '', hint);
    // A rule with errors produces no threats.
    t.false(generateThreats(r.value!, { today: '2026-01-01' }).value.threats.some((x) => x.rule === 'Bad'));
  });
}

test('unknown placeholders in a statement are WD3010', (t) => {
  const r = checkSource(FILE, MODEL + rule('Tpl', 'flow', 'crossesInto', '{nmae} reaches {to.bondary}.'), { prelude: 'warden/base' });
  const diags = checkRules(r.value!);
  t.deepEqual(diags.map((d) => d.code), ['WD3010', 'WD3010']);
  t.regex(diags[0].hint!, /did you mean "name"/);
  t.regex(diags[1].message, /unknown attribute "bondary" on to/);
});

test('a rule on an unknown kind is WD3001', (t) => {
  const m = new ModelBuilder().rule({ id: 'X', on: 'wrokload', category: 'tampering' }).build();
  const diags = checkRules(m);
  t.deepEqual(diags.map((d) => [d.code, d.hint]), [['WD3001', 'did you mean "workload"?']]);
});

test('controls listed by a rule must exist (WD3011)', (t) => {
  const m = new ModelBuilder().control('mtls', ['spoofing']).rule({ id: 'X', on: 'flow', category: 'tampering', controls: ['mtlss'] }).build();
  t.deepEqual(checkRules(m).map((d) => [d.code, d.hint]), [['WD3011', 'did you mean "mtls"?']]);
});
