// The Rego type checker (src/rego/typecheck): OPA's rego_type_error checks on the probes of
// typecheck-probes.ts, the builtin signature table, and — where an opa binary exists — agreement of
// every probe with `opa check`.
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileRego, parseRego } from '../../src/rego/index.js';
import { SIGNATURES, typeCheck } from '../../src/rego/typecheck/index.js';
import { BUILTIN_ARITY, HOST_ARITY } from '../../src/rego/plan/plan.js';
import { findOpa } from './harness/opa-binary.js';
import { PROBES, type Probe } from './typecheck-probes.js';
import { runCli } from '../helpers/cli.js';

function sourceOf(p: Probe): string {
  return `package test\n${p.source}\n`;
}

function typeErrors(p: Probe) {
  const parsed = parseRego([{ file: 'probe.rego', source: sourceOf(p) }], { v0Compatible: p.v0 === true });
  if (parsed.diagnostics.length) throw new Error(`probe ${p.name} does not parse: ${parsed.diagnostics[0]!.message}`);
  return typeCheck(parsed.value);
}

for (const p of PROBES) {
  const expectError = p.error !== undefined && !p.missed;
  test(`${expectError ? 'rejects' : 'accepts'}: ${p.name}`, (t) => {
    const errs = typeErrors(p);
    if (!expectError) {
      t.deepEqual(errs.map((e) => `${e.span.line}: ${e.message}`), []);
      return;
    }
    t.true(errs.length > 0, 'no rego_type_error');
    t.is(errs[0]!.code, 'rego_type_error');
    t.is(errs[0]!.file, 'probe.rego');
    t.is(errs[0]!.span.line, p.error);
    t.true(errs[0]!.message.startsWith(p.message!), errs[0]!.message);
  });
}

test('messages name the types as opa does', (t) => {
  const [plus] = typeErrors({ name: '', source: 'p := "a" + 1' });
  t.is(plus!.message, 'plus: invalid argument(s)\n\thave: (string, number)\n\twant: (number, number)');
  const [cmp] = typeErrors({ name: '', source: 'p if {1} == 1' });
  t.is(cmp!.message, 'match error\n\tleft  : set[number]\n\tright : number');
  const [count] = typeErrors({ name: '', source: 'p := count(true)' });
  t.is(count!.message, 'count: invalid argument(s)\n\thave: (boolean)\n\twant: (any<string, array, set, object>)');
});

test('the span is the offending expression', (t) => {
  const [e] = typeErrors({ name: '', source: 'p if {\n  x := 1\n  y := upper(x)\n}' });
  t.deepEqual([e!.span.line, e!.span.column, e!.span.endColumn], [4, 8, 16]);
});

test('errors are reported once each, in source order, across modules', (t) => {
  const parsed = parseRego([
    { file: 'b.rego', source: 'package b\nimport data.a\nq := upper(a.n)\nr := lower(a.n)\n' },
    { file: 'a.rego', source: 'package a\nn := 1\nm := n + "x"\n' },
  ]);
  const errs = typeCheck(parsed.value);
  t.deepEqual(errs.map((e) => `${e.file}:${e.span.line}:${e.message.split('\n')[0]}`), ['a.rego:3:plus: invalid argument(s)', 'b.rego:3:upper: invalid argument(s)', 'b.rego:4:lower: invalid argument(s)']);
});

test('recursive rule references do not loop', (t) => {
  const errs = typeErrors({ name: '', source: 'a := b + 1\nb := a + 1\nc := upper(a)' });
  // opa reports the recursion (the planner's rego_recursion_error); the checker only must terminate
  t.true(Array.isArray(errs));
});

test('compileRego reports type errors and produces no module', (t) => {
  const r = compileRego([{ file: 'x.rego', source: 'package t\np := count(1)\n' }], { entrypoints: ['t/p'] });
  t.is(r.value, undefined);
  t.deepEqual(r.diagnostics.map((d) => [d.code, d.file, d.span.line]), [['rego_type_error', 'x.rego', 2]]);
});

test('planner errors (safety) come before type errors, as in opa', (t) => {
  const r = compileRego([{ file: 'x.rego', source: 'package t\np if {\n  z > 1\n}\nq := count(1)\n' }], { entrypoints: ['t/p'] });
  t.is(r.diagnostics[0]!.code, 'rego_unsafe_var_error');
});

test('every builtin the compiler supports has a signature of the same arity', (t) => {
  const arity = { ...BUILTIN_ARITY, ...HOST_ARITY };
  const missing = Object.keys(arity).filter((n) => !SIGNATURES[n]);
  t.deepEqual(missing, []);
  const wrong = Object.entries(arity).filter(([n, a]) => SIGNATURES[n] && SIGNATURES[n]!.args.length !== a).map(([n]) => n);
  t.deepEqual(wrong, []);
});

test('warden rego build prints a type error in opa form and exits 1', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-typecheck-cli-'));
  writeFileSync(join(dir, 'a.rego'), 'package t\nx := 5\np := upper(x)\n');
  const r = await runCli(['rego', 'build', join(dir, 'a.rego'), '-e', 't/p', '-o', join(dir, 'out.wasm')]);
  t.is(r.code, 1);
  t.regex(r.stderr, /a\.rego:3:6: rego_type_error: upper: invalid argument\(s\)\n\thave: \(number\)\n\twant: \(string\)/);
  t.false(existsSync(join(dir, 'out.wasm')));
});

const opa = findOpa();
const execFileAsync = promisify(execFile);

test('every probe agrees with opa check', async (t) => {
  if (!opa.path) {
    t.log(`skipped: ${opa.reason}`);
    t.pass();
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'warden-typecheck-'));
  const disagree: string[] = [];
  await Promise.all(
    PROBES.map(async (p, i) => {
      const file = join(dir, `probe_${i}.rego`);
      writeFileSync(file, sourceOf(p));
      let out = '';
      try {
        await execFileAsync(opa.path!, ['check', ...(p.v0 ? ['--v0-compatible'] : []), file], { encoding: 'utf8' });
      } catch (e) {
        out = String((e as { stderr?: string }).stderr ?? e);
      }
      const m = /:(\d+): rego_type_error: ([^\n]*)/.exec(out);
      const opaLine = m ? Number(m[1]) : undefined;
      if (out && !m) disagree.push(`${p.name}: opa reports another error: ${out.split('\n')[0]}`);
      else if (opaLine !== p.error) disagree.push(`${p.name}: opa says line ${opaLine ?? 'none'}, probe says ${p.error ?? 'none'}`);
      else if (m && p.message && !m[2]!.startsWith(p.message)) disagree.push(`${p.name}: opa message ${m[2]}`);
    }),
  );
  t.deepEqual(disagree, []);
});
