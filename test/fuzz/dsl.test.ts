// Short fuzz of the DSL inside `npm test` (the long one: `npm run fuzz -- --surface dsl`).
// Mutated .warden files of the repository, generated models and token soup: the front end never
// throws and locates every diagnostic, fmt is idempotent and keeps valid models valid, and the CLI
// (validate, fmt, threats) exits 0/1/2 without a stack trace. See docs/fuzzing.md.
import test from 'ava';
import { formatSource } from '../../src/dsl/index.js';
import { dslSurface } from './surfaces/dsl.js';
import { shortRun } from './lib/short.js';

test('dsl: mutated and generated models keep every property', async (t) => {
  await shortRun(t, dslSurface, Number(process.env.WARDEN_FUZZ_RUNS ?? 200), 20261205);
});

test('dsl: the properties catch what they claim to (a non-idempotent formatter, a stack trace)', async (t) => {
  // the oracles themselves, on made-up outcomes: a fuzz suite whose checks cannot fail is no test
  const { cliFailures, diagnosticFailures } = await import('./lib/surface.js');
  t.is(cliFailures('x', { code: 3, stdout: '', stderr: '' }).length, 1);
  t.is(cliFailures('x', { code: 2, stdout: '', stderr: 'warden: internal error WD9999: boom\n' }).length, 1);
  t.is(cliFailures('x', { code: 1, stdout: '', stderr: 'TypeError: x\n    at f (/a/b.js:1:2)\n' }).length, 1);
  t.is(cliFailures('x', { code: 1, stdout: 'a.warden:1:2: error WD1001\n', stderr: '' }).length, 0);
  const span = { line: 0, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 };
  t.is(diagnosticFailures('x', [{ code: 'WD1001', severity: 'error', message: 'm', file: '', span }]).length, 2);
  const formatted = formatSource('model "M" { owner "o" }\n').value;
  t.is(formatSource(formatted).value, formatted);
});
