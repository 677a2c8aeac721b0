// A decision stays on what it was decided on. The scenario: accept a threat on the unnamed flow
// "User enters comments", then insert another flow between the same two elements above it. Before
// flow identity used the title, the inserted flow took over the `User->Web` id, so the acceptance
// (and its reason) silently moved to "Admin login" while validate passed and diff said 0 changed.
import test from 'ava';
import { formatDiagnostics } from '../../src/diagnostics/index.js';
import { diffRegisters, generateThreats } from '../../src/threats/index.js';
import type { ThreatRegister } from '../../src/threats/types.js';
import { loadWithLibrary } from './library.js';

const TODAY = '2026-06-01';

const head = `
boundary Internet { trust untrusted }
boundary Dmz { trust medium }
user Visitor "Site visitor" in Internet
process Web "Comment site" in Dmz { exposure internet }
`;
const comments = 'flow Visitor -> Web "User enters comments" { protocol https  authn none }\n';
const admin = 'flow Visitor -> Web "Admin login" { protocol https  authn password }\n';

function register(text: string, name: string): ThreatRegister {
  const r = loadWithLibrary(text, name);
  if (!r.value) throw new Error(formatDiagnostics(r.diagnostics));
  const g = generateThreats(r.value, { today: TODAY });
  const errors = g.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(formatDiagnostics(errors));
  return g.value;
}

const flowTitled = (reg: ThreatRegister, title: string) => {
  const t = reg.threats.find((x) => x.target.kind === 'flow' && x.statement.includes(title));
  return t?.target.id;
};

test('an acceptance on an unnamed flow stays on it when a flow is inserted above it', (t) => {
  const v0 = register(head + comments, 'v0.warden');
  const target = v0.threats.find((x) => x.target.kind === 'flow' && x.category === 'tampering')!;
  t.truthy(target, 'the comments flow has a tampering threat');
  const decision = `accept ${target.id} owner "web-team" until 2027-01-01 because "comments endpoint is anonymous by design"\n`;
  const v1 = register(head + comments + decision, 'v1.warden');
  const v2 = register(head + admin + comments + decision, 'v2.warden');

  const accepted = v2.threats.filter((x) => x.status === 'accepted');
  t.is(accepted.length, 1);
  t.is(accepted[0].id, target.id);
  // The accepted threat is still about the comments flow, not the inserted admin login.
  t.regex(accepted[0].statement, /User enters comments/);
  t.notRegex(accepted[0].statement, /Admin login/);
  const adminFlow = flowTitled(v2, 'Admin login');
  t.truthy(adminFlow);
  t.false(v2.threats.some((x) => x.target.id === adminFlow && x.status === 'accepted'), 'no acceptance reached the admin login flow');

  // diff: the decided threat is unchanged; the admin login flow's threats are added, open.
  const d = diffRegisters(v1, v2);
  t.deepEqual(d.changed, []);
  t.true(d.added.length > 0);
  t.true(d.added.every((x) => x.status === 'open'));
});

test('a decided threat whose subject changes is reported as changed by diff', (t) => {
  const v0 = register(head + comments, 'w0.warden');
  const target = v0.threats.find((x) => x.target.kind === 'element' && x.target.id === 'Web' && x.category === 'tampering')!;
  const decision = `accept ${target.id} owner "web-team" until 2027-01-01 because "only moderators post"\n`;
  const before = register(head + comments + decision, 'w1.warden');
  // The element moves to the internet boundary: same threat id, different subject.
  const moved = head.replace('process Web "Comment site" in Dmz', 'process Web "Comment site" in Internet');
  const after = register(moved + comments + decision, 'w2.warden');
  const d = diffRegisters(before, after);
  const change = d.changed.find((c) => c.id === target.id);
  t.truthy(change, 'the decided threat is reported');
  t.truthy(change!.decidedOn);
  t.not(change!.decidedOn!.before, change!.decidedOn!.after);
  t.is(change!.before.status, 'accepted');
  t.is(change!.after.status, 'accepted');
});
