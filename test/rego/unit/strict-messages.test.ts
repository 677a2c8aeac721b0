// Builtin errors under strict builtin errors, word for word as opa 1.22.2 gives them (each
// expectation was taken from `opa eval --strict-builtin-errors`): one builtin name in front of the
// message (a host builtin's own name gives way to the one called, `warden.` never shows), and
// operands of the wrong type are eval_type_error.
import test from 'ava';
import { evalRego } from '../../../src/rego/index.js';

async function strictError(call: string, input: unknown): Promise<string> {
  const r = await evalRego([{ file: 'a.rego', source: `package t\np := ${call}` }], 'data.t.p', input, undefined, { strictBuiltinErrors: true });
  return r.diagnostics.map((d) => d.message).join('; ');
}

const CASES: Array<[string, unknown, string]> = [
  ['semver.compare(input.a, "1.0.0")', { a: 1 }, 'eval_type_error: semver.compare: operand 1 must be string but got number'],
  ['semver.compare(input.a, "1.0.0")', { a: '1.0' }, 'eval_builtin_error: semver.compare: operand 1: string "1.0" is not a valid SemVer'],
  ['semver.compare("1.0.0", input.a)', { a: 'x' }, 'eval_builtin_error: semver.compare: operand 2: string "x" is not a valid SemVer'],
  ['glob.match(input.a, [], "a")', { a: 1 }, 'eval_type_error: glob.match: operand 1 must be string but got number'],
  ['graph.reachable({}, input.a)', { a: 1 }, 'eval_type_error: graph.reachable: operand 2 must be {array, set} but got number'],
  ['crypto.sha256(input.a)', { a: 1 }, 'eval_type_error: crypto.sha256: operand 1 must be string but got number'],
  ['json.remove(input.a, [])', { a: 1 }, 'eval_type_error: json.remove: operand 1 must be object but got number'],
  ['net.cidr_contains(input.a, "10.0.0.1")', { a: 1 }, 'eval_type_error: net.cidr_contains: operand 1 must be string but got number'],
  ['units.parse(input.a)', { a: '12xyz' }, 'eval_builtin_error: units.parse: units.parse: unit xyz not recognized'],
  ['io.jwt.decode(input.a)', { a: 'x.y' }, 'eval_builtin_error: io.jwt.decode: encoded JWT must have 3 sections, found 2'],
  ['io.jwt.decode(input.a)', { a: 1 }, 'eval_type_error: io.jwt.decode: operand 1 must be string but got number'],
  ['time.add_date(input.a, 0, 0, 0)', { a: 'x' }, 'eval_type_error: time.add_date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string'],
  ['time.date(input.a)', { a: 'x' }, 'eval_type_error: time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string'],
  ['time.weekday(input.a)', { a: true }, 'eval_type_error: time.weekday: operand 1 must be either number (ns) or [number (ns), string (tz)] but got boolean'],
  // in-module builtins that fail without a message of their own: the first operand of the wrong declared type
  ['contains(input.a, "x")', { a: 7 }, 'eval_type_error: contains: operand 1 must be string but got number'],
  ['contains("x", input.a)', { a: 7 }, 'eval_type_error: contains: operand 2 must be string but got number'],
  ['object.keys(input.a)', { a: 7 }, 'eval_type_error: object.keys: operand 1 must be object but got number'],
  ['array.slice(input.a, 0, 1)', { a: 7 }, 'eval_type_error: array.slice: operand 1 must be array but got number'],
  ['union(input.a)', { a: 7 }, 'eval_type_error: union: operand 1 must be set but got number'],
  ['count(input.a)', { a: 7 }, 'eval_type_error: count: operand 1 must be one of {array, object, set, string} but got number'],
  ['max(input.a)', { a: 7 }, 'eval_type_error: max: operand 1 must be one of {set, array} but got number'],
  ['concat(",", input.a)', { a: 7 }, 'eval_type_error: concat: operand 2 must be one of {set, array} but got number'],
  ['json.patch({}, input.a)', { a: [{ op: 'bogus' }] }, "eval_builtin_error: json.patch: missing required attribute 'path'"],
  ['regex.match(input.a, "x")', { a: 1 }, 'eval_type_error: regex.match: operand 1 must be string but got number'],
];

for (const [call, input, want] of CASES) {
  test(`${call} on ${JSON.stringify(input)}`, async (t) => {
    t.is(await strictError(call, input), want);
  });
}

test('a host builtin standing in for the SDK\'s is named as called', async (t) => {
  const message = await strictError('yaml.unmarshal(input.a)', { a: ': :' });
  t.regex(message, /^eval_builtin_error: yaml\.unmarshal: /);
  t.notRegex(message, /warden\./);
});

test('max and min of an empty collection stay undefined under strict errors, as in opa', async (t) => {
  const r = await evalRego([{ file: 'a.rego', source: 'package t\np := max(input.a)' }], 'data.t.p', { a: [] }, undefined, { strictBuiltinErrors: true });
  t.deepEqual(r.value, []);
  t.deepEqual(r.diagnostics, []);
});

test('to_number reads strings as Go\'s strconv.ParseFloat does, keeping the text', async (t) => {
  const strict = async (text: string) => strictError(`to_number(input.a)`, { a: text });
  t.is(await strict('1-2'), 'eval_builtin_error: to_number: strconv.ParseFloat: parsing "1-2": invalid syntax');
  t.is(await strict('1e5e3'), 'eval_builtin_error: to_number: strconv.ParseFloat: parsing "1e5e3": invalid syntax');
  t.is(await strict(''), 'eval_builtin_error: to_number: strconv.ParseFloat: parsing "": invalid syntax');
  t.is(await strict('1e400'), 'eval_builtin_error: to_number: strconv.ParseFloat: parsing "1e400": value out of range');
  t.is(await strict('NaN'), 'eval_type_error: to_number: operand 1 must be valid number string but got string');
  // opa takes these and fails when it writes them out; Warden refuses them in any mode
  for (const text of ['+1', '.5', '00012']) {
    const r = await evalRego([{ file: 'a.rego', source: 'package t\np := to_number(input.a) == 1' }], 'data.t.p', { a: text });
    t.regex(r.diagnostics.map((d) => d.message).join(), /JSON cannot hold/, text);
  }
  const ok = await evalRego([{ file: 'a.rego', source: 'package t\np := [to_number("12"), to_number("-0"), to_number("3.25"), to_number("1E+2")]' }], 'data.t.p');
  t.deepEqual(ok.value, [{ result: [12, -0, 3.25, 100] }]);
  const undef = await evalRego([{ file: 'a.rego', source: 'package t\np := to_number(input.a)' }], 'data.t.p', { a: '1-2' });
  t.deepEqual(undef.value, [], 'undefined without strict errors, as opa');
});
