// Lexer and parser: tokens, soft keywords, escapes, spans, AST shapes and error recovery.
import test from 'ava';
import { createLexer, tokenize, unquote, quote } from '../../src/dsl/lexer.js';
import { parseSource } from '../../src/dsl/parser.js';
import { WardenGrammar } from '../../src/dsl/grammar.js';
import type * as A from '../../src/dsl/ast.js';

const names = (text: string) => tokenize('t.warden', text).tokens.map((t) => t.tokenType.name);

test('grammar and token set pass chevrotain validations (the CLI skips them for start-up time)', (t) => {
  t.notThrows(() => new WardenGrammar(true));
  t.notThrows(() => createLexer(true), 'token set valid and first-character optimisation possible');
});

test('tokens: dates, numbers, threat ids, arrows, keywords', (t) => {
  t.deepEqual(names('2027-03-01 42 -1 3.5 TH-1a2b3c4d A -> B'), ['DateLit', 'NumberLit', 'NumberLit', 'NumberLit', 'ThreatId', 'Identifier', 'Arrow', 'Identifier']);
  t.deepEqual(names('model modelling owner'), ['Kw_model', 'Identifier', 'Kw_owner']);
});

test('comments go to their own channel with spans', (t) => {
  const r = tokenize('t.warden', 'actor A // hi\n/* block\n comment */ store B');
  t.deepEqual(r.comments.map((c) => c.image), ['// hi', '/* block\n comment */']);
  t.deepEqual(r.tokens.map((x) => x.image), ['actor', 'A', 'store', 'B']);
  t.is(r.diagnostics.length, 0);
});

test('string escapes round-trip through unquote/quote', (t) => {
  t.is(unquote('"a\\"b\\\\c\\n\\t\\u0041\\u{1F600}"'), 'a"b\\c\n\tA😀');
  for (const s of ['plain', 'q"uote', 'back\\slash', 'line\nbreak', 'tab\there', '😀 ü', '\u0001']) t.is(unquote(quote(s)), s);
});

