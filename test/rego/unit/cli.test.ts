// `warden rego build|eval|test` and the acceptance run over policies/.
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-rego-cli-'));
  mkdirSync(join(dir, 'p'));
  writeFileSync(join(dir, 'p', 'a.rego'), 'package t\n\ndeny contains msg if {\n\tsome c in input.cs\n\tc.root\n\tmsg := sprintf("%s runs as root", [c.name])\n}\n');
  writeFileSync(join(dir, 'p', 'a_test.rego'), 'package t\n\ntest_root if {\n\tdeny == {"a runs as root"} with input as {"cs": [{"name": "a", "root": true}]}\n}\n\ntest_wrong if {\n\tcount(deny) == 1 with input as {"cs": []}\n}\n');
  writeFileSync(join(dir, 'input.json'), JSON.stringify({ cs: [{ name: 'x', root: true }, { name: 'y' }] }));
  return dir;
}

test('rego build writes a module opa-wasm loads', async (t) => {
  const dir = workspace();
  const r = await runCli(['rego', 'build', 'p', '-e', 't/deny', '-o', 'out.wasm'], { cwd: dir });
  t.is(r.code, 0, r.stderr);
  const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
  const p = await loadPolicy(readFileSync(join(dir, 'out.wasm')));
  t.deepEqual(p.evaluate({ cs: [{ name: 'z', root: true }] }), [{ result: ['z runs as root'] }]);
});

test('rego eval prints the result set', async (t) => {
  const dir = workspace();
  const r = await runCli(['rego', 'eval', 'p', '-i', 'input.json', 'data.t.deny'], { cwd: dir });
  t.is(r.code, 0, r.stderr);
  t.deepEqual(JSON.parse(r.stdout), [{ result: ['x runs as root'] }]);
});

test('rego eval reports compile errors with file and position', async (t) => {
  const dir = workspace();
  writeFileSync(join(dir, 'p', 'b.rego'), 'package u\np if {\n\ty > 1\n}\n');
  const r = await runCli(['rego', 'eval', 'p', 'data.u.p'], { cwd: dir });
  t.is(r.code, 1);
  t.regex(r.stderr, /p\/b\.rego:3:2: rego_unsafe_var_error: var y is unsafe/);
});

test('rego test reports pass and fail like opa test', async (t) => {
  const dir = workspace();
  const r = await runCli(['rego', 'test', 'p', '-v'], { cwd: dir });
  t.is(r.code, 1);
  t.regex(r.stdout, /data\.t\.test_root: PASS/);
  t.regex(r.stdout, /data\.t\.test_wrong: FAIL/);
  t.regex(r.stdout, /PASS: 1\/2/);
  t.regex(r.stdout, /FAIL: 1\/2/);
  const j = await runCli(['rego', 'test', 'p', '--format', 'json'], { cwd: dir });
  const results = JSON.parse(j.stdout) as Array<{ name: string; pass: boolean; line: number }>;
  t.deepEqual(results.map((x) => [x.name, x.pass, x.line]), [['test_root', true, 3], ['test_wrong', false, 7]]);
});

test('rego test reports todo_test_ rules as skipped, never run, and the run fails, as opa test', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-todo-'));
  writeFileSync(join(dir, 'a_test.rego'), 'package u\n\ntest_a if { true }\n\ntodo_test_b if { 1 / 0 }\n');
  const r = await runCli(['rego', 'test', '.'], { cwd: dir });
  t.is(r.code, 1);
  t.regex(r.stdout, /data\.u\.todo_test_b: SKIPPED/);
  t.regex(r.stdout, /PASS: 1\/2\nSKIPPED: 1\/2\n/);
  const j = await runCli(['rego', 'test', '.', '--format', 'json'], { cwd: dir });
  const results = JSON.parse(j.stdout) as Array<{ name: string; pass: boolean; skipped?: boolean }>;
  t.deepEqual(results.map((x) => [x.name, x.pass, x.skipped ?? false]), [['test_a', true, false], ['todo_test_b', false, true]]);
});

test('rego test -r selects tests with a Go regular expression, as opa test -r does', async (t) => {
  const dir = workspace();
  // (?i) and \\Q...\\E are Go syntax a JavaScript RegExp reads differently or refuses
  const go = await runCli(['rego', 'test', 'p', '-v', '-r', '(?i)\\QT.TEST_R\\E'], { cwd: dir });
  t.is(go.code, 0, go.stdout + go.stderr);
  t.regex(go.stdout, /data\.t\.test_root: PASS/);
  t.notRegex(go.stdout, /test_wrong/);
  // a pattern Go refuses is a usage error with Go's message, not a stack trace
  const bad = await runCli(['rego', 'test', 'p', '-r', '(?P<x'], { cwd: dir });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--run: error parsing regexp: invalid named capture/);
  t.notRegex(bad.stderr, /\n\s+at /);
});

test('acceptance: every test in policies/ passes', async (t) => {
  const r = await runCli(['rego', 'test', 'policies'], { cwd: join(import.meta.dirname, '..', '..', '..') });
  t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr.slice(0, 2000));
  t.regex(r.stdout, /^PASS: (\d+)\/\1$/m);
});
