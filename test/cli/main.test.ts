import test from 'ava';
import { runCli } from '../helpers/cli.js';

test('unknown command is a usage error with exit 2 and no stack trace', async (t) => {
  const r = await runCli(['frobnicate']);
  t.is(r.code, 2);
  t.regex(r.stderr, /unknown command 'frobnicate'/);
  t.notRegex(r.stderr, /at .*\.ts:\d+/);
});

test('--help lists exit codes', async (t) => {
  const r = await runCli(['--help']);
  t.is(r.code, 0);
  t.regex(r.stdout, /Exit codes: 0 ok; 1 findings/);
});
