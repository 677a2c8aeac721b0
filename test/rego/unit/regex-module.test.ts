// regex.* inside the module (src/rego/runtime/regex.ts on the RE2 port in runtime/re2): opa's
// operand checks and messages under strict builtin errors, the count operand as opa reads it,
// re_match as a builtin of its own, linear time on hostile input, and the per-evaluation pattern
// cache surviving heap reuse. Expected values confirmed with opa 1.22.2 (opa eval --strict-builtin-errors).
import test from 'ava';
import { compileRego, evalRego, loadPolicy } from '../../../src/rego/index.js';

const INPUT = { n: 1, f: 1.5, s: 'x' };

async function strict(expr: string, input: unknown = INPUT): Promise<{ value: unknown; error: string }> {
  const r = await evalRego([{ file: 'p.rego', source: `package t\np := ${expr}\n` }], 'data.t.p', input, undefined, { strictBuiltinErrors: true });
  return { value: r.value, error: r.diagnostics.map((d) => d.message).join('\n') };
}

const ERRORS: Array<[string, string]> = [
  ['regex.match(input.n, "x")', 'eval_type_error: regex.match: operand 1 must be string but got number'],
  ['regex.match("(", input.n)', 'eval_type_error: regex.match: operand 2 must be string but got number'],
  ['regex.split("(", input.n)', 'eval_type_error: regex.split: operand 2 must be string but got number'],
  ['regex.replace("abc", "(", input.n)', 'eval_type_error: regex.replace: operand 3 must be string but got number'],
  ['regex.find_n("a", "aaa", input.f)', 'eval_type_error: regex.find_n: operand 3 must be integer number but got floating-point number'],
  ['regex.find_n("a", "aaa", 1e1)', 'eval_type_error: regex.find_n: operand 3 must be integer number but got floating-point number'],
  ['regex.find_n("a", "aaa", 9223372036854775808)', 'eval_type_error: regex.find_n: operand 3 must be integer number but got floating-point number'],
  ['regex.find_all_string_submatch_n("(", "aaa", input.s)', 'eval_type_error: regex.find_all_string_submatch_n: operand 3 must be number but got string'],
  ['regex.match("é(", "x")', 'eval_builtin_error: regex.match: error parsing regexp: missing closing ): `é(`'],
  ['regex.template_match("{a\\u0001\\u00e9\\u2028", "x", "{", "}")', 'eval_builtin_error: regex.template_match: unbalanced braces in "{a\\x01é\\u2028"'],
  ['regex.template_match("a", "x", "é", "}")', 'eval_builtin_error: regex.template_match: start delimiter has to be exactly one character long but is 2 long'],
  // opa reports the start delimiter's length in the end delimiter's message too
  ['regex.template_match("a", "x", "{", "éé")', 'eval_builtin_error: regex.template_match: end delimiter has to be exactly one character long but is 1 long'],
  ['regex.template_match("urn:{(}", "urn:x", "{", "}")', 'eval_builtin_error: regex.template_match: error parsing regexp: missing closing ): `^($`'],
];

for (const [expr, message] of ERRORS) {
  test(`strict: ${expr} fails with opa's message`, async (t) => {
    const r = await strict(expr);
    t.is(r.value, undefined);
    t.is(r.error, message);
  });
}

test('the count operand is read as opa reads it (1.0 and 2.0 are integers, n < 0 is every match)', async (t) => {
  const r = await strict('[regex.find_n("a", "aaa", 1.0), regex.find_n("a", "aaa", input.two), regex.find_n("a", "aaa", -2), regex.find_n("a", "aaa", 9223372036854775807), regex.find_n("a", "aaa", 0)]', { two: 2.0 });
  t.deepEqual(r.value, [{ result: [['a'], ['a', 'a'], ['a', 'a', 'a'], ['a', 'a', 'a'], []] }]);
});

test('regex.is_valid of a non-string is false, not an error', async (t) => {
  t.deepEqual((await strict('[regex.is_valid(input.n), regex.is_valid("("), regex.is_valid("a+")]')).value, [{ result: [false, false, true] }]);
});

test('re_match is its own builtin, as in opa: its errors name it and `with` replaces it alone', async (t) => {
  const src = 'package t\na { re_match("a", "b") with re_match as true }\nb { re_match("a", "b") with regex.match as true }\nc { regex.match("a", "b") with re_match as true }\ny = re_match("(", "abc")\n';
  const r = await evalRego([{ file: 'p.rego', source: src }], 'data.t', {}, undefined, { v0Compatible: true });
  t.deepEqual(r.value, [{ result: { a: true } }]);
  const e = await evalRego([{ file: 'p.rego', source: src }], 'data.t.y', {}, undefined, { v0Compatible: true, strictBuiltinErrors: true });
  t.is(e.diagnostics.map((d) => d.message).join('\n'), 'eval_builtin_error: re_match: error parsing regexp: missing closing ): `(`');
});

test('hostile patterns stay linear inside the module', async (t) => {
  const hostile = `${'a'.repeat(100_000)}b`;
  const t0 = performance.now();
  const r = await strict('[regex.match("(a+)+$", input), regex.find_n("(a|aa)+c", input, -1), regex.replace(input, "(a*)*b", "x")]', hostile);
  t.deepEqual(r.value, [{ result: [false, [], 'x'] }]);
  t.true(performance.now() - t0 < 5000);
});

test('the pattern cache starts over with each evaluation (the heap it lived in is reused)', async (t) => {
  // many patterns per evaluation (past the cache's 256), inputs of changing size so that later
  // evaluations write over the memory earlier caches occupied; answers must not change
  const src = 'package t\np := [regex.find_n(sprintf("[%d-9]+|x{%d}", [i % 10, i % 7]), input.s, -1) | some i in numbers.range(0, 299)]\n';
  const c = compileRego([{ file: 'p.rego', source: src }], { entrypoints: ['t/p'] });
  const policy = await loadPolicy(c.value!.wasm);
  const first = JSON.stringify(policy.evaluate({ s: '0123456789 xxxxxxx 98' }));
  for (let k = 0; k < 6; k++) {
    policy.evaluate({ s: 'y'.repeat(1000 * (k + 1)), pad: Array.from({ length: 200 * k }, (_, i) => `p${i}`) });
    t.is(JSON.stringify(policy.evaluate({ s: '0123456789 xxxxxxx 98' })), first);
  }
});
