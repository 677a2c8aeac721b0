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

test('json.patch over a document holding a set is an evaluation error', async (t) => {
  const msg = await evalError('p := json.patch({"a": {"x"}}, [{"op": "add", "path": "/a/y", "value": "y"}])', 'data.t.p');
  t.regex(msg, /json\.patch: a set inside its argument is not supported/);
});

test('json.patch inserting a number key into an object is an evaluation error', async (t) => {
  const msg = await evalError('p := json.patch({"a": {}}, [{"op": "add", "path": ["a", 1], "value": 4}])', 'data.t.p');
  t.regex(msg, /non-string key/);
});

test('sprintf with explicit argument indexes is an evaluation error', async (t) => {
  const msg = await evalError('p := sprintf("%[2]d %[1]d", [1, 2])', 'data.t.p');
  t.regex(msg, /explicit argument indexes/);
});
