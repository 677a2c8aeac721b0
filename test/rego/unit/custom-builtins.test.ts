// Builtins a caller registers itself, as OPA embedders do (Trivy's result.new, Gatekeeper's
// external_data): declared with an arity at compile time, implemented at load time.
import test from 'ava';
import { compileRego, loadPolicy, runRegoTests } from '../../../src/rego/index.js';

const source = `package t
import rego.v1
deny contains r if {
  some c in input.containers
  not c.readOnly
  r := result.new(sprintf("container %s is writable", [c.name]), c)
}
test_flags_writable if count(deny) == 1 with input as {"containers": [{"name": "a"}, {"name": "b", "readOnly": true}]}
`;
const resultNew = { arity: 2, impl: (msg: unknown, cause: unknown) => ({ msg, line: (cause as { line?: number }).line ?? 0 }) };

test('an unknown function stays a compile error unless it is declared', (t) => {
  const r = compileRego([{ file: 'a.rego', source }], { entrypoints: ['t/deny'] });
  t.is(r.value, undefined);
  t.regex(r.diagnostics[0]!.message, /undefined function result\.new/);
});

test('a declared builtin compiles and runs with the implementation given at load', async (t) => {
  const r = compileRego([{ file: 'a.rego', source }], { entrypoints: ['t/deny'], customBuiltins: { 'result.new': { arity: 2 } } });
  t.truthy(r.value, r.diagnostics.map((d) => d.message).join('\n'));
  const p = await loadPolicy(r.value!.wasm, { builtins: { 'result.new': resultNew.impl } });
  const out = p.evaluate({ containers: [{ name: 'web', line: 7 }, { name: 'db', readOnly: true }] });
  t.deepEqual(out, [{ result: [{ msg: 'container web is writable', line: 7 }] }]);
});

test('a declared builtin that throws makes the call undefined, as OPA does by default', async (t) => {
  const r = compileRego([{ file: 'a.rego', source }], { entrypoints: ['t/deny'], customBuiltins: { 'result.new': { arity: 2 } } });
  const p = await loadPolicy(r.value!.wasm, { builtins: { 'result.new': () => { throw new Error('boom'); } } });
  t.deepEqual(p.evaluate({ containers: [{ name: 'web' }] }), [{ result: [] }]);
});

test('the arity is checked against the declaration', (t) => {
  const r = compileRego([{ file: 'a.rego', source }], { entrypoints: ['t/deny'], customBuiltins: { 'result.new': { arity: 1 } } });
  t.regex(r.diagnostics.map((d) => d.message).join('\n'), /arity mismatch/);
});

test('rego tests run with the project\'s own builtins', async (t) => {
  const r = await runRegoTests([{ file: 'a.rego', source }], { customBuiltins: { 'result.new': resultNew } });
  t.deepEqual(r.results.map((x) => [x.name, x.pass]), [['test_flags_writable', true]]);
});
