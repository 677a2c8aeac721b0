// Parse-level checks that went with the type checker (issue 6 gaps): comprehension heads are single
// terms, and Rego v0 treats `in`, `every`, `contains` and `if` as keywords only when imported.
// Expectations are opa 1.22.2's (`opa check [--v0-compatible]`).
import test from 'ava';
import { parseRego } from '../../src/rego/index.js';

function parse(source: string, v0 = false) {
  const r = parseRego([{ file: 'a.rego', source: `package test\n${source}\n` }], { v0Compatible: v0 });
  return r.diagnostics.map((d) => ({ code: d.code, line: d.span.line, message: d.message, hint: d.hint }));
}

test('an array comprehension head that is an expression is a parse error', (t) => {
  const [e] = parse('p := [x * 2 | some x in input.xs]');
  t.is(e?.code, 'rego_parse_error');
  t.is(e?.line, 2);
  t.regex(e!.message, /unexpected some/);
});

test('array comprehension heads that are terms still parse', (t) => {
  t.deepEqual(parse('p := [x.y | some x in input.xs]'), []);
  t.deepEqual(parse('p := [count(x) | some x in input.xs]'), []);
  t.deepEqual(parse('p := [-x | some x in input.xs]'), []);
  t.deepEqual(parse('p := [(x * 2) | some x in input.xs]'), []);
  t.deepEqual(parse('p := [{"a": x} | some x in input.xs]'), []);
});

test('without a comprehension body, | in an array is set union', (t) => {
  const r = parseRego([{ file: 'a.rego', source: 'package test\np := [{1} | {2}, 3]\n' }]);
  t.deepEqual(r.diagnostics, []);
  const v = r.value[0]!.rules[0]!.value!;
  t.is(v.type, 'array');
  t.like(v, { items: [{ type: 'binop', op: '|' }, { type: 'number' }] });
});

test('v0: `some x in` without importing in is a parse error with a hint', (t) => {
  const [e] = parse('p {\n  some x in input.xs\n}', true);
  t.like(e, { code: 'rego_parse_error', line: 3, hint: '`import future.keywords.in` for `some x in xs` expressions' });
});

test('v0: `p if` without importing if is a parse error with a hint', (t) => {
  const [e] = parse('allow if true', true);
  t.like(e, { code: 'rego_parse_error', line: 2, hint: '`import future.keywords.if` for `p if { ... }` rules' });
});

test('v0: the hint names the keyword that failed, not the first one seen', (t) => {
  const [e] = parse('import future.keywords.in\np {\n  some x in input.xs\n  every y in input.xs { y }\n}', true);
  t.like(e, { code: 'rego_parse_error', line: 5, hint: '`import future.keywords.every` for `every x in xs { ... }` expressions' });
});

test('v0: importing future.keywords, one keyword or rego.v1 enables them', (t) => {
  t.deepEqual(parse('import future.keywords\np contains x if { some x in input.xs }', true), []);
  t.deepEqual(parse('import future.keywords.in\nimport future.keywords.every\np {\n  some x in input.xs\n  every y in input.xs { y }\n}', true), []);
  t.deepEqual(parse('import rego.v1\np contains 1 if { true }', true), []);
});

test('v0: contains stays usable as a builtin without the import', (t) => {
  t.deepEqual(parse('p { contains(input.s, "a") }', true), []);
});

test('v1 is unaffected: keywords need no import', (t) => {
  t.deepEqual(parse('p contains x if { some x in input.xs }\nq if every y in input.xs { y }'), []);
});

test('an error inside a comprehension body is reported where it is', (t) => {
  const [e] = parse('p := [x |\n  some x in input.xs\n  x ==\n]');
  t.is(e?.code, 'rego_parse_error');
  t.is(e?.line, 5);
});
