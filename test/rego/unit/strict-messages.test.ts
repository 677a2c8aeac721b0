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
  // values of the right type that a builtin refuses, in opa's words
  ['units.parse_bytes(input.a)', { a: '' }, 'eval_builtin_error: units.parse_bytes: units.parse_bytes: no byte amount provided'],
  ['units.parse_bytes(input.a)', { a: '1.1.1KB' }, 'eval_builtin_error: units.parse_bytes: units.parse_bytes: could not parse byte amount to a number'],
  ['units.parse(input.a)', { a: '..5' }, 'eval_builtin_error: units.parse: units.parse: could not parse amount to a number'],
  ['json.remove({}, input.a)', { a: 'x' }, 'eval_type_error: json.remove: operand 2 must be one of {set, array} but got string'],
  ['json.filter({}, input.a)', { a: [1] }, 'eval_type_error: json.filter: operand 2 must be one of {set, array} containing string paths or array of path segments but got number'],
  ['object.filter({}, input.a)', { a: 'x' }, 'eval_type_error: object.filter: operand 2 must be one of {object, set, array} but got string'],
  ['object.remove({"b": 1}, input.a)', { a: null }, 'eval_type_error: object.remove: operand 2 must be one of {object, set, array} but got null'],
  ['numbers.range(input.a, 3)', { a: 1.5 }, 'eval_type_error: numbers.range: operand 1 must be integer number but got floating-point number'],
  ['numbers.range(1, input.a)', { a: 2.5 }, 'eval_type_error: numbers.range: operand 2 must be integer number but got floating-point number'],
  ['strings.split_n("a", "b", input.a)', { a: 1.5 }, 'eval_type_error: strings.split_n: operand 3 must be integer number but got floating-point number'],
  ['format_int(10, input.a)', { a: 3 }, 'eval_type_error: format_int: operand 2 must be one of {2, 8, 10, 16}'],
  ['substring("abc", input.a, 1)', { a: -1 }, 'eval_builtin_error: substring: negative offset'],
  ['strings.any_prefix_match(input.a, "x")', { a: ['a', 2] }, 'eval_type_error: strings.any_prefix_match: operand 1 must be array of strings but got array containing number'],
  ['object.union_n(input.a)', { a: [{}, 1] }, 'eval_type_error: object.union_n: operand 1 must be array of objects but got array containing number'],
  ['object.subset(input.a, {})', { a: [] }, 'eval_type_error: object.subset: both arguments object.subset must be of the same type or array and set'],
  ['strings.replace_n(input.a, "x")', { a: { x: 1 } }, 'eval_type_error: strings.replace_n: operand 1 non-string value found in pattern object'],
  ['input.a - 1', { a: 'x' }, 'eval_type_error: minus: operand 1 must be one of {number, set} but got string'],
  ['hex.decode(input.a)', { a: 'zz' }, "eval_builtin_error: hex.decode: encoding/hex: invalid byte: U+007A 'z'"],
  ['hex.decode(input.a)', { a: 'abc' }, 'eval_builtin_error: hex.decode: encoding/hex: odd length hex string'],
  ['base64.decode(input.a)', { a: 'YQ=!' }, 'eval_builtin_error: base64.decode: illegal base64 data at input byte 2'],
  ['base64url.decode(input.a)', { a: 'e30\n' }, 'eval_builtin_error: base64url.decode: illegal base64 data at input byte 1'],
  ['io.jwt.decode(input.a)', { a: 'e30!.e30.e30' }, 'eval_builtin_error: io.jwt.decode: JWT header had invalid encoding: illegal base64 data at input byte 3'],
  ['json.marshal_with_options({}, input.a)', { a: { bogus: 1 } }, 'eval_type_error: json.marshal_with_options: operand 2 object contained unknown key "bogus"'],
  ['providers.aws.sign_req({"method": "get", "url": "http://x"}, input.a, 0)', { a: {} }, 'eval_type_error: providers.aws.sign_req: operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"}'],
  ['io.jwt.encode_sign_raw(input.a, "{}", "{\\"kty\\": \\"oct\\", \\"k\\": \\"AyM\\"}")', { a: '{}' }, 'eval_builtin_error: io.jwt.encode_sign_raw: missing or invalid \'alg\' header: jwsbb: header "alg" not found'],
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

// Were values where opa has none: an empty object met a bad key operand before it was checked, and
// io.jwt.decode padded a section after dropping its newlines (opa pads by the text's own length).
for (const [call, input] of [
  ['object.filter({}, input.a)', { a: 'x' }],
  ['object.remove({}, input.a)', { a: null }],
  ['io.jwt.decode(input.a)', { a: 'e30\n.e30.e30' }],
  ['object.union_n(input.a)', { a: [{}, 1] }],
  // found by a differential of every builtin on mixed arguments against opa eval (2026-12-06)
  ['json.unmarshal(input.a)', { a: '1.2.3' }],
  ['json.unmarshal(input.a)', { a: '01' }],
  ['json.unmarshal(input.a)', { a: '1.e5' }],
  ['substring("abc", input.a, 1)', { a: 1e-7 }],
  ['substring("abc", 0, input.a)', { a: 12345678901234567890 }],
  ['array.slice([1, 2, 3], input.a, 2)', { a: 100.5 }],
  ['json.patch({"a": 1}, [input.b, {x | some x in input.a}][input.i])', { a: [], b: [], i: 1 }],
  ['yaml.unmarshal(input.a)', { a: '%20' }],
  ['yaml.unmarshal(input.a)', { a: '%YAML 1.2\n---\na: 1' }],
  ['yaml.unmarshal(input.a)', { a: 'x\u0000y' }],
  ['yaml.unmarshal(input.a)', { a: '*.b' }],
  ['to_number(input.a)', { a: '0x1F' }],
] as Array<[string, unknown]>) {
  test(`${call} on ${JSON.stringify(input)} is undefined, as in opa`, async (t) => {
    const r = await evalRego([{ file: 'a.rego', source: `package t\np := ${call}` }], 'data.t.p', input);
    t.deepEqual(r.value, [], JSON.stringify(r));
  });
}

// ... and values where Warden had none, or another
for (const [call, input, want] of [
  ['[json.is_valid(input.a), json.is_valid(input.b)]', { a: '1.2.3', b: '-0' }, [false, true]],
  ['[base64.is_valid(input.a), base64.is_valid(input.b)]', { a: 1, b: null }, [false, false]],
  ['[yaml.is_valid(input.a), yaml.is_valid(input.b), yaml.is_valid(input.c)]', { a: '%20', b: '*.b', c: '%YAML 1.1\n---\na: 1' }, [false, false, true]],
  ['[substring("abc", input.a, 1), array.slice([1, 2, 3], 0, input.a)]', { a: 2.0 }, ['c', [1, 2]]],
  ['substring("abc", 0, input.a)', { a: 4294967297 }, 'abc'],
  ['[strings.split_n("a,b,c", ",", input.a), strings.split_n("a,b,c", ",", input.b)]', { a: 2.0, b: 9007199254740993 }, [['a', 'b'], ['a', 'b', 'c']]],
] as Array<[string, unknown, unknown]>) {
  test(`${call} on ${JSON.stringify(input)} is ${JSON.stringify(want)}, as in opa`, async (t) => {
    const r = await evalRego([{ file: 'a.rego', source: `package t\np := ${call}` }], 'data.t.p', input);
    t.deepEqual(r.value, [{ result: want }], JSON.stringify(r));
  });
}
