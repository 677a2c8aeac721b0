// Exact numbers (src/rego/runtime/numbers.ts in the module, src/rego/builtins/exact.ts on the host)
// and strict builtin errors. Expected values were printed by opa 1.22.2; where opa is on the machine,
// a seeded batch of random expressions is also compared with it text for text.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRego, loadPolicy } from '../../../src/rego/index.js';
import { exactNumbers } from '../../../src/rego/builtins/exact.js';
import { findOpa } from '../harness/opa-binary.js';
import { runCli } from '../../helpers/cli.js';

function compile(body: string, strict = false): Uint8Array {
  const r = compileRego([{ file: 'a.rego', source: `package t\n${body}\n` }], { entrypoints: ['t'], ...(strict ? { strictBuiltinErrors: true } : {}) });
  if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.value.wasm;
}

async function evalT(body: string, strict = false, input: unknown = {}): Promise<Record<string, unknown>> {
  const p = await loadPolicy(compile(body, strict));
  return (p.evaluate(input, 0) as Array<{ result: Record<string, unknown> }>)[0]!.result;
}

test('the host helper computes as opa: big.Int, 64-bit big.Float, shortest text', (t) => {
  const cases: Array<[string, string[], string]> = [
    ['plus', ['0.1', '0.2'], '0.3'],
    ['div', ['2', '9'], '0.22222222222222222222'],
    ['div', ['1', '3'], '0.33333333333333333334'],
    ['div', ['10000000000', '3'], '3.3333333333333333333e+09'],
    ['div', ['0', '-2'], '-0'],
    ['plus', ['1234567.5', '1'], '1.2345685e+06'],
    ['mul', ['0.00001', '1'], '1e-05'],
    ['mul', ['-0.5', '0'], '-0'],
    ['plus', ['1.0', '1'], '2'],
    ['product', ['0.1', '3'], '0.30000000000000004'],
    ['sum', ['0.1', '0.2'], '0.3'],
    ['abs', ['123456789012345678901234567890'], '123456789012345678900000000000'],
    ['ceil', ['-0.5'], '1'],
    ['floor', ['-0.5'], '0'],
    ['round', ['-0.5'], '-1'],
    ['plus', ['18446744073709551616', '2'], '18446744073709551618'],
    ['rem', ['1.5', '1'], '!modulo on floating-point number'],
    ['div', ['1', '0.0'], '!divide by zero'],
    ['plus', ['1e5000', '1'], '!!exact arithmetic on numbers of more than 4000 digits is not supported'],
  ];
  for (const [op, args, want] of cases) t.is(exactNumbers(op, args), want, `${op}(${args.join(', ')})`);
});

test('results print as opa prints them (json.marshal keeps the number text)', async (t) => {
  const r = await evalT('p := json.marshal([0.1 + 0.2, 2 / 9, 1234567.5 + 1, 18446744073709551616 + 2, 3 / 2, 0 / -2, 0 * -2, sum([0.1, 0.2]), product([0.1, 3])])');
  t.is(r['p'], '[0.3,0.22222222222222222222,1.2345685e+06,18446744073709551618,1.5,-0,0,0.3,0.30000000000000004]');
});

test('numbers beyond float64 compare, deduplicate and sort by their exact values', async (t) => {
  const r = await evalT('p := [9007199254740993 > 9007199254740992, 1e400 > 1e399, 0.30000000000000000001 > 0.3, count({18446744073709551617, 18446744073709551616, 1, 1.0})]');
  t.deepEqual(r['p'], [true, true, true, 3]);
});

test('long integer texts read as their nearest float64 (AssemblyScript\'s parseFloat reads 2^93 as 0)', async (t) => {
  // 2^93 and 2^198 - 1 compared below 1 once, and a 37-digit text with an exponent came out 10^8 too small
  const r = await evalT('p := [9903520314283042199192993792 < 1, 9903520314283042199192993793 > 9.9e27, 401734511064747568885490523085290650630550748445698208825343 > 4e59, 4843895420581766043040357519522919089e12 > 4.8e48, 4843895420581766043040357519522919089e12 < 4.9e48]');
  t.deepEqual(r['p'], [false, true, true, true, true]);
  // sprintf's %v of a float read its text with parseFloat too
  const f = await evalT('p := sprintf("%v %v", [4843895420581766043040357519522919089e12, 9903520314283042199192993792.5])');
  t.is(f['p'], '4.843895420581766e+48 9.903520314283042e+27');
});

test('the stock SDK answers the in-module cases and stops cleanly where the host helper is needed', async (t) => {
  const sdk = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy(w: Uint8Array): Promise<{ evaluate(i: unknown, e?: number): Array<{ result: Record<string, unknown> }> }> };
  const ok = await sdk.loadPolicy(compile('p := json.marshal([0.5 + 0.25, 3 / 2, 7 / 8, 1.5 * 4, 2 + 3, ceil(-0.5), 9007199254740993 + 1, 2 / 9, round(2 / 3), 18446744073709551616 * 3 - 1, sum([9223372036854775807, 1])])'));
  t.is(ok.evaluate({})[0]!.result['p'], '[0.75,1.5,0.875,6,5,1,9007199254740994,0.22222222222222222222,1,55340232221128654847,9223372036854775808]');
  const needsHost = await sdk.loadPolicy(compile('p := 0.1 + 0.2'));
  // the SDK throws a plain object for a builtin it does not implement
  let message = '';
  try {
    needsHost.evaluate({});
  } catch (e) {
    message = String((e as { message?: string }).message ?? e);
  }
  t.regex(message, /not implemented: built-in function \d+: warden\.numbers\.exact/);
});

