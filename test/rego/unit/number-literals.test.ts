// Number literals at opa's limits (each expectation from opa 1.22.2's `opa eval`), and
// `warden rego eval` printing numbers no JavaScript number holds with their digits, as opa does.
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberLiteralError } from '../../../src/rego/parse/number-size.js';
import { evalRego } from '../../../src/rego/index.js';
import { main } from '../../../src/cli/main.js';
import { indentJsonText } from '../../../src/text/json-indent.js';

const OPA: Array<[string, string | undefined]> = [
  ['9e90409', 'number too big'],
  ['1e30102', undefined],
  ['1e30103', 'number too big'],
  ['9.9900209301438450e30102', undefined],
  ['9.9900209301438451e30102', 'number too big'],
  ['1e-30103', undefined],
  ['1e-30104', 'number too big'],
  ['5e-30104', 'number too big'],
  ['0e99999999999999999999', undefined],
  ['1e2147483646', 'number too big'],
  ['1e2147483647', 'unexpected number token: invalid float'],
  ['1e9007199254740992', 'unexpected number token: invalid float'],
  ['1e-646456993', 'number too big'],
  ['1e-646456994', undefined],
  ['0.001e-646456992', undefined],
  ['1e400', undefined],
];

for (const [text, want] of OPA) test(`literal ${text}: ${want ?? 'accepted'}`, (t) => t.is(numberLiteralError(text), want));

test('a literal out of range is a located parse error, not a crash', async (t) => {
  const r = await evalRego([{ file: 'a.rego', source: 'package t\np = [9e90409]' }], 'data.t.p');
  t.is(r.value, undefined);
  t.deepEqual(r.diagnostics.map((d) => [d.code, d.message, d.span.line, d.span.column]), [['rego_parse_error', 'number too big', 2, 6]]);
});

test('rego eval prints big numbers of the program, input and data with their digits', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-numbers-'));
  writeFileSync(join(dir, 't.rego'), 'package t\np = [1e400, 9007199254740993, input.n, data.d, 9.9900209301438450e30102]\n');
  writeFileSync(join(dir, 'i.json'), '{"n": 18446744073709551617}');
  writeFileSync(join(dir, 'd.json'), '{"d": 1.000000000000000000001}');
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: () => undefined, readStdin: async () => '', cwd: dir, env: {}, color: false, quiet: true };
  const code = await main(['rego', 'eval', 't.rego', '-i', 'i.json', '-d', 'd.json', 'data.t.p'], io);
  t.is(code, 0);
  t.is(out, '[\n  {\n    "result": [\n      1e400,\n      9007199254740993,\n      18446744073709551617,\n      1.000000000000000000001,\n      9.9900209301438450e30102\n    ]\n  }\n]\n');
});

test('indentJsonText indents as JSON.stringify does, keeping number texts', (t) => {
  for (const v of [{ a: [1, { b: 'x\\"y,:{[' }], c: {}, d: [] }, [], {}, 'a', 1, null, [[[]]], { 'k"': { '': [true, false] } }]) t.is(indentJsonText(JSON.stringify(v)), JSON.stringify(v, null, 2));
  t.is(indentJsonText('{ "n" : 1e400 , "m":[ 9007199254740993 ] }'), '{\n  "n": 1e400,\n  "m": [\n    9007199254740993\n  ]\n}');
});
