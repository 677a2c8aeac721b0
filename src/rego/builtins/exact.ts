// Exact number arithmetic as OPA does it, for the cases the runtime's in-module paths cannot decide
// (src/rego/runtime/numbers.ts): quotients of integers beyond 64 bits that are no integers (1e30 / 7),
// and decimals that are not exactly representable in binary (0.1 + 0.2, 2 / 9). OPA computes integers on big.Int and everything else
// on Go's big.Float with a 64-bit mantissa (53 bits in `product`), printing the shortest decimal
// that rounds back to the result. This module reproduces that with BigInt: a float is
// `mant * 2^exp`, rounded half-to-even to `prec` bits, as Go's math/big rounds.
//
// The runtime calls it as the host builtin `warden.numbers.exact(op, [texts])`; it answers with the
// result's text, or `!message` for an error OPA reports (`!divide by zero`), or `!!message` where
// Warden gives up (numbers too large to compute), which the runtime turns into an evaluation error.

export const EXACT_BUILTIN = 'warden.numbers.exact';

/** Beyond this many decimal digits (or this decimal exponent), Warden refuses rather than compute. */
const MAX_DIGITS = 4000;

class Limit extends Error {}

interface BF {
  neg: boolean;
  /** magnitude: mant * 2^exp; zero when mant is 0n (the sign still counts: -0) */
  mant: bigint;
  exp: number;
  prec: number;
}

interface Dec {
  neg: boolean;
  /** the digits as an integer, and the power of ten they are scaled by */
  digits: bigint;
  exp10: number;
}

function bitLen(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length;
}

function parseDec(text: string): Dec {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`illegal number ${text}`);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  const all = (m[2]! + frac).replace(/^0+/, '');
  if (all.length > MAX_DIGITS || Math.abs(exp) > MAX_DIGITS) throw new Limit();
  return { neg: m[1] === '-', digits: BigInt(all === '' ? '0' : all), exp10: exp - frac.length };
}

/** OPA's NumberToInt: the exact integer a text denotes (`1e3`, `2.0`), or null for a fraction. */
function toInt(d: Dec): bigint | null {
  let v: bigint;
  if (d.exp10 >= 0) v = d.digits * 10n ** BigInt(d.exp10);
  else {
    const p = 10n ** BigInt(-d.exp10);
    if (d.digits % p !== 0n) return null;
    v = d.digits / p;
  }
  return d.neg ? -v : v;
}

/** Rounds mant * 2^exp to prec bits, half to even; `sticky` says nonzero bits were dropped below. */
function round(neg: boolean, mant: bigint, exp: number, prec: number, sticky = false): BF {
  const n = bitLen(mant);
  if (n <= prec) {
    if (sticky) throw new Error('internal: sticky bits without room');
    return { neg, mant, exp, prec };
  }
  const shift = n - prec;
  let keep = mant >> BigInt(shift);
  const rem = mant & ((1n << BigInt(shift)) - 1n);
  const half = 1n << BigInt(shift - 1);
  if (rem > half || (rem === half && (sticky || (keep & 1n) === 1n))) keep += 1n;
  let e = exp + shift;
  if (bitLen(keep) > prec) {
    keep >>= 1n;
    e += 1;
  }
  return { neg, mant: keep, exp: e, prec };
}

function mul(x: BF, y: BF, prec: number): BF {
  return round(x.neg !== y.neg, x.mant * y.mant, x.exp + y.exp, prec);
}

/** Correctly rounded quotient (Go's uquo keeps a sticky bit for the remainder). */
function quo(x: BF, y: BF, prec: number): BF {
  const neg = x.neg !== y.neg;
  if (x.mant === 0n) return { neg, mant: 0n, exp: 0, prec };
  const k = Math.max(0, prec + 2 + bitLen(y.mant) - bitLen(x.mant));
  const num = x.mant << BigInt(k);
  const q = num / y.mant;
  const r = num % y.mant;
  return round(neg, r === 0n ? q : (q << 1n) | 1n, x.exp - k - y.exp - (r === 0n ? 0 : 1), prec, false);
}

function add(x: BF, y: BF, prec: number, negateY = false): BF {
  const yneg = negateY ? !y.neg : y.neg;
  if (x.mant === 0n && y.mant === 0n) return { neg: x.neg && yneg, mant: 0n, exp: 0, prec };
  if (x.mant === 0n) return round(yneg, y.mant, y.exp, prec);
  if (y.mant === 0n) return round(x.neg, x.mant, x.exp, prec);
  if (Math.abs(x.exp - y.exp) > MAX_DIGITS * 4) throw new Limit();
  const e = Math.min(x.exp, y.exp);
  const a = (x.neg ? -1n : 1n) * (x.mant << BigInt(x.exp - e));
  const b = (yneg ? -1n : 1n) * (y.mant << BigInt(y.exp - e));
  const s = a + b;
  return round(s < 0n, s < 0n ? -s : s, e, prec);
}

