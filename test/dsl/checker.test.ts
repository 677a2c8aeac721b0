// Checker: the resolved model's values (trust inheritance, defaults, flow ids, control arguments,
// imports) and the codes and spans of name/type errors.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { checkSource, loadModel } from '../../src/dsl/index.js';
import type { Diagnostic } from '../../src/diagnostics/index.js';

/** In-memory files under /v; the standard library still comes from disk. */
function check(text: string, files: Record<string, string> = {}, entry = '/v/model.warden') {
  return checkSource(entry, text, {
    projectRoot: '/v',
    cwd: '/v',
    prelude: 'warden/base',
    readFile: (p) => {
      if (p in files) return files[p];
      if (p.startsWith('/v/')) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return readFileSync(p, 'utf8');
    },
  });
}

const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.span.line}:${d.span.column}`);

const CONTROLS = `
control nonRoot { phase deploy  mitigates [elevationOfPrivilege] }
control trustedRegistry "Trusted registries" { phase deploy  param registries: list<string> }
control limits { phase deploy  param cpu: string  param memory: string = "1Gi" }
control mtls { phase deploy  mitigates [spoofing] }
`;

test('a clean model resolves: boundaries, trust inheritance, namespaces', (t) => {
  const r = check(`model "M" { owner "me" }
boundary Azure { trust high
  boundary Cluster {
    boundary Payments { namespace "payments" }
  }
}
boundary Edge in Azure { trust low }
`);
  t.deepEqual(r.diagnostics, []);
  const b = Object.fromEntries(r.value!.boundaries.map((x) => [x.id, x]));
  t.is(b.Cluster.parent, 'Azure');
  t.is(b.Cluster.trust, 'high');
  t.is(b.Payments.trust, 'high');
  t.is(b.Payments.trustRank, 3);
  t.is(b.Payments.namespace, 'payments');
  t.is(b.Edge.parent, 'Azure');
  t.is(b.Edge.trust, 'low');
  t.is(r.value!.model.name, 'M');
  t.deepEqual(r.value!.model.attributes.owner, { type: 'string', value: 'me' });
});

test('elements: kind defaults applied, explicit values typed, boundary from block or in', (t) => {
  const r = check(`model "M"
data Card { classification restricted }
boundary Z { trust medium  process P { exposure internet } }
store S "Ledger" in Z { stores [Card]  encryptedAtRest true }
actor U
`);
  t.deepEqual(r.diagnostics, []);
  const el = Object.fromEntries(r.value!.elements.map((x) => [x.id, x]));
  t.is(el.P.boundary, 'Z');
  t.is(el.P.base, 'process');
  t.deepEqual(el.P.attributes.exposure, { type: 'enum', value: 'internet' });
  t.deepEqual(el.P.attributes.privileged, { type: 'bool', value: false }, 'default from base.warden');
  t.is(el.S.title, 'Ledger');
  t.deepEqual(el.S.attributes.stores, { type: 'list', items: [{ type: 'ref', target: 'Card', targetKind: 'data' }] });
  t.is(el.U.boundary, undefined);
  t.is(el.U.title, 'U');
  t.deepEqual(el.S.source, { file: '/v/model.warden', line: 4, column: 1, endLine: 4, endColumn: 62 });
});

test('flows: generated ids with #n for parallel flows, named flows, carries -> data', (t) => {
  const r = check(`model "M"
data D { classification internal }
process A
process B
flow A -> B { carries [D] }
flow A -> B
flow Named: A -> B "t"
`);
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(
    r.value!.flows.map((f) => f.id),
    ['A->B', 'A->B#2', 'Named'],
  );
  t.deepEqual(r.value!.flows[0].data, ['D']);
  t.is(r.value!.flows[2].title, 't');
});

test('controls: arguments typed, trailing list parameter is variadic, defaults filled', (t) => {
  const r = check(`model "M"${CONTROLS}
process A { controls [nonRoot, trustedRegistry("a.io", "b.io"), limits("2")] }
process B { controls [trustedRegistry(["c.io"])] }
`);
  t.deepEqual(r.diagnostics, []);
  const [a, b] = r.value!.elements;
  t.deepEqual(
    a.controls.map((c) => [c.control, c.args]),
    [
      ['nonRoot', []],
      ['trustedRegistry', [{ type: 'list', items: [{ type: 'string', value: 'a.io' }, { type: 'string', value: 'b.io' }] }]],
      ['limits', [{ type: 'string', value: '2' }, { type: 'string', value: '1Gi' }]],
    ],
  );
  t.deepEqual(b.controls[0].args, [{ type: 'list', items: [{ type: 'string', value: 'c.io' }] }]);
  t.is(r.value!.controls.find((c) => c.id === 'trustedRegistry')!.title, 'Trusted registries');
});

test('control errors: unknown (did you mean), arity, argument type', (t) => {
  const r = check(`model "M"${CONTROLS}
process A { controls [nonRot, nonRoot(1), limits(1, 2, 3), trustedRegistry(3)] }
control needy { phase build  required param level: number }
process B { controls [needy, needy(1)] }
`);
  t.deepEqual(codes(r.diagnostics), ['WD2014@7:23', 'WD2015@7:31', 'WD2015@7:43', 'WD2016@7:76', 'WD2015@9:23', 'WD2010@9:30']);
  t.is(r.diagnostics[0].hint, 'did you mean "nonRoot"?');
  t.is(r.value, undefined);
});

test('threat rules become ThreatRuleDef with a ConditionExpr and derived severity', (t) => {
  const r = check(`model "M"${CONTROLS}