test('lexer errors: unknown character, unterminated string, bad escape, unterminated comment', (t) => {
  const codes = (s: string) => tokenize('t.warden', s).diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column}`);
  t.deepEqual(codes('actor A $'), ['WD1001@1:9']);
  t.deepEqual(codes('actor A "open\nstore B'), ['WD1002@1:9']);
  t.deepEqual(codes('model "a\\qb"'), ['WD1003@1:9']);
  t.deepEqual(codes('actor A\n/* never closed'), ['WD1004@2:1']);
  t.deepEqual(codes('replicas 3x'), ['WD1005@1:10']);
});

test('parser: element declaration with title, boundary and attributes; spans point at names', (t) => {
  const r = parseSource('t.warden', 'workload Api "Payments API" in Payments {\n  replicas 3\n  controls [nonRoot, trustedRegistry("a.io", "b.io")]\n}\n');
  t.deepEqual(r.diagnostics, []);
  const el = r.value.statements[0] as A.ElementDecl;
  t.is(el.kind, 'element');
  t.is(el.kindName.name, 'workload');
  t.is(el.name.name, 'Api');
  t.deepEqual({ line: el.name.span.line, column: el.name.span.column, endColumn: el.name.span.endColumn }, { line: 1, column: 10, endColumn: 13 });
  t.is(el.title?.value, 'Payments API');
  t.is(el.parent?.name, 'Payments');
  t.deepEqual(
    el.attributes.map((a) => a.name.name),
    ['replicas', 'controls'],
  );
  const controls = el.attributes[1].value as Extract<A.Value, { kind: 'list' }>;
  t.is(controls.items[1].kind, 'call');
  t.deepEqual(el.span.line, 1);
  t.deepEqual(el.span.endLine, 4);
});

test('parser: flows, named flows, threat refs and decisions', (t) => {
  const src = [
    'flow A -> B "t" { protocol https }',
    'flow F: A -> B',
    'mitigate A.spoofing by mtls "x"',
    'mitigate TH-0123abcd "y"',
    'mitigate F.tampering.SomeRule',
    'accept A.repudiation owner "o" until 2027-01-01 because "r"',
    'notApplicable A.repudiation because "r"',
    'waive "K8S-013" for "deployment/x" owner "o" until 2027-01-01 because "r"',
  ].join('\n');
  const r = parseSource('t.warden', src);
  t.deepEqual(r.diagnostics, []);
  const [f1, f2, m1, m2, m3, acc, na, w] = r.value.statements as [A.FlowDecl, A.FlowDecl, A.MitigateStmt, A.MitigateStmt, A.MitigateStmt, A.AcceptStmt, A.NotApplicableStmt, A.WaiveStmt];
  t.is(f1.name, undefined);
  t.is(f2.name?.name, 'F');
  t.is(m1.control?.name, 'mtls');
  t.deepEqual(m2.target.kind === 'id' && m2.target.id, 'TH-0123abcd');
  t.is(m3.target.kind === 'category' ? m3.target.rule?.name : undefined, 'SomeRule');
  t.is(acc.until.value, '2027-01-01');
  t.is(na.reason.value, 'r');
  t.is(w.check.value, 'K8S-013');
});

test('parser: boundary blocks tell elements from attributes', (t) => {
  const r = parseSource('t.warden', 'boundary B "t" {\n  trust high\n  actor Customer\n  process P "p"\n  store S in X\n  boundary C { namespace "n" }\n  flow P -> S\n}');
  t.deepEqual(r.diagnostics, []);
  const b = r.value.statements[0] as A.BoundaryDecl;
  t.deepEqual(
    b.members.map((m) => m.kind),
    ['attribute', 'attribute', 'element', 'element', 'boundary', 'flow'],
  );
});

test('parser: kind, control and threat declarations with conditions', (t) => {
  const r = parseSource(
    't.warden',
    'kind w extends process { doc "d" requires boundary required attr x: list<ref<data>> = [] attr e: enum(a, b) = a }\n' +
      'control c "t" { phase deploy param regs: list<string> }\n' +
      'threat T { on flow when not (a.b == 1 or c in [x, y]) and has(d) category spoofing }',
  );
  t.deepEqual(r.diagnostics, []);
  const k = r.value.statements[0] as A.KindDecl;
  t.deepEqual(
    k.items.map((i) => i.kind),
    ['attribute', 'requiresBoundary', 'attrDecl', 'attrDecl'],
  );
  const x = k.items[2] as A.AttrDecl;
  t.true(x.required);
  t.is(x.type.name.name, 'list');
  t.is(x.type.of?.of?.name.name, 'data');
  const th = r.value.statements[2] as A.ThreatDecl;
  const when = th.items.find((i) => i.kind === 'when') as A.WhenClause;
  t.is(when.cond.kind, 'and');
  const and = when.cond as Extract<A.Cond, { kind: 'and' }>;
  t.is(and.args[0].kind, 'not');
  t.is(and.args[1].kind, 'call');
});

test('parser recovers: several syntax errors in one file, statements around them kept', (t) => {
  const r = parseSource('t.warden', 'process A { exposure = internet }\nstore Ok\nflow A -> { }\nactor Fine\nstore B { stores [D,, E] }\n');
  t.deepEqual(
    r.diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column}`),
    ['WD1011@1:22', 'WD1010@3:11', 'WD1011@5:21'],
  );
  const kept = r.value.statements.filter((s): s is A.ElementDecl => s.kind === 'element').map((s) => s.name.name);
  t.true(kept.includes('Ok') && kept.includes('Fine'));
});

test('parser: an unclosed block is reported at its opening brace, the end of file as related', (t) => {
  const r = parseSource('t.warden', 'process A {\n  exposure internet\n');
  t.is(r.diagnostics.length, 1);
  t.is(r.diagnostics[0].code, 'WD1010');
  t.like(r.diagnostics[0].span, { line: 1, column: 11 });
  t.is(r.diagnostics[0].related?.[0].span.line, 3);
});

test('parser: with nested blocks, the innermost brace still open is the one reported', (t) => {
  const r = parseSource('t.warden', 'boundary Cloud {\n  process A {\n    exposure internet\n  }\n  process B {\n');
  t.is(r.diagnostics.length, 1);
  t.like(r.diagnostics[0].span, { line: 5, column: 13 });
});
