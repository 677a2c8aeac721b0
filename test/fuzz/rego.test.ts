// Short fuzz of Warden's Rego compiler inside `npm test` (the long one: `npm run fuzz -- --surface
// rego`). Mutated modules of policies/ and test/rego/cases, generated modules and token soup:
// parse, compile and evaluation never throw, every diagnostic has a code and a location, and
// `warden rego eval` exits 0/1/2 without a stack trace. See docs/fuzzing.md.
import test from 'ava';
import { parseRego } from '../../src/rego/index.js';
import { regoSurface } from './surfaces/rego.js';
import { shortRun } from './lib/short.js';

test('rego: mutated and generated modules keep every property', async (t) => {
  await shortRun(t, regoSurface, Number(process.env.WARDEN_FUZZ_RUNS ?? 200), 20261205);
});

// Evaluation errors are located: the rule the runtime names (opa points at the definition that gave
// the second value, line 4 here; Warden at the rule's head, line 3: the runtime does not say which
// definition it was), the first call of the builtin that failed, else the queried rule.
test('rego: an evaluation error is located at the rule it names', async (t) => {
  const { evalRego } = await import('../../src/rego/index.js');
  const source = 'package test\n\np := input.x if false\nelse := input.resources[_]\n';
  const r = await evalRego([{ file: 'a.rego', source }], 'data.test', { resources: [1, 2] });
  t.is(r.diagnostics.length, 1);
  t.like(r.diagnostics[0], { code: 'rego_eval_error', file: 'a.rego', span: { line: 3, column: 1 } });
});

test('rego: a strict builtin error is located at the builtin call', async (t) => {
  const { evalRego } = await import('../../src/rego/index.js');
  const source = 'package test\n\nq := 1\n\np := x if {\n  x := 1 / input.zero\n}\n';
  const r = await evalRego([{ file: 'b.rego', source }], 'data.test.p', { zero: 0 }, undefined, { strictBuiltinErrors: true });
  t.is(r.diagnostics.length, 1, JSON.stringify(r.diagnostics));
  t.like(r.diagnostics[0], { code: 'rego_eval_error', file: 'b.rego' });
  t.like(r.diagnostics[0], { span: { line: 6, column: 8 } });
});

// Deep nesting is a diagnostic rather than a stack overflow.
test('rego: 5,000 nested arrays, parentheses or additions are a diagnostic, not a stack overflow', async (t) => {
  const { evalRego } = await import('../../src/rego/index.js');
  for (const term of ['['.repeat(5000) + ']'.repeat(5000), '('.repeat(5000) + '1' + ')'.repeat(5000), Array.from({ length: 5000 }, () => '1').join(' + ')]) {
    const r = await evalRego([{ file: 'a.rego', source: `package test\n\np := ${term}\n` }], 'data.test.p');
    t.true(r.value !== undefined || r.diagnostics.some((d) => d.file === 'a.rego'));
  }
});

// Nested arrays parse in time linear in their depth (each `[` was read twice, as a comprehension
// and then as an array: 2^depth). 200 levels would never finish that way.
test('rego: 200 nested arrays parse', (t) => {
  const source = `package test\n\np := ${'['.repeat(200)}1${']'.repeat(200)}\n`;
  const r = parseRego([{ file: 'a.rego', source }]);
  t.deepEqual(r.diagnostics, []);
});

// A METADATA block the yaml package warns about gives only the diagnostic.
test('rego: a METADATA line starting with * prints no Node process warning', async (t) => {
  const { cli, scratchDir, writeScratch } = await import('./lib/mutate.js');
  writeScratch('warn.rego', 'package test\n\n# METADATA\n# *title: x\np := 1\n');
  const r = await cli(['rego', 'eval', 'warn.rego', 'data.test.p'], scratchDir());
  t.notRegex(r.stderr, /YAMLWarning/);
});
