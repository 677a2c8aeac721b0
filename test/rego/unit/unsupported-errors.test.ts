// Where Warden cannot answer as opa does, evaluation fails with an error instead of a different
// value (opa answers these; see test/rego/cases/opa-wrong-answers.yaml for the ones Warden matches).
import test from 'ava';
import { evalRego } from '../../../src/rego/index.js';

async function evalError(source: string, query: string): Promise<string> {
  const r = await evalRego([{ file: 'a.rego', source: 'package t\n' + source }], query);
  const d = r.diagnostics.find((x) => x.code === 'rego_eval_error');
  if (d && r.value === undefined) return d.message;
  throw new Error(`expected an evaluation error, got ${JSON.stringify(r)}`);
}

test('json.match_schema with a keyword outside the supported part is an evaluation error', async (t) => {
  const msg = await evalError('p := json.match_schema({"a": 1}, {"properties": {"a": {"enum": [1, 2]}}})', 'data.t.p');
  t.regex(msg, /json\.match_schema: not supported by Warden: JSON Schema keyword "enum"/);
});

test('http.send without the with that replaces it is an evaluation error', async (t) => {
  const policy = 'p := http.send({"method": "GET", "url": "https://x.local"})\nmock(_) := {}\nq := x if x := p with http.send as mock';
  const msg = await evalError(policy, 'data.t.p');
  t.regex(msg, /http\.send: not supported by Warden/);
});

test('uri.parse of a percent-escape that is not UTF-8 is an evaluation error', async (t) => {
  const msg = await evalError('p := uri.parse("http://h/%ff")', 'data.t.p');
  t.regex(msg, /uri\.parse: not supported by Warden/);
});

test('json.patch inserting a number key into an object is an evaluation error', async (t) => {
  const msg = await evalError('p := json.patch({"a": {}}, [{"op": "add", "path": ["a", 1], "value": 4}])', 'data.t.p');
  t.regex(msg, /non-string key/);
});

test('sprintf with explicit argument indexes is an evaluation error', async (t) => {
  const msg = await evalError('p := sprintf("%[2]d %[1]d", [1, 2])', 'data.t.p');
  t.regex(msg, /explicit argument indexes/);
});

test('numbers.range beyond ten million numbers is an evaluation error, not a hang or undefined', async (t) => {
  const msg = await evalError('p := count(numbers.range(1, 1000000000))', 'data.t.p');
  t.regex(msg, /numbers\.range: a range of 1000000000 numbers is beyond Warden's limit/);
  const negated = await evalError('p if not numbers.range(5, -20000000)', 'data.t.p');
  t.regex(negated, /numbers\.range: a range of 20000006 numbers/);
  const step = await evalError('p := numbers.range_step(0, 1000000000, 7)', 'data.t.p');
  t.regex(step, /numbers\.range_step: a range of 142857143 numbers/);
});