function pow5(n: number, prec: number): BF {
  if (n <= 27) return { neg: false, mant: 5n ** BigInt(n), exp: 0, prec };
  // Go's big.Float pow5: 5^27 exactly, then square-and-multiply with f at 64 more bits
  let z: BF = { neg: false, mant: 5n ** 27n, exp: 0, prec };
  let f: BF = { neg: false, mant: 5n, exp: 0, prec: prec + 64 };
  let k = n - 27;
  while (k > 0) {
    if (k & 1) z = mul(z, f, prec);
    f = mul(f, f, prec + 64);
    k >>= 1;
  }
  return z;
}

/** Go's big.Float SetString at the given precision (its scan: mantissa, then 5^exp at prec+64). */
function parseFloat(text: string, prec = 64): BF {
  const d = parseDec(text);
  if (d.digits === 0n) return { neg: d.neg, mant: 0n, exp: 0, prec };
  const z: BF = { neg: d.neg, mant: d.digits, exp: d.exp10, prec };
  if (d.exp10 === 0) return round(z.neg, z.mant, 0, prec);
  const p = pow5(Math.abs(d.exp10), prec + 64);
  return d.exp10 > 0 ? mul(z, p, prec) : quo(z, p, prec);
}

// ---- printing: Go's Float.Text('f' or 'g', -1), as OPA's FloatToNumber ----

interface Digits {
  /** decimal digits without trailing zeros ('' for zero) and the decimal point's position */
  d: string;
  dp: number;
}

function decimalOf(mant: bigint, exp: number): Digits {
  if (mant === 0n) return { d: '', dp: 0 };
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  const t = s.replace(/0+$/, '');
  return { d: t, dp };
}

