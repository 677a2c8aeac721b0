// Go number formatting in the runtime's sprintf (the step after the type checker in issue 6's gap list):
// %v, %e, %g, %E, %G of float64 arguments and mismatched-verb text, each expectation printed by Go 1.x's
// fmt on the same values. Numbers come from input so they keep their JSON text: OPA hands sprintf an
// int64 for integers and a float64 for everything else.
import test from 'ava';
import { compileRego, loadPolicy } from '../../src/rego/index.js';

const FORMATS: Array<[string, number, string]> = [
  ['%v', 12345678.9, '1.23456789e+07'],
  ['%e', 12345678.9, '1.234568e+07'],
  ['%.2e', 12345678.9, '1.23e+07'],
  ['%.3g', 12345678.9, '1.23e+07'],
  ['%g', -0.000012, '-1.2e-05'],
  ['%E', 0.000012, '1.200000E-05'],
  ['%G', 0.000012, '1.2E-05'],
  ['%s', 0.5, '%!s(float64=0.5)'],
  ['%.2f', 2, '%!f(int64=02)'],
  ['%e', 2, '%!e(int64=2)'],
  ['%v', 0.0001, '0.0001'],
  ['%.0e', 0.96, '1e+00'],
  ['%.1g', 0.96, '1'],
  ['%g', 99999.95, '99999.95'],
  ['%v', 1.5, '1.5'],
  ['%v', 7, '7'],
];

test('sprintf formats float64 arguments as Go does', async (t) => {
  const c = compileRego([{ file: 'f.rego', source: 'package f\nout := [sprintf(c[0], [c[1]]) | some c in input.cases]\n' }], { entrypoints: ['f/out'] });
  t.deepEqual(c.diagnostics, []);
  const p = await loadPolicy(c.value!.wasm);
  const [r] = p.evaluate({ cases: FORMATS.map(([f, x]) => [f, x]) });
  const got = r!.result as string[];
  t.deepEqual(
    FORMATS.map(([f, x], i) => `${f} ${x} -> ${got[i]}`),
    FORMATS.map(([f, x, want]) => `${f} ${x} -> ${want}`),
  );
});