threat Unauth "Unauthenticated crossing" {
  on flow
  category spoofing
  when crossesInto and (authn == none or not has(authn))
  likelihood high  impact medium
  cwe [306]  capec [151]
  phase plan
  controls [mtls]
  statement "x {to}"
}
`);
  t.deepEqual(r.diagnostics, []);
  const rule = r.value!.rules[0];
  t.is(rule.id, 'Unauth');
  t.is(rule.appliesTo, 'flow');
  t.is(rule.severity, 'high');
  t.deepEqual(rule.cwe, [306]);
  t.deepEqual(rule.controls, ['mtls']);
  const w = rule.when!;
  t.is(w.op, 'and');
  if (w.op !== 'and') return;
  t.deepEqual(w.args[0], { op: 'path', path: ['crossesInto'], source: { file: '/v/model.warden', line: 10, column: 8, endLine: 10, endColumn: 19 } });
  t.is(w.args[1].op, 'or', 'parentheses are dropped, structure kept');
});

test('decisions: mitigate/accept/notApplicable/waive resolve; bad references are errors', (t) => {
  const ok = check(`model "M"${CONTROLS}
process Api
flow F: Api -> Api
mitigate Api.spoofing by mtls "m"
mitigate TH-0011aabb "by id"
accept F.tampering owner "o" until 2020-01-01 because "past dates are the threat engine's business"
notApplicable Api.repudiation because "r"
waive "K8S-013" for "deployment/x" owner "o" until 2027-01-01 because "r"
`);
  t.deepEqual(ok.diagnostics, []);
  t.deepEqual(ok.value!.mitigations[0].target, { kind: 'category', element: 'Api', category: 'spoofing' });
  t.deepEqual(ok.value!.mitigations[1].target, { kind: 'id', id: 'TH-0011aabb' });
  t.is(ok.value!.acceptances[0].until, '2020-01-01');
  t.is(ok.value!.waivers[0].check, 'K8S-013');
  const bad = check(`model "M"
data D { classification public }
mitigate D.spoofing
accept Nope.spoofing owner "o" until 2027-02-29 because "r"
`);
  t.deepEqual(codes(bad.diagnostics), ['WD2018@3:10', 'WD2018@4:8', 'WD2006@4:38']);
});

test('boundary blocks: `actor X` is an element when actor is a kind, else an attribute error', (t) => {
  const r = check(`model "M"\nboundary B { trust low  actor X  colour red }\n`);
  t.deepEqual(codes(r.diagnostics), ['WD2003@2:34']);
  const r2 = check(`model "M"\nboundary B { trust low  actor X }\n`);
  t.is(r2.value!.elements[0].boundary, 'B');
});

test('duplicates carry related information pointing at the first declaration', (t) => {
  const r = check(`model "M"\nprocess A\nstore A\n`);
  t.is(r.diagnostics[0].code, 'WD2002');
  t.deepEqual(r.diagnostics[0].related?.[0].span.line, 2);
});

test('imports: relative, loaded once, cycles reported, confined to the project root', (t) => {
  const shared = '/v/shared/assets.warden';
  const r = check('model "M"\nuse "./shared/assets.warden"\nuse "./other.warden"\nprocess P { handles [Card] }\n', {
    [shared]: 'data Card { classification restricted }\n',
    '/v/other.warden': 'use "./shared/assets.warden"\n',
  });
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(r.value!.files.slice(0, 1), ['/v/model.warden']);
  t.true(r.value!.files.includes('shared/assets.warden'));
  t.is(r.value!.files.filter((f) => f === 'shared/assets.warden').length, 1);
  t.is(r.sources.get('shared/assets.warden'), 'data Card { classification restricted }\n');

  const cyc = check('use "./a.warden"\n', { '/v/a.warden': 'use "./b.warden"\n', '/v/b.warden': 'use "./a.warden"\n' });
  t.deepEqual(
    cyc.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.file]),
    [['WD2020', 'b.warden']],
  );
  const out = check('use "../outside.warden"\n');
  t.deepEqual(codes(out.diagnostics.filter((d) => d.severity === 'error')), ['WD2021@1:5']);
});

test('standard library: kubernetes and azure kinds resolve with inheritance', (t) => {
  const r = check('model "M"\nuse "warden/azure"\nboundary B { namespace "n" }\nworkload W in B { workload "deployment/w" }\ncontainerRegistry R { sku Premium }\n');
  t.deepEqual(r.diagnostics, []);
  const k = r.value!.kinds;
  t.is(k.workload.base, 'process');
  t.true(k.workload.requiresBoundary);
  t.is(k.containerRegistry.extends, 'registry');
  t.is(k.containerRegistry.base, 'store');
  t.truthy(k.containerRegistry.attributes.encryptedAtRest, 'inherited from store');
  t.deepEqual(r.value!.elements[1].attributes.adminUser, { type: 'bool', value: false });
});

test('loadModel reads from disk and reports unreadable entry files', (t) => {
  const r = loadModel('does/not/exist.warden', { cwd: '/tmp' });
  t.is(r.value, undefined);
  t.is(r.diagnostics[0].code, 'WD2019');
});

test('values: every type mismatch has its code and span', (t) => {
  const r = check(`model "M"
kind thing extends process {
  attr n: number
  attr d: date
  attr l: list<string>
  attr r: ref<boundary>
}
boundary Z
thing T { n "1"  d "2027-01-01"  l "x"  r T }
`);
  t.deepEqual(codes(r.diagnostics), ['WD2004@9:13', 'WD2004@9:20', 'WD2004@9:36', 'WD2008@9:43']);
  t.is(r.diagnostics[1].hint, 'write the date without quotes');
});
