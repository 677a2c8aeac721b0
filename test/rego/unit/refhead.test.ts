// Ref-head multi-value rules (`p[k] contains v`) used to compile as a plain set that dropped the key:
// for input {"xs":[1,2,3,4]} Warden answered [1,2,3,4] where opa 1.22.2 answers {"0":[2,4],"1":[1,3]}.
// Until they are implemented they must be a compile error naming the construct and line, never a wrong value.
import test from 'ava';
import { compileRego } from '../../../src/rego/index.js';

function errors(source: string, entrypoints: string[]) {
  const r = compileRego([{ file: 'a.rego', source }], { entrypoints });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, line: d.span.line, message: d.message }));
}

test('p[k] contains v is rejected with a compile error on its line', (t) => {
  const e = errors('package test\n\ngroups[k] contains v if { some v in input.xs; k := v % 2 }\n', ['test/groups']);
  t.is(e.length, 1);
  t.is(e[0]?.code, 'rego_compile_error');
  t.is(e[0]?.line, 3);
  t.regex(e[0]!.message, /ref-head.*groups\[\.\.\.\] contains/);
});

test('a.b[k] contains v is rejected too', (t) => {
  const e = errors('package test\na.b[k] contains v if { some v in input.xs; k := v }\n', ['test/a']);
  t.is(e[0]?.code, 'rego_compile_error');
  t.is(e[0]?.line, 2);
});

test('plain partial sets and objects still compile', (t) => {
  t.deepEqual(errors('package test\ns contains v if { some v in input.xs }\no[k] := v if { some k, v in input.xs }\n', ['test/s', 'test/o']), []);
});
