// Modelling warnings of `warden validate` (src/model/lint.ts), derived facts (src/model/derive.ts)
// and the per-kind hint for an unknown kind: codes and lines, not English text.
import test from 'ava';
import { join } from 'node:path';
import { checkSource } from '../../src/dsl/index.js';
import { formatDiagnostics } from '../../src/diagnostics/index.js';
import { deriveFacts } from '../../src/model/derive.js';
import { lintDecisions, lintModel } from '../../src/model/lint.js';
import { generateThreats } from '../../src/threats/index.js';
import type { ResolvedModel } from '../../src/model/types.js';
import { ROOT } from './library.js';

function load(body: string): ResolvedModel {
  const r = checkSource(join(ROOT, 'lint.warden'), `model "Lint" { owner "t" }\n${body}`, { cwd: ROOT });
  if (!r.value) throw new Error(formatDiagnostics(r.diagnostics));
  return r.value;
}

const codes = (m: ResolvedModel) => lintModel(m).map((d) => [d.code, d.span.line]);

test('self-loop, duplicate flow, orphan element and unused data are warnings at their lines', (t) => {
  const m = load(`data Unused { classification internal }
process A
process B
process Lonely
flow A -> B
flow A -> B
flow A -> A "loop"
`);
  t.deepEqual(codes(m).sort(), [
    ['WD3031', 8],
    ['WD3032', 7],
    ['WD3033', 5],
    ['WD3034', 2],
  ]);
  t.true(lintModel(m).every((d) => d.severity === 'warning' && d.hint));
});

test('distinctly titled flows between the same pair are not duplicates', (t) => {
  const m = load('process A\nprocess B\nflow A -> B "one"\nflow A -> B "two"\n');
  t.deepEqual(codes(m), []);
  t.deepEqual(m.flows.map((f) => [f.id, f.key ?? f.id]), [
    ['A->B "one"', 'A->B "one"'],
    ['A->B "two"', 'A->B "two"'],
  ]);
});

test('exposure derived from a flow out of an untrusted boundary: WD3030 suggests the attribute', (t) => {
  const m = load(`boundary Internet { trust untrusted }
boundary Dmz { trust medium }
user V in Internet
process Web in Dmz
process Back in Dmz
ingress Edge in Dmz
process Behind in Dmz
flow V -> Web
flow Web -> Back
flow V -> Edge
flow Edge -> Behind
`);
  const facts = deriveFacts(m).facts.filter((f) => f.attribute === 'exposure').map((f) => f.element);
  // Through an untrusted source, or forwarded by an internet-facing proxy; not from an ordinary process.
  t.deepEqual(facts.sort(), ['Behind', 'Web']);
  t.deepEqual(lintModel(m).filter((d) => d.code === 'WD3030').map((d) => d.span.line).sort(), [5, 8]);
});

test('authentication and authorisation come from the incoming flows, through a proxy', (t) => {
  const m = load(`boundary Internet { trust untrusted }
boundary Dmz { trust medium }
user V in Internet
ingress Edge in Dmz
process Api in Dmz
process Mixed in Dmz
flow V -> Edge { authn oidc  authz scopes }
flow Edge -> Api
flow V -> Mixed { authn oidc }
flow Api -> Mixed
`);
  const facts = deriveFacts(m).facts.filter((f) => f.attribute !== 'exposure').map((f) => `${f.element}.${f.attribute}=${f.value}`);
  // Mixed has one incoming flow without authn: nothing is derived for it.
  t.deepEqual(facts.sort(), ['Api.authn=oidc', 'Api.authz=scopes', 'Edge.authn=oidc', 'Edge.authz=scopes']);
  t.is(m.elements.find((e) => e.id === 'Api')!.attributes.authn, undefined, 'the input model is not changed');
});

test('WD3035: a decision on a flow told apart only by its position', (t) => {
  const m = load('process A\nprocess B\nflow A -> B\nflow A -> B\n');
  const reg = generateThreats(m, { today: '2026-01-01' }).value;
  const second = reg.threats.find((x) => x.target.id === 'A->B#2')!;
  const first = reg.threats.find((x) => x.target.id === 'A->B')!;
  const at = { file: 'lint.warden', line: 9, column: 1, endLine: 9, endColumn: 10 };
  const out = lintDecisions(m, [
    { id: second.id, target: second.target, decision: at },
    { id: first.id, target: first.target, decision: at },
  ]);
  t.deepEqual(out.map((d) => d.code), ['WD3035']);
});

test('an unknown kind gets a hint with the base kind its name suggests', (t) => {
  const r = checkSource(join(ROOT, 'kinds.warden'), 'model "K"\ndatabase D\nexternalEntity E\nlambda L\n', { cwd: ROOT });
  const hints = r.diagnostics.filter((d) => d.code === 'WD2001').map((d) => /extends (\w+)/.exec(d.hint ?? '')?.[1]);
  t.deepEqual(hints, ['store', 'actor', 'process']);
});
