// The tag grammar on comment text alone: which tags a comment holds, what they say, and where.
import test from 'ava';
import { classifyTagName, parseRef, parseTag, tagsInComment, type CommentTag } from '../../src/trace/tags.js';
import type { TraceTag } from '../../src/trace/types.js';

const ours = (t: CommentTag) => ({ ...t, name: t.name as TraceTag });
const one = (comment: string, offset = 0) => {
  const tags = tagsInComment(comment, offset);
  if (tags.length !== 1) throw new Error(`expected one tag in ${comment}, got ${tags.length}`);
  return parseTag(ours(tags[0]));
};

test('a JSDoc block: tags start lines, text continues over lines, other tags end it', (t) => {
  const c = ['/**', ' * Verifies tokens.', ' * @mitigates Api.spoofing by oidcAuth tokens are', ' *   checked against the issuer', ' * @param t the token', ' */'].join('\n');
  const tags = tagsInComment(c, 100);
  t.deepEqual(
    tags.map((x) => x.name),
    ['mitigates', 'param'],
  );
  const m = tags[0];
  t.is(m.start, 100 + c.indexOf('@mitigates'));
  t.is(m.end, 100 + c.indexOf('issuer') + 'issuer'.length);
  t.deepEqual(
    m.tokens.map((x) => x.value),
    ['Api.spoofing', 'by', 'oidcAuth', 'tokens', 'are', 'checked', 'against', 'the', 'issuer'],
  );
  t.is(m.tokens[0].start, 100 + c.indexOf('Api.spoofing'));
});

test('a line comment holds one tag, to the end of its line', (t) => {
  const tags = tagsInComment('// @exposes Api.tampering raw SQL here', 10);
  t.is(tags.length, 1);
  t.is(tags[0].start, 13);
  t.is(tags[0].end, 10 + '// @exposes Api.tampering raw SQL here'.length);
  // An @ in the middle of prose is not a tag.
  t.deepEqual(tagsInComment('// mail admin@mitigates.example for access', 0), []);
  t.deepEqual(tagsInComment('/* see @mitigates below */', 0), []);
});

test('a one-line JSDoc and a plain block comment', (t) => {
  t.deepEqual(
    tagsInComment('/** @element Api */', 0).map((x) => [x.name, x.tokens.map((k) => k.value)]),
    [['element', ['Api']]],
  );
  t.deepEqual(
    tagsInComment('/* @boundary Payments */', 0).map((x) => [x.name, x.tokens.map((k) => k.value)]),
    [['boundary', ['Payments']]],
  );
});

test('{@link X} and quoted strings are single words', (t) => {
  const [tag] = tagsInComment('/** @accepts {@link Threats.Api_spoofing | spoofing} owner "sec team" until 2027-03-01 because "the \\"WAF\\" does it" */', 0);
  t.deepEqual(
    tag.tokens.map((x) => x.value),
    ['Threats.Api_spoofing', 'owner', 'sec team', 'until', '2027-03-01', 'because', 'the "WAF" does it'],
  );
  const r = parseTag(ours(tag));
  t.deepEqual(r.problems, []);
  t.like(r.fields, { owner: 'sec team', until: '2027-03-01', reason: 'the "WAF" does it', ref: { kind: 'constant', name: 'Api_spoofing' } });
});

test('references: ids, constants, categories, rules, element-less categories', (t) => {
  const ref = (s: string) => {
    const r = parseRef({ value: s, start: 0, end: s.length, quoted: false });
    return 'ref' in r ? r.ref : r.problem.code;
  };
  t.deepEqual(ref('TH-1a2b3c4d'), { kind: 'id', id: 'TH-1a2b3c4d', written: 'TH-1a2b3c4d' });
  t.deepEqual(ref('Threats.TH_1a2b3c4d'), { kind: 'id', id: 'TH-1a2b3c4d', written: 'Threats.TH_1a2b3c4d' });
  t.deepEqual(ref('Threats.Api_spoofing'), { kind: 'constant', name: 'Api_spoofing', written: 'Threats.Api_spoofing' });
  t.deepEqual(ref('Api.spoofing'), { kind: 'category', element: 'Api', category: 'spoofing', elementFromScope: false, written: 'Api.spoofing' });
  t.like(ref('Api.spoofing.stride.spoofing') as object, { element: 'Api', category: 'spoofing', rule: 'stride.spoofing' });
  t.like(ref('Elements.Api.tampering') as object, { element: 'Api', category: 'tampering' });
  t.like(ref('Customer->Gateway.spoofing.UnauthenticatedCrossing') as object, { element: 'Customer->Gateway', rule: 'UnauthenticatedCrossing' });
  t.deepEqual(ref('denialOfService'), { kind: 'category', category: 'denialOfService', elementFromScope: false, written: 'denialOfService' });
  t.is(ref('Api.spofing'), 'WD6002');
  t.is(ref('spofing'), 'WD6002');
  t.is(ref('Api'), 'WD6001');
  t.is(ref('Api..spoofing'), 'WD6001');
  t.is(ref('Threats.A.b'), 'WD6001');
});

