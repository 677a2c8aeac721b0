// Integers of any size inside the module (src/rego/runtime/bigbits.ts, numbers.ts, quotient.ts):
// bits.* as Go's big.Int computes them (JavaScript's BigInt has the same semantics: two's complement
// of infinite width, >> floors), exact integer quotients and abs/round/ceil/floor as opa prints them
// (the host's big.Float emulation in builtins/exact.ts is the reference), rem, and
// numbers.range_step past 2^53. Each runs
// under the stock opa-wasm SDK with no host (so the module answers alone) and under Warden's loader,
// and every generated case agrees with `opa eval` where an opa binary is found (skipped, saying why,
// without).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { compileRego, evalRego, loadPolicySync } from '../../../src/rego/index.js';
import { exactNumbers } from '../../../src/rego/builtins/exact.js';
import { findOpa } from '../harness/opa-binary.js';

const require = createRequire(import.meta.url);
type Loaded = { evaluate(input: unknown, entrypoint?: number): Array<{ result: unknown }> };
const sdk = require('@open-policy-agent/opa-wasm') as { loadPolicySync(w: Uint8Array, mem?: unknown, b?: Record<string, unknown>): Loaded };
const opa = findOpa();

/** One answer per case, keyed by its index: the result's JSON text (numbers exactly as printed); an error leaves the key out. */
const POLICY = `package t

p[i] := json.marshal(bits.and(c.x, c.y)) if {
	some i, c in input
	c.op == "and"
}
p[i] := json.marshal(bits.or(c.x, c.y)) if {
	some i, c in input
	c.op == "or"
}
p[i] := json.marshal(bits.xor(c.x, c.y)) if {
	some i, c in input
	c.op == "xor"
}
p[i] := json.marshal(bits.negate(c.x)) if {
	some i, c in input
	c.op == "negate"
}
p[i] := json.marshal(bits.lsh(c.x, c.y)) if {
	some i, c in input
	c.op == "lsh"
}
p[i] := json.marshal(bits.rsh(c.x, c.y)) if {
	some i, c in input
	c.op == "rsh"
}
p[i] := json.marshal(c.x / c.y) if {
	some i, c in input
	c.op == "div"
}
p[i] := json.marshal(c.x % c.y) if {
	some i, c in input
	c.op == "rem"
}
p[i] := json.marshal([abs(c.x), round(c.x), ceil(c.x), floor(c.x)]) if {
	some i, c in input
	c.op == "unary"
}
p[i] := json.marshal(numbers.range_step(c.x, c.y, c.z)) if {
	some i, c in input
	c.op == "range_step"
}
`;

interface Case {
  op: string;
  /** number texts, written into the input JSON as they are (1e30 stays 1e30) */
  x: string;
  y?: string;
  z?: string;
}

const compiled = compileRego([{ file: 'p.rego', source: POLICY }], { entrypoints: ['t/p'] });
if (!compiled.value) throw new Error(JSON.stringify(compiled.diagnostics));
const wasm = compiled.value.wasm;

/** The input as JSON text: numbers written from their texts, beyond what JSON.stringify can. */
function inputText(cases: Case[]): ArrayBuffer {
  const items = cases.map((c) => `{"op":"${c.op}","x":${c.x}${c.y === undefined ? '' : `,"y":${c.y}`}${c.z === undefined ? '' : `,"z":${c.z}`}}`);
  return new TextEncoder().encode(`[${items.join(',')}]`).buffer as ArrayBuffer;
}

function answers(policy: Loaded, cases: Case[]): Record<string, string> {
  return policy.evaluate(inputText(cases))[0]!.result as Record<string, string>;
}

