// Short fuzz of Warden's Rego compiler inside `npm test` (the long one: `npm run fuzz -- --surface
// rego`). Mutated modules of policies/ and test/rego/cases, generated modules and token soup:
// parse, compile and evaluation never throw, every diagnostic has a code and a location, and
// `warden rego eval` exits 0/1/2 without a stack trace. See docs/fuzzing.md.
import test from 'ava';
import { regoSurface } from './surfaces/rego.js';
import { shortRun } from './lib/short.js';

test('rego: mutated and generated modules keep every property', async (t) => {
  await shortRun(t, regoSurface, Number(process.env.WARDEN_FUZZ_RUNS ?? 200), 20261205);
});

// Known (lib/known.ts): fails until evaluation errors carry the location opa gives them (a.rego:4:1 here).
test.failing('rego: an evaluation error is located in the module, as opa locates it', async (t) => {
  const { evalRego } = await import('../../src/rego/index.js');
  const source = 'package test\n\np := input.x if false\nelse := input.resources[_]\n';
  const r = await evalRego([{ file: 'a.rego', source }], 'data.test', { resources: [1, 2] });
  t.is(r.diagnostics.length, 1);
  t.like(r.diagnostics[0], { file: 'a.rego', span: { line: 4 } });
});