test('strict builtin errors: a failing builtin stops the evaluation with its message', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['p := 1 / 0', /^eval_builtin_error: div: divide by zero/],
    ['p := 1.5 % 1', /^eval_builtin_error: rem: modulo on floating-point number/],
    ['p := input.s + 1', /^eval_type_error: plus: operand 1 must be number but got string/],
    ['p := regex.match("[", "a")', /^eval_builtin_error: regex\.match: /],
    ['p if { not 1 / 0 == 1 }', /^eval_builtin_error: div: divide by zero/],
    ['p := to_number("x")', /^eval_builtin_error: to_number: /],
  ];
  for (const [body, re] of cases) {
    const p = await loadPolicy(compile(body, true));
    const err = t.throws(() => p.evaluate({ s: 'a' }, 0), undefined, body);
    t.regex((err as Error).message, re, body);
    // without strict, the same failure is undefined
    const lenient = await loadPolicy(compile(body));
    t.deepEqual(lenient.evaluate({ s: 'a' }, 0), [{ result: {} }], body);
  }
  t.deepEqual(await evalT('p := max([])\nq := 1 / 4', true), { q: 0.25 });
});

test('warden rego eval --strict-builtin-errors', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-strict-'));
  writeFileSync(join(dir, 'a.rego'), 'package t\np := 1 / 0\n');
  const strict = await runCli(['rego', 'eval', '--strict-builtin-errors', 'a.rego', 'data.t.p'], { cwd: dir });
  t.is(strict.code, 1);
  t.regex(strict.stderr, /eval_builtin_error: div: divide by zero/);
  const lenient = await runCli(['rego', 'eval', 'a.rego', 'data.t.p'], { cwd: dir });
  t.is(lenient.code, 0, lenient.stderr);
  t.deepEqual(JSON.parse(lenient.stdout), []);
});

// ---- against opa: random operands of every shape the runtime distinguishes ----

function randomExpressions(seed: number, count: number): string[] {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const digits = (): string => String(Math.floor(rnd() * 10 ** (1 + Math.floor(rnd() * 10))));
  const num = (): string => {
    const k = rnd();
    const sign = rnd() < 0.3 ? '-' : '';
    if (k < 0.25) return sign + digits();
    if (k < 0.35) return sign + ['0.5', '0.25', '1.5', '2.75', '0.125', '3', '10', '0.1', '2', '4'][Math.floor(rnd() * 10)]!;
    if (k < 0.55) return `${sign}${digits()}.${digits()}`;
    if (k < 0.6) return `${sign}0.${'0'.repeat(Math.floor(rnd() * 8))}${digits()}`;
    if (k < 0.7) return `${sign}${digits()}e${rnd() < 0.5 ? '-' : ''}${Math.floor(rnd() * 30)}`;
    if (k < 0.8) return sign + (digits() + digits() + digits()).replace(/^0+(?=\d)/, '');
    return `${sign}${digits()}.${digits()}${digits()}`;
  };
  const ops = ['+', '-', '*', '/', '%', 'abs', 'round', 'ceil', 'floor', 'sum', 'product', 'cmp', 'fmt'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const op = ops[Math.floor(rnd() * ops.length)]!;
    const [a, b] = [num(), num()];
    if (op === 'cmp') out.push(`[${a} < ${b}, ${a} == ${a}0, ${a} > ${b}]`);
    else if (op === 'fmt') out.push(`[format_int(${a}, 16), sprintf("%d|%v|%.3f", [${a}, ${a}, ${a}])]`);
    else if (op === 'sum' || op === 'product') out.push(`${op}([${a}, ${b}, ${num()}])`);
    else if (op.length === 1) out.push(`(${a}) ${op} (${b})`);
    else out.push(`${op}(${a})`);
  }
  return out;
}

test('random arithmetic, comparisons and formatting give opa\'s exact text', async (t) => {
  const opa = findOpa();
  if (!opa.path) {
    t.log(`skipped: ${opa.reason}`);
    t.pass();
    return;
  }
  const exprs = randomExpressions(20261206, 400);
  const rego = 'package t\n' + exprs.map((e, i) => `r${i} := json.marshal(x) if { x := ${e} } else := "undefined"`).join('\n') + '\n';
  const dir = mkdtempSync(join(tmpdir(), 'warden-numbers-'));
  writeFileSync(join(dir, 'n.rego'), rego);
  const out = JSON.parse(execFileSync(opa.path, ['eval', '-d', join(dir, 'n.rego'), '-f', 'json', 'data.t'], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { result: Array<{ expressions: Array<{ value: Record<string, string> }> }> };
  const want = out.result[0]!.expressions[0]!.value;
  const p = await loadPolicy(compileRego([{ file: 'n.rego', source: rego }], { entrypoints: ['t'] }).value!.wasm);
  const got = (p.evaluate({}, 0) as Array<{ result: Record<string, string> }>)[0]!.result;
  const diffs = exprs.flatMap((e, i) => (want[`r${i}`] === got[`r${i}`] ? [] : [`${e}: opa ${want[`r${i}`]}, warden ${got[`r${i}`]}`]));
  t.deepEqual(diffs, []);
});