function opaAnswers(path: string, cases: Case[]): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'bigint-module-'));
  try {
    writeFileSync(join(dir, 'p.rego'), POLICY);
    writeFileSync(join(dir, 'input.json'), new Uint8Array(inputText(cases)));
    const out = execFileSync(path, ['eval', '--format', 'json', '--input', join(dir, 'input.json'), '--data', join(dir, 'p.rego'), 'data.t.p'], { maxBuffer: 1 << 28 });
    return (JSON.parse(out.toString()) as { result: Array<{ expressions: Array<{ value: Record<string, string> }> }> }).result[0]!.expressions[0]!.value;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small seeded generator (mulberry32): the same cases on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Integers of every shape: zero, ±1, powers of two and their neighbours, random ones up to 300 digits. */
function bigValue(r: () => number): bigint {
  const sign = r() < 0.5 ? -1n : 1n;
  const k = BigInt(Math.floor(r() * 400));
  switch (Math.floor(r() * 5)) {
    case 0:
      return pick(r, [0n, 1n, -1n, 2n ** 53n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n]);
    case 1:
      return sign * 2n ** k;
    case 2:
      return sign * (2n ** k + pick(r, [-1n, 1n]));
    default: {
      let d = String(1 + Math.floor(r() * 9));
      const n = 1 + Math.floor(r() * 300);
      for (let i = 1; i < n; i++) d += String(Math.floor(r() * 10));
      return sign * BigInt(d);
    }
  }
}

/** A number text for v: plain, or (for a multiple of a power of ten) in exponent or decimal form, as opa reads all of them exactly. */
function textOf(r: () => number, v: bigint): string {
  const s = v.toString();
  const zeros = s.length - s.replace(/0+$/, '').length;
  if (v === 0n || zeros === 0 || r() < 0.6) return s;
  const k = 1 + Math.floor(r() * zeros);
  const head = s.slice(0, s.length - k);
  return r() < 0.5 ? `${head}e${k}` : `${head}.0e${k}`;
}

const SHIFTS = [0n, 1n, 7n, 31n, 32n, 33n, 52n, 53n, 63n, 64n, 65n, 100n, 1000n, 2n ** 64n, 2n ** 64n + 5n, 2n ** 70n + 3n];

/** Go's Lsh and Rsh take uint(b.Uint64()): the low 64 bits of the count. */
const low64 = (s: bigint): bigint => s & (2n ** 64n - 1n);

function expected(c: { op: string; x: bigint; y: bigint }): bigint {
  switch (c.op) {
    case 'and':
      return c.x & c.y;
    case 'or':
      return c.x | c.y;
    case 'xor':
      return c.x ^ c.y;
    case 'negate':
      return ~c.x;
    case 'lsh':
      return c.x << low64(c.y);
    default:
      return c.x >> low64(c.y);
  }
}

/** Seeded bits.* cases with BigInt's answers; Lsh counts kept within the module's size limit. */
function bitsCases(n: number, seed: number): Array<{ c: Case; want: string }> {
  const r = rng(seed);
  const out: Array<{ c: Case; want: string }> = [];
  while (out.length < n) {
    const op = pick(r, ['and', 'or', 'xor', 'negate', 'lsh', 'rsh'] as const);
    const x = bigValue(r);
    let y = op === 'lsh' || op === 'rsh' ? (r() < 0.5 ? pick(r, SHIFTS) : BigInt(Math.floor(r() * 3000))) : bigValue(r);
    if (op === 'lsh' && low64(y) + BigInt(x.toString(2).length) > 13000n) y = low64(y) % 64n;
    const want = expected({ op, x, y });
    out.push({ c: { op, x: textOf(r, x), ...(op === 'negate' ? {} : { y: textOf(r, y) }) }, want: want.toString() });
  }
  return out;
}

const BITS = bitsCases(3000, 20261206);

test('bits.* on integers of any size: the stock SDK with no host answers every case as big.Int does', (t) => {
  const got = answers(sdk.loadPolicySync(wasm), BITS.map((b) => b.c));
  const bad = BITS.map((b, i) => ({ ...b, i, got: got[i] })).filter((b) => b.got !== b.want);
  for (const b of bad.slice(0, 5)) t.log(`${b.c.op}(${b.c.x}, ${b.c.y}): module ${b.got}, big.Int ${b.want}`);
  t.is(bad.length, 0);
  t.is(Object.keys(got).length, BITS.length);
});

test('bits.* on integers of any size: Warden\'s loader gives the same answers', (t) => {
  const stock = answers(sdk.loadPolicySync(wasm), BITS.map((b) => b.c));
  t.deepEqual(answers(loadPolicySync(wasm), BITS.map((b) => b.c)), stock);
});

test('bits.* edges: shift 0, counts past 2^64 read as their low 64 bits, Rsh floors, Lsh of 0 by any count', (t) => {
  const cases: Array<[Case, string]> = [
    [{ op: 'lsh', x: '-3', y: '100' }, '-3802951800684688204490109616128'],
    [{ op: 'rsh', x: '-5', y: '1' }, '-3'],
    [{ op: 'rsh', x: '-1e30', y: '7' }, '-7812500000000000000000000000'],
    [{ op: 'rsh', x: '-1', y: '18446744073709551615' }, '-1'],
    [{ op: 'rsh', x: '8', y: '18446744073709551617' }, '4'],
    [{ op: 'rsh', x: '-5', y: '18446744073709551616' }, '-5'],
    [{ op: 'lsh', x: '0', y: '1e30' }, '0'],
    [{ op: 'lsh', x: '1.0', y: '2' }, '4'],
    [{ op: 'lsh', x: '9223372036854775807', y: '1' }, '18446744073709551614'],
    [{ op: 'lsh', x: '12345678901234567890123', y: '0' }, '12345678901234567890123'],
    [{ op: 'and', x: '-1e30', y: '12345678901234567890123' }, '9684577232730483326976'],
    [{ op: 'xor', x: '-18446744073709551616', y: '3' }, '-18446744073709551613'],
    [{ op: 'negate', x: '-1e25' }, '9999999999999999999999999'],
    [{ op: 'negate', x: '18446744073709551615' }, '-18446744073709551616'],
  ];
  const got = answers(sdk.loadPolicySync(wasm), cases.map(([c]) => c));
  t.deepEqual(Object.values(got), cases.map(([, want]) => want));
});

test('bits.* errors as opa words them; a fraction and an Lsh past the size limit stay the host\'s', async (t) => {
  const strict = async (expr: string): Promise<string> => {
    const r = await evalRego([{ file: 'p.rego', source: `package t\np := ${expr}\n` }], 'data.t.p', { n: 1e30 }, undefined, { strictBuiltinErrors: true });
    return r.diagnostics.map((d) => d.message).join('\n') || JSON.stringify(r.value);
  };
  t.is(await strict('bits.lsh(input.n, -1e30)'), 'eval_type_error: bits.lsh: operand 2 must be an unsigned integer number but got a negative integer');
  t.is(await strict('bits.rsh(3, -1)'), 'eval_type_error: bits.rsh: operand 2 must be an unsigned integer number but got a negative integer');
  t.is(await strict('bits.and(input.n, 1.5)'), 'eval_type_error: bits.and: operand 2 must be integer number but got floating-point number');
  t.is(hostCall({ op: 'lsh', x: '1.5e30', y: '20000' }), 'bits.lsh');
  t.is(hostCall({ op: 'lsh', x: '1.5e30', y: '13000' }), undefined);
  t.is(hostCall({ op: 'and', x: '1.5e30', y: '1.5' }), 'bits.and');
  // under Warden's loader the host computes it
  t.is(answers(loadPolicySync(wasm), [{ op: 'lsh', x: '3', y: '20000' }])[0], (3n << 20000n).toString());
});

/** The host builtin a case calls under the stock SDK (which has none), or undefined when the module answers alone. */
function hostCall(c: Case): string | undefined {
  try {
    answers(sdk.loadPolicySync(wasm), [c]);
    return undefined;
  } catch (e) {
    const m = /not implemented: built-in function \d+: (\S+)/.exec(String((e as { message?: string }).message ?? e));
    if (!m) throw e;
    return m[1];
  }
}

/** Quotients that are integers (y divides x), in plain and exponent forms; the host's big.Float emulation answers them. */
function divCases(n: number, seed: number): Case[] {
  const r = rng(seed);
  const out: Case[] = [
    { op: 'div', x: '1e109', y: '1e100' },
    { op: 'div', x: '3541774862152233910272', y: '3' },
    { op: 'div', x: '123456789012345678901234567890', y: '10' },
    { op: 'div', x: '-1e40', y: '1e20' },
    { op: 'div', x: '36893488147419103232', y: '-2' },
  ];
  while (out.length < n) {
    const y = bigValue(r) || 7n;
    const q = r() < 0.3 ? pick(r, [1n, -1n, 2n, 10n ** 9n, 3n, 2n ** 64n]) : bigValue(r) || 1n;
    if ((q * y).toString().length > 400) continue;
    out.push({ op: 'div', x: textOf(r, q * y), y: textOf(r, y) });
  }
  return out;
}

const DIVS = divCases(600, 7);
const divWant = (c: Case): string => exactNumbers('div', [c.x, c.y!]);

test('integer quotients of big integers: the module answers as opa does (its 64-bit float quotient, exact or not)', (t) => {
  const inModule = DIVS.filter((c) => !/e-|\.\d*[1-9]/.test(c.x + c.y) && !/^-?0$/.test(c.x));
  const got = answers(sdk.loadPolicySync(wasm), inModule);
  const bad = inModule.map((c, i) => ({ c, got: got[i], want: divWant(c) })).filter((b) => b.got !== b.want);
  for (const b of bad.slice(0, 5)) t.log(`${b.c.x} / ${b.c.y}: module ${b.got}, host ${b.want}`);
  t.is(bad.length, 0);
  t.is(Object.keys(got).length, inModule.length);
  t.is(got[0], '1000000000');
  t.is(got[1], '1180591620717411303400');
  t.deepEqual(answers(loadPolicySync(wasm), inModule), got);
});

/** Seeded rem cases with BigInt's truncated remainder (Go's big.Int Rem). */
function remCases(n: number, seed: number): Array<{ c: Case; want: string }> {
  const r = rng(seed);
  const out: Array<{ c: Case; want: string }> = [];
  while (out.length < n) {
    const x = bigValue(r);
    const y = bigValue(r);
    if (y !== 0n) out.push({ c: { op: 'rem', x: textOf(r, x), y: textOf(r, y) }, want: (x % y).toString() });
  }
  return out;
}

const REMS = remCases(500, 11);

test('rem of big integers in-module: Go\'s truncated remainder; a quotient that is not an integer stays the host\'s', (t) => {
  t.deepEqual(Object.values(answers(sdk.loadPolicySync(wasm), REMS.map((x) => x.c))), REMS.map((x) => x.want));
  t.is(hostCall({ op: 'div', x: '1e30', y: '7' }), 'warden.numbers.exact');
  t.is(answers(loadPolicySync(wasm), [{ op: 'div', x: '1e30', y: '7' }])[0], exactNumbers('div', ['1e30', '7']));
});

/** abs, round, ceil and floor of integers past 10^18, in plain and exponent forms, with odd 64-bit edges. */
const UNARY: Case[] = (() => {
  const r = rng(23);
  const edges = [2n ** 63n + 1n, 2n ** 64n - 1n, 2n ** 63n - 1n, 2n ** 64n + 1n, 10n ** 18n, 10n ** 30n];
  const out: Case[] = edges.flatMap((v) => [v, -v]).map((v) => ({ op: 'unary', x: v.toString() }));
  while (out.length < 400) {
    const v = bigValue(r);
    if (v > -(10n ** 18n) && v < 10n ** 18n) continue;
    out.push({ op: 'unary', x: textOf(r, v) });
  }
  return out;
})();

test('abs, round, ceil and floor of big integers in-module, as opa\'s float path (the host\'s emulation is the reference)', (t) => {
  const got = answers(sdk.loadPolicySync(wasm), UNARY);
  const want = UNARY.map((c) => `[${['abs', 'round', 'ceil', 'floor'].map((op) => exactNumbers(op, [c.x])).join(',')}]`);
  t.deepEqual(Object.values(got), want);
  t.deepEqual(answers(loadPolicySync(wasm), UNARY), got);
});

const RANGES: Array<[Case, string]> = [
  [{ op: 'range_step', x: '1e20', y: '100000000000000000010', z: '3' }, '[100000000000000000000,100000000000000000003,100000000000000000006,100000000000000000009]'],
  [{ op: 'range_step', x: '0', y: '10', z: '99999999999999999999' }, '[0]'],
  [{ op: 'range_step', x: '100000000000000000010', y: '1e20', z: '4' }, '[100000000000000000010,100000000000000000006,100000000000000000002]'],
  [{ op: 'range_step', x: '-9007199254740993', y: '-9007199254740990', z: '1' }, '[-9007199254740993,-9007199254740992,-9007199254740991,-9007199254740990]'],
];

test('numbers.range_step past 2^53 in-module; a step not positive is opa\'s error', async (t) => {
  const got = answers(sdk.loadPolicySync(wasm), [...RANGES.map(([c]) => c), { op: 'range_step', x: '0', y: '1e20', z: '-1e20' }]);
  t.deepEqual(got, Object.fromEntries(RANGES.map(([, want], i) => [String(i), want])));
  const r = await evalRego([{ file: 'p.rego', source: 'package t\np := numbers.range_step(0, 1e20, -1e20)\n' }], 'data.t.p', {}, undefined, { strictBuiltinErrors: true });
  t.is(r.diagnostics.map((d) => d.message).join('\n'), 'eval_builtin_error: numbers.range_step: step must be a positive integer');
});

if (!opa.path) {
  console.log(`bigint-module opa comparison skipped: ${opa.reason}`);
  test.skip(`in-module big integers agree with opa eval (skipped: ${opa.reason})`, () => {});
} else {
  const opaPath = opa.path;
  test('in-module big integers agree with opa eval, every generated case', (t) => {
    const sample = [...BITS.map((b) => b.c), ...DIVS, ...REMS.map((x) => x.c), ...UNARY, ...RANGES.map(([c]) => c)];
    const want = opaAnswers(opaPath, sample);
    const got = answers(sdk.loadPolicySync(wasm), sample);
    const bad = sample.map((c, i) => ({ c, got: got[i], want: want[i] })).filter((b) => b.got !== b.want);
    for (const b of bad.slice(0, 5)) t.log(`${b.c.op}(${b.c.x}, ${b.c.y}): module ${b.got}, opa ${b.want}`);
    t.is(bad.length, 0);
    t.log(`${sample.length} cases identical in opa eval and the module under the stock SDK`);
  });
}