test('did-you-mean for a misspelt category', (t) => {
  const r = one('// @mitigates Api.informationDisclosur by keyVaultSecrets');
  t.is(r.fields, undefined);
  t.is(r.problems[0].code, 'WD6002');
  t.is(r.problems[0].hint, 'did you mean "informationDisclosure"?');
  t.is(r.problems[0].start, '// @mitigates '.length);
  t.is(r.problems[0].end, '// @mitigates Api.informationDisclosur'.length);
});

test('@mitigates: by <control> and text are optional; a control call drops its arguments', (t) => {
  t.like(one('// @mitigates Api.spoofing').fields, { tag: 'mitigates', ref: { element: 'Api' } });
  t.is(one('// @mitigates Api.spoofing').fields!.control, undefined);
  t.like(one('// @mitigates Api.spoofing by mtls').fields, { control: 'mtls' });
  t.like(one('// @mitigates Api.tampering by trustedRegistry("acr.io") images pinned').fields, { control: 'trustedRegistry', note: 'images pinned' });
  t.like(one('// @mitigates Api.spoofing by Controls.mtls').fields, { control: 'mtls' });
  t.like(one('// @mitigates Api.spoofing the gateway checks').fields, { note: 'the gateway checks' });
  const bad = one('// @mitigates Api.spoofing by');
  t.is(bad.fields, undefined);
  t.is(bad.problems[0].code, 'WD6001');
  const none = one('// @mitigates');
  t.is(none.problems[0].code, 'WD6001');
  t.is(none.problems[0].start, 3);
});

test('@exposes: needs a category reference and a text; severity is optional', (t) => {
  t.like(one('// @exposes Api.informationDisclosure severity high stack traces in errors').fields, {
    severity: 'high',
    note: 'stack traces in errors',
  });
  t.is(one('// @exposes Api.informationDisclosure').problems[0].code, 'WD6001');
  t.is(one('// @exposes TH-1a2b3c4d something').problems[0].code, 'WD6001');
  const sev = one('// @exposes Api.tampering severity hgh x');
  t.is(sev.problems[0].code, 'WD6001');
  t.is(sev.problems[0].hint, 'did you mean "high"?');
});

test('@accepts: owner, until, because in order; the date must exist', (t) => {
  t.like(one('// @accepts Ledger.tampering owner sec-team until 2027-03-01 because append-only').fields, {
    owner: 'sec-team',
    until: '2027-03-01',
    reason: 'append-only',
  });
  t.is(one('// @accepts Ledger.tampering until 2027-03-01 because x').problems[0].code, 'WD6001');
  t.is(one('// @accepts Ledger.tampering owner a because x').problems[0].code, 'WD6001');
  t.is(one('// @accepts Ledger.tampering owner a until 2027-03-01').problems[0].code, 'WD6001');
  const date = one('// @accepts Ledger.tampering owner a until 2027-02-30 because x');
  t.is(date.problems[0].code, 'WD6009');
  t.is(date.problems[0].start, '// @accepts Ledger.tampering owner a until '.length);
  t.is(one('// @accepts Ledger.tampering owner a until 27-02-01 because x').problems[0].code, 'WD6009');
});

test('@element and @boundary take a name, constant prefixes removed', (t) => {
  t.like(one('/** @element Elements.Api */').fields, { tag: 'element', name: 'Api' });
  t.like(one('/** @element Flows.Api_to_Ledger */').fields, { name: 'Api_to_Ledger' });
  t.like(one('/** @boundary Boundaries.Payments runs in the cluster */').fields, { name: 'Payments', note: 'runs in the cluster' });
  t.is(one('/** @element */').problems[0].code, 'WD6001');
});

test('near misses of our tags are flagged, standard JSDoc tags are not', (t) => {
  t.deepEqual(classifyTagName('mitigates'), { ours: 'mitigates' });
  t.deepEqual(classifyTagName('mitigate'), { nearMiss: 'mitigates' });
  t.deepEqual(classifyTagName('exposed'), { nearMiss: 'exposes' });
  t.deepEqual(classifyTagName('elements'), { nearMiss: 'element' });
  t.is(classifyTagName('access'), undefined);
  t.is(classifyTagName('param'), undefined);
  t.is(classifyTagName('deprecated'), undefined);
});