function roundDigits(x: Digits, n: number, up: boolean): Digits {
  if (n <= 0) return up ? { d: '1', dp: x.dp + 1 } : { d: '', dp: 0 };
  if (n >= x.d.length) return x;
  if (!up) return { d: x.d.slice(0, n).replace(/0+$/, ''), dp: x.d.slice(0, n).replace(/0+$/, '') === '' ? 0 : x.dp };
  let i = n - 1;
  while (i >= 0 && x.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

/** Go's decimal.round: half to even on the digit string. */
function roundNearest(x: Digits, n: number): Digits {
  if (n >= x.d.length) return x;
  const c = x.d[n]!;
  let up = c > '5' || (c === '5' && n + 1 < x.d.length);
  if (c === '5' && n + 1 === x.d.length) up = n > 0 && (x.d.charCodeAt(n - 1) - 48) % 2 === 1;
  return roundDigits(x, n, up);
}

const at = (x: Digits, i: number): string => (i < x.d.length ? x.d[i]! : '0');

/** Go's roundShortest: the fewest digits that still round back to x at its precision. */
function shortest(x: BF): Digits {
  const d = decimalOf(x.mant, x.exp);
  if (d.d === '') return d;
  let mant = x.mant;
  let exp = x.exp;
  const s = bitLen(mant) - (x.prec + 1);
  if (s < 0) mant <<= BigInt(-s);
  else mant >>= BigInt(s);
  exp += s;
  const lower = decimalOf(mant - 1n, exp);
  const upper = decimalOf(mant + 1n, exp);
  const inclusive = (mant & 2n) === 0n;
  // math/big compares the three digit strings position by position, as they come
  for (let i = 0; i < d.d.length; i++) {
    const l = at(lower, i);
    const m = d.d[i]!;
    const u = at(upper, i);
    const okdown = l !== m || (inclusive && i + 1 === lower.d.length);
    const okup = m !== u && (inclusive || m.charCodeAt(0) + 1 < u.charCodeAt(0) || i + 1 < upper.d.length);
    if (okdown && okup) return roundNearest(d, i + 1);
    if (okdown) return roundDigits(d, i + 1, false);
    if (okup) return roundDigits(d, i + 1, true);
  }
  return d;
}

function isIntBF(x: BF): boolean {
  if (x.mant === 0n || x.exp >= 0) return true;
  const low = x.mant & ((1n << BigInt(-x.exp)) - 1n);
  return low === 0n;
}

/** OPA's FloatToNumber: 'f' for an integral value, else 'g', both shortest. */
export function floatText(x: BF): string {
  const sign = x.neg ? '-' : '';
  const d = shortest(x);
  if (d.d.length > MAX_DIGITS || Math.abs(d.dp) > MAX_DIGITS) throw new Limit();
  if (isIntBF(x)) {
    if (d.d === '') return sign + '0';
    return sign + d.d + '0'.repeat(Math.max(0, d.dp - d.d.length));
  }
  const exp = d.dp - 1;
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${sign}${d.d[0]}${d.d.length > 1 ? '.' + d.d.slice(1) : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (d.dp <= 0) return `${sign}0.${'0'.repeat(-d.dp)}${d.d}`;
  return `${sign}${d.d.slice(0, d.dp)}.${d.d.slice(d.dp)}`;
}

// ---- OPA's operations ----

const SMALL = 2n ** 31n;
const small = (i: bigint | null): boolean => i !== null && i >= -SMALL && i < SMALL;

function binary(op: string, a: string, b: string): string {
  const x = parseDec(a);
  const y = parseDec(b);
  const xi = toInt(x);
  const yi = toInt(y);
  if (op === 'div') {
    if (small(xi) && small(yi) && yi !== 0n && xi !== 0n && xi! % yi! === 0n) return (xi! / yi!).toString();
    const fy = parseFloat(b);
    if (fy.mant === 0n) throw new Error('divide by zero');
    return floatText(quo(parseFloat(a), fy, 64));
  }
  if (xi !== null && yi !== null) {
    switch (op) {
      case 'plus':
        return (xi + yi).toString();
      case 'minus':
        return (xi - yi).toString();
      case 'mul':
        return (xi * yi).toString();
      case 'rem':
        if (yi === 0n) throw new Error('modulo by zero');
        return (xi % yi).toString();
    }
  }
  if (op === 'rem') throw new Error('modulo on floating-point number');
  const fx = parseFloat(a);
  const fy = parseFloat(b);
  if (op === 'plus') return floatText(add(fx, fy, 64));
  if (op === 'minus') return floatText(add(fx, fy, 64, true));
  if (op === 'mul') return floatText(mul(fx, fy, 64));
  throw new Error(`unknown operation ${op}`);
}

/** Go's big.Float Int: truncation toward zero. */
function trunc(x: BF): bigint {
  const v = x.exp >= 0 ? x.mant << BigInt(x.exp) : x.mant >> BigInt(-x.exp);
  return x.neg ? -v : v;
}

function unary(op: string, a: string): string {
  // format_int: integers exactly, fractions through a 64-bit float truncated toward zero
  if (op === 'trunc') return (/^-?\d+$/.test(a) ? BigInt(a) : trunc(parseFloat(a))).toString();
  const i = toInt(parseDec(a));
  if (small(i)) return op === 'abs' && i! < 0n ? (-i!).toString() : i!.toString();
  const x = parseFloat(a);
  if (op === 'abs') return floatText({ ...x, neg: false });
  const whole = (f: BF): bigint => trunc(f);
  let r: bigint;
  if (op === 'round') r = whole(add(x, { neg: x.neg, mant: 1n, exp: -1, prec: 53 }, 64));
  else {
    const t = whole(x);
    const integral = isIntBF(x);
    // OPA's arithCeil/arithFloor test the sign of the truncated value (so ceil(-0.5) is 1, floor(-0.5) is 0)
    if (op === 'ceil') r = t < 0n || integral ? t : t + 1n;
    else r = t >= 0n || integral ? t : t - 1n;
  }
  return r.toString();
}

function aggregate(op: string, texts: string[]): string {
  const decs = texts.map(parseDec);
  const ints = decs.map(toInt);
  if (ints.every((i) => i !== null)) return ints.reduce<bigint>((acc, i) => (op === 'sum' ? acc + i! : acc * i!), op === 'sum' ? 0n : 1n).toString();
  if (op === 'sum') {
    let acc: BF = { neg: false, mant: 0n, exp: 0, prec: 64 };
    for (const t of texts) acc = add(acc, parseFloat(t), 64);
    return floatText(acc);
  }
  // OPA starts the product from big.NewFloat(1): 53 bits of precision throughout
  let acc: BF = { neg: false, mant: 1n, exp: 0, prec: 53 };
  for (const t of texts) acc = mul(acc, parseFloat(t), 53);
  return floatText(acc);
}

/** The host builtin: `op` with number texts; the result's text, `!error` or `!!unsupported`. */
export function exactNumbers(op: string, args: string[]): string {
  try {
    if (op === 'sum' || op === 'product') return aggregate(op, args);
    if (args.length === 1) return unary(op, args[0]!);
    return binary(op, args[0]!, args[1]!);
  } catch (e) {
    if (e instanceof Limit) return '!!exact arithmetic on numbers of more than 4000 digits is not supported';
    return `!${(e as Error).message}`;
  }
}
