// Multi-value ref-head rules (`p[k] contains v`) once compiled as a plain set that dropped the key:
// for input {"xs":[1,2,3,4]} Warden answered [1,2,3,4] where opa 1.22.2 answers {"0":[2,4],"1":[1,3]}.
// They now build an object of sets (values in test/rego/cases/multi-value.yaml, confirmed with opa);
// this file keeps the original regression and checks the compile-time side.
import test from 'ava';
import { compileRego } from '../../../src/rego/index.js';
import { checkCase } from '../harness/outcome.js';
import { runCaseWithWasm, wardenEngine } from '../harness/wasm-engine.js';

function errors(source: string, entrypoints: string[]) {
  const r = compileRego([{ file: 'a.rego', source }], { entrypoints });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, line: d.span.line, message: d.message }));
}

test('p[k] contains v groups by key instead of dropping it', async (t) => {
  const engine = await wardenEngine();
  const c = {
    name: 'regression',
    feature: 'multi-value-rules',
    modules: ['package test\n\ngroups[k] contains v if { some v in input.xs; k := sprintf("%d", [v % 2]) }\n'],
    input: { xs: [1, 2, 3, 4] },
    hasInput: true,
    query: 'data.test.groups',
    want_result: { '0': [2, 4], '1': [1, 3] },
  } as unknown as Parameters<typeof checkCase>[0];
  t.is(checkCase(c, await runCaseWithWasm(engine, c), false), null);
});

test('multi-value rules compile without errors, nested paths too', (t) => {
  t.deepEqual(errors('package test\na.b[k] contains v if { some v in input.xs; k := v }\n', ['test/a']), []);
});

test('plain partial sets and objects still compile', (t) => {
  t.deepEqual(errors('package test\ns contains v if { some v in input.xs }\no[k] := v if { some k, v in input.xs }\n', ['test/s', 'test/o']), []);
});
