// AssemblyScript: OPA's number arithmetic, exact. OPA computes integers on big.Int and other numbers
// on Go's big.Float with a 64-bit mantissa, printing the shortest decimal that rounds back. The
// module answers in-module whenever the exact result is known to be what OPA prints:
//   - integers whose operands and result stay below 10^18 (plain i64 arithmetic), and
//   - decimals (at most 18 significant digits) that binary holds exactly (0.5, 2.25, 1e-3 is not),
//     whose exact result has at most 18 digits: a correctly rounded 64-bit float of such a result
//     prints back as exactly that result, because no other decimal that short lies within half a
//     64-bit ulp of it.
// Integers of any size (1e30 included: opa reads it as a big.Int) take + - * % sum product on
// bigint.ts; a quotient y divides, and abs round ceil floor, go through Go's big.Float as opa does
// (quotient.ts). Everything else (0.1 + 0.2, 2 / 9, 1e30 / 7) goes to the host builtin
// `warden.numbers.exact` (src/rego/builtins/exact.ts); without it, evaluation stops with an error.
import { Value, VNum, VStr, VArr, T_NUM, asNum, asStr } from './value';
import { formatNumber, numberFromText } from './json';
import { callHostRaw } from './builtins';
import { builtinError, abortBuiltin } from './errors';
import { quotientText, floatQuotientText, floatUnaryText } from './quotient';
export { integerTextInBase } from './digits';
import { integralText } from './digits';
import { BigInt10, bigOfText, bigText, bigAdd, bigMul, bigRem, bigDigits } from './bigint';

export const EXACT_BUILTIN = 'warden.numbers.exact';

const LIMIT: u64 = 1000000000000000000; // 10^18: coefficients stay below it
const SAFE: f64 = 9007199254740992; // 2^53

/** ±c·10^e with c < 10^18 and e <= 0; integral when e == 0. `neg` is kept for zero too (-0). */
class Dec {
  neg: bool = false;
  c: u64 = 0;
  e: i32 = 0;
}

function pow10(k: i32): u64 {
  let p: u64 = 1;
  for (let i = 0; i < k; i++) p *= 10;
  return p;
}

function pow5(k: i32): u64 {
  let p: u64 = 1;
  for (let i = 0; i < k; i++) p *= 5;
  return p;
}

/** Drops trailing zeros of the fraction (1.50 is 1.5); an integral value gets e == 0. */
function norm(d: Dec): Dec {
  while (d.e < 0 && d.c % 10 == 0 && d.c != 0) {
    d.c /= 10;
    d.e++;
  }
  if (d.c == 0) d.e = 0;
  return d;
}

function mk(neg: bool, c: u64, e: i32): Dec {
  const d = new Dec();
  d.neg = neg;
  d.c = c;
  d.e = e;
  return norm(d);
}

/** The exact decimal a number text denotes, or null when it does not fit a Dec. */
function decOfText(t: string): Dec | null {
  let i = 0;
  const len = t.length;
  const neg = len > 0 && t.charCodeAt(0) == 0x2d;
  if (neg || (len > 0 && t.charCodeAt(0) == 0x2b)) i++;
  let c: u64 = 0;
  let digits = 0;
  let zeros = 0; // zeros seen since the last nonzero digit, not yet multiplied in
  let e: i32 = 0;
  let frac = false;
  for (; i < len; i++) {
    const ch = t.charCodeAt(i);
    if (ch == 0x2e) {
      frac = true;
      continue;
    }
    if (ch < 0x30 || ch > 0x39) break;
    if (frac) e--;
    if (ch == 0x30) {
      if (digits > 0) zeros++;
      continue;
    }
    digits += zeros + 1;
    if (digits > 18) return null;
    c = c * pow10(zeros + 1) + <u64>(ch - 0x30);
    zeros = 0;
  }
  // trailing zeros: in the integer part they scale c, in the fraction they only moved e
  e += zeros;
  if (i < len) {
    const ch = t.charCodeAt(i);
    if (ch != 0x65 && ch != 0x45) return null;
    i++;
    let eneg = false;
    if (i < len && (t.charCodeAt(i) == 0x2d || t.charCodeAt(i) == 0x2b)) {
      eneg = t.charCodeAt(i) == 0x2d;
      i++;
    }
    let x: i32 = 0;
    for (; i < len; i++) {
      const d = t.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9 || x > 1000) return null;
      x = x * 10 + d;
    }
    e += eneg ? -x : x;
  }
  if (c == 0) return mk(neg, 0, 0);
  while (e > 0) {
    if (c >= LIMIT / 10) return null;
    c *= 10;
    e--;
  }
  if (e < -40) return null;
  return mk(neg, c, e);
}

function decOf(v: Value): Dec | null {
  const x = asNum(v);
  if (x.repr === null) {
    const n = x.n;
    if (!isFinite(n) || n != Math.floor(n) || Math.abs(n) >= 1e18) return null;
    return mk(n < 0 || (n == 0 && 1 / n < 0), <u64>Math.abs(n), 0);
  }
  return decOfText(x.repr!);
}

/** Binary holds the value exactly (with a 64-bit mantissa): c·10^e divisible down to a dyadic. */
function dyadic(d: Dec): bool {
  if (d.e == 0) return true;
  if (d.e < -26) return false;
  return d.c % pow5(-d.e) == 0;
}

/** Go's Float.Text as OPA prints a result: integral values in full, others as shortest %g. */
function decText(d: Dec): string {
  const sign = d.neg ? '-' : '';
  if (d.e == 0) return sign + d.c.toString();
  const s = d.c.toString();
  const dp = s.length + d.e;
  const exp = dp - 1;
  if (exp < -4 || exp >= 6) {
    const ae = exp < 0 ? -exp : exp;
    return sign + s.charAt(0) + (s.length > 1 ? '.' + s.substring(1) : '') + 'e' + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae.toString();
  }
  if (dp <= 0) return sign + '0.' + '0'.repeat(-dp) + s;
  return sign + s.substring(0, dp) + '.' + s.substring(dp);
}

function numOf(d: Dec): Value {
  if (d.e == 0 && <f64>d.c < SAFE) {
    if (d.c == 0 && d.neg) return new VNum(-0.0, '-0');
    return new VNum(d.neg ? -<f64>d.c : <f64>d.c, null);
  }
  return numberFromText(decText(d));
}

/** c·10^k below the limit, or 0 with `fits` cleared. */
let fits = true;
function scale(c: u64, k: i32): u64 {
  let r = c;
  for (let i = 0; i < k; i++) {
    if (r >= LIMIT / 10) {
      fits = false;
      return 0;
    }
    r *= 10;
  }
  return r;
}

function mulFits(a: u64, b: u64): bool {
  return a == 0 || b < LIMIT / a;
}

function addDec(x: Dec, y: Dec, negY: bool): Dec | null {
  const yneg = negY ? !y.neg : y.neg;
  const e = min(x.e, y.e);
  fits = true;
  const a = scale(x.c, x.e - e);
  const b = scale(y.c, y.e - e);
  if (!fits) return null;
  if (x.neg == yneg) {
    const s = a + b;
    return s >= LIMIT ? null : mk(x.neg, s, e);
  }
  // a difference that is zero is +0, as big.Int and big.Float both give it
  if (a >= b) return mk(a == b ? false : x.neg, a - b, e);
  return mk(yneg, b - a, e);
}

function gcd(a: u64, b: u64): u64 {
  while (b != 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The exact quotient when it is a decimal of at most 18 digits. */
function divDec(x: Dec, y: Dec): Dec | null {
  const neg = x.neg != y.neg;
  if (x.c == 0) return mk(neg, 0, 0);
  const g = gcd(x.c, y.c);
  let a = x.c / g;
  let b = y.c / g;
  let t2 = 0;
  let t5 = 0;
  while (b % 2 == 0) {
    b /= 2;
    t2++;
  }
  while (b % 5 == 0) {
    b /= 5;
    t5++;
  }
  if (b != 1) return null;
  const k = max(t2, t5);
  for (let i = t2; i < k; i++) {
    if (a >= LIMIT / 2) return null;
    a *= 2;
  }
  for (let i = t5; i < k; i++) {
    if (a >= LIMIT / 5) return null;
    a *= 5;
  }
  let e = x.e - y.e - k;
  // an integral quotient of a fraction (262583e12 / 0.5): back to e == 0
  for (; e > 0; e--) {
    if (a >= LIMIT / 10) return null;
    a *= 10;
  }
  return mk(neg, a, e);
}

const OPS: Array<string> = ['', 'plus', 'minus', 'mul', 'div', 'rem'];

/** plus minus mul div rem (codes 1..5): the exact value OPA computes, null when undefined (an error). */
export function arithNum(code: i32, a: Value, b: Value): Value | null {
  const fast = fastInt(code, a, b);
  if (fast !== null) return fast;
  const x = decOf(a);
  const y = decOf(b);
  if (x !== null && y !== null) {
    const r = arithDec(code, x, y);
    if (r !== null) return r;
    if (code == 4 && y.c == 0) return builtinError('div', 'divide by zero');
    if (code == 5) {
      if (x.e == 0 && y.e == 0 && y.c == 0) return builtinError('rem', 'modulo by zero');
      if (x.e != 0 || y.e != 0) return builtinError('rem', 'modulo on floating-point number');
    }
  }
  const big = bigArith(code, a, b);
  if (big !== null) return big;
  return exactHost(OPS[code], [a, b]);
}

/**
 * An integer's text when it denotes one (`12`, `1e30`, `2.0`: opa reads them all as big.Int, through
 * big.Rat), or is a small f64 integer: the operand of big.Int arithmetic. Null for a fraction, an
 * f64 past 2^53 without its text, or more than MAX_DIGITS digits.
 */
export function intTextOf(v: Value): string | null {
  const x = asNum(v);
  const r = x.repr;
  if (r === null) return x.n == Math.floor(x.n) && Math.abs(x.n) < SAFE ? (<i64>x.n).toString() : null;
  if (isIntegerText(r)) return r;
  return integralText(r, MAX_DIGITS);
}

const MAX_DIGITS = 4000;

function bigResult(op: string, b: BigInt10): Value | null {
  if (bigDigits(b) > MAX_DIGITS + 9) {
    abortBuiltin(op, 'exact arithmetic on numbers of more than 4000 digits is not supported');
    return null;
  }
  return numberFromText(bigText(b));
}

/** plus, minus, mul, rem of integers of any size, in-module; div where the quotient is an integer. */
function bigArith(code: i32, a: Value, b: Value): Value | null {
  const ta = intTextOf(a);
  const tb = intTextOf(b);
  if (ta === null || tb === null || ta.length > MAX_DIGITS || tb.length > MAX_DIGITS) return null;
  const x = bigOfText(ta);
  const y = bigOfText(tb);
  if (code == 4) return bigQuotient(a, b, x, y, ta);
  if (code == 5) {
    if (y.limbs.length == 0) return builtinError('rem', 'modulo by zero');
    return bigResult('rem', bigRem(x, y, ta));
  }
  return bigResult(OPS[code], code == 3 ? bigMul(x, y) : bigAdd(x, y, code == 2));
}

/**
 * x / y of integers past the paths above, when y divides x. opa has no exact integer division: it
 * divides the operands as 64-bit big.Floats read from their texts, so the answer is that quotient
 * as opa prints it (floatQuotientText): the exact one for 1e109 / 1e100, but 3·2^70 / 3 prints as
 * 1180591620717411303400. A fraction, a zero dividend (its sign is the float's) and the forms
 * floatQuotientText does not read stay the host's.
 */
function bigQuotient(a: Value, b: Value, x: BigInt10, y: BigInt10, ta: string): Value | null {
  if (y.limbs.length == 0) return builtinError('div', 'divide by zero');
  if (x.limbs.length == 0 || bigRem(x, y, ta).limbs.length != 0) return null;
  const t = floatQuotientText(formatNumber(asNum(a)), formatNumber(asNum(b)));
  return t === null ? null : numberFromText(t);
}

/** sum or product of integers of any size, in-module; null when an item is not an integer text. */
function bigAggregate(code: i32, items: Array<Value>): Value | null {
  const texts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const t = intTextOf(items[i]);
    if (t === null || t.length > MAX_DIGITS) return null;
    texts[i] = t;
  }
  let acc = bigOfText(code == 15 ? '0' : '1');
  for (let i = 0; i < texts.length; i++) {
    const x = bigOfText(texts[i]);
    acc = code == 15 ? bigAdd(acc, x, false) : bigMul(acc, x);
    if (bigDigits(acc) > MAX_DIGITS + 9) return bigResult(code == 15 ? 'sum' : 'product', acc);
  }
  return bigResult(code == 15 ? 'sum' : 'product', acc);
}

/** Integers below 2^53 (no source text to honour) with a result below 2^53: plain f64, no allocation but the result. */
function fastInt(code: i32, a: Value, b: Value): Value | null {
  const p = asNum(a);
  const q = asNum(b);
  if (p.repr !== null || q.repr !== null) return null;
  const x = p.n;
  const y = q.n;
  if (!(Math.abs(x) < SAFE && Math.abs(y) < SAFE && x == Math.floor(x) && y == Math.floor(y))) return null;
  let r: f64;
  if (code == 1) r = x + y;
  else if (code == 2) r = x - y;
  else if (code == 3) r = x * y;
  else if (code == 4) {
    // an exact integer quotient of a nonzero dividend; 0 / y is a float (-0 for a negative y)
    if (y == 0 || x == 0 || x % y != 0) return null;
    r = x / y;
  } else {
    if (y == 0) return null;
    r = x % y;
  }
  if (!(Math.abs(r) < SAFE)) return null;
  // an integer result is never -0 (0 * -2 and -4 % 2 are 0)
  return new VNum(r == 0 ? 0 : r, null);
}

function arithDec(code: i32, x: Dec, y: Dec): Value | null {
  const ints = x.e == 0 && y.e == 0;
  if (code == 4) {
    // OPA divides as floats (0 / -2 is -0), and big.Float's correctly rounded quotient of exact
    // operands prints back as the exact quotient when that is short
    if (y.c == 0 || !dyadic(x) || !dyadic(y)) return null;
    const q = divDec(x, y);
    if (q !== null) return numOf(q);
    // not a short decimal: the 64-bit quotient of the binary mantissas (x = xm·2^x.e, y = ym·2^y.e)
    const xm = x.e == 0 ? x.c : x.c / pow5(-x.e);
    const ym = y.e == 0 ? y.c : y.c / pow5(-y.e);
    return numberFromText(quotientText(x.neg != y.neg, xm, ym, x.e - y.e));
  }
  if (code == 5) {
    if (!ints || y.c == 0) return null;
    // Go's % and big.Int.Rem truncate: the sign follows the dividend; a zero remainder is 0
    const r = x.c % y.c;
    return numOf(mk(r != 0 && x.neg, r, 0));
  }
  // integers: exact integer arithmetic; other numbers: exact only when binary holds both operands
  if (!ints && (!dyadic(x) || !dyadic(y))) return null;
  if (code == 3) {
    if (!mulFits(x.c, y.c) || x.e + y.e < -40) return null;
    const p = x.c * y.c;
    // an integer product is never -0; a float product of zero keeps the sign of the signs
    return numOf(mk(p == 0 && ints ? false : x.neg != y.neg, p, x.e + y.e));
  }
  const s = addDec(x, y, code == 2);
  return s === null ? null : numOf(s);
}

const UNARY: Array<string> = ['abs', 'round', 'ceil', 'floor'];

/**
 * abs round ceil floor (op 0..3). A decimal of at most 18 digits and its 64-bit float are on the
 * same side of every integer, so the exact decimal decides; OPA's ceil and floor test the sign of
 * the truncated value, so ceil(-0.5) is 1 and floor(-0.5) is 0, as opa answers.
 */
export function unaryNum(op: i32, a: Value): Value | null {
  const x = decOf(a);
  if (x === null) {
    const long = op > 0 && asNum(a).repr !== null ? roundLong(op, asNum(a).repr!) : null;
    if (long !== null) return long;
    // an integer past 10^18: opa's float path on its text's 64-bit reading
    const big = asNum(a).repr !== null && intTextOf(a) !== null ? floatUnaryText(op, asNum(a).repr!) : null;
    return big !== null ? numberFromText(big) : exactHost(UNARY[op], [a]);
  }
  if (op == 0) return numOf(mk(false, x.c, x.e));
  if (x.e == 0) return numOf(mk(x.neg && x.c != 0, x.c, 0));
  const p = pow10(-x.e);
  const t = x.c / p; // truncated magnitude
  const f = x.c % p; // nonzero: x is not integral here
  let r: i64 = x.neg ? -<i64>t : <i64>t;
  if (op == 1) {
    if (f * 2 >= p) r += x.neg ? -1 : 1;
  } else if (op == 2) {
    if (!(r < 0)) r += 1;
  } else if (r < 0) r -= 1;
  return numOf(mk(r < 0, <u64>(r < 0 ? -r : r), 0));
}

/**
 * round (1), ceil (2), floor (3) of a fraction with more than 18 digits (round(2 / 3)), below 10^15
 * and without an exponent. OPA rounds it to 64 bits first, which moves it by less than 10^-k with
 * k = 19 - its integer digits; so when its first k fraction digits keep it that far from the
 * boundary that matters (an integer for ceil and floor, a half for round), the digits decide.
 */
function roundLong(op: i32, t: string): Value | null {
  const neg = t.charCodeAt(0) == 0x2d;
  const start = neg ? 1 : 0;
  const dot = t.indexOf('.');
  if (dot < 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) return null;
  const ip = t.substring(start, dot);
  if (ip.length > 15) return null;
  const k = 19 - ip.length;
  let f = t.substring(dot + 1);
  if (f.length < k) f += '0'.repeat(k - f.length);
  const head = f.substring(0, k);
  let whole: i64 = 0;
  for (let i = 0; i < ip.length; i++) whole = whole * 10 + <i64>(ip.charCodeAt(i) - 0x30);
  let r: i64 = neg ? -whole : whole;
  if (op == 1) {
    if (head == '4' + '9'.repeat(k - 1) || head == '5' + '0'.repeat(k - 1)) return null;
    if (head.charCodeAt(0) >= 0x35) r += neg ? -1 : 1;
  } else {
    if (head == '0'.repeat(k) || head == '9'.repeat(k)) return null;
    // the fraction is nonzero: OPA's ceil and floor test the sign of the truncated value
    if (op == 2) {
      if (!(r < 0)) r += 1;
    } else if (r < 0) r -= 1;
  }
  return numOf(mk(r < 0, <u64>(r < 0 ? -r : r), 0));
}

/**
 * sum (code 15) and product (code 16) of numbers: integers exactly, floats as OPA accumulates
 * them (sum at 64 bits, product from big.NewFloat(1), so at 53 bits). In-module while every step
 * is exact: integers, or dyadic decimals whose partial results stay short (and, for a product, fit
 * 53 bits and 15 digits, since it prints at 53 bits).
 */
export function aggregateNum(code: i32, items: Array<Value>): Value | null {
  let ints = true;
  for (let i = 0; i < items.length; i++) if (items[i].t != T_NUM) return builtinError(code == 15 ? 'sum' : 'product', 'operand 1 must be array of numbers');
  let acc = mk(false, code == 15 ? 0 : 1, 0);
  let ok = true;
  for (let i = 0; i < items.length && ok; i++) {
    const d = decOf(items[i]);
    if (d === null) {
      ok = false;
      break;
    }
    if (d.e != 0) ints = false;
    if (code == 15) {
      const s = addDec(acc, d, false);
      if (s === null) ok = false;
      else acc = s;
    } else {
      if (!mulFits(acc.c, d.c) || acc.e + d.e < -40) ok = false;
      else acc = mk(acc.neg != d.neg, acc.c * d.c, acc.e + d.e);
    }
  }
  if (ok && !ints) ok = floatAggregateExact(code, items, acc);
  if (ok) {
    if (ints && acc.c == 0) acc.neg = false;
    return numOf(acc);
  }
  const big = bigAggregate(code, items);
  if (big !== null) return big;
  const texts = new Array<Value>(items.length);
  for (let i = 0; i < items.length; i++) texts[i] = items[i];
  return exactHost(code == 15 ? 'sum' : 'product', texts);
}

/** Replays a float accumulation to check every partial result is exact (so no rounding happened). */
function floatAggregateExact(code: i32, items: Array<Value>, result: Dec): bool {
  let acc = mk(false, code == 15 ? 0 : 1, 0);
  for (let i = 0; i < items.length; i++) {
    const d = decOf(items[i])!;
    if (!dyadic(d)) return false;
    if (code == 15) {
      const s = addDec(acc, d, false);
      if (s === null || !dyadic(s)) return false;
      acc = s;
    } else {
      acc = mk(acc.neg != d.neg, acc.c * d.c, acc.e + d.e);
      if (!dyadic(acc)) return false;
      // fits 53 bits: the odd-and-two part c / 5^-e below 2^53
      const m = acc.e == 0 ? acc.c : acc.c / pow5(-acc.e);
      if (<f64>m >= SAFE) return false;
    }
  }
  if (code == 16 && result.c.toString().length > 15) return false;
  return true;
}

/** Asks the host helper; `!message` is a builtin error, `!!message` a limit Warden states. */
function exactHost(op: string, args: Array<Value>): Value | null {
  const texts = new Array<Value>(args.length);
  for (let i = 0; i < args.length; i++) {
    if (args[i].t != T_NUM) return builtinError(op, 'operand ' + (i + 1).toString() + ' must be number');
    texts[i] = new VStr(formatNumber(asNum(args[i])));
  }
  const r = callHostRaw(EXACT_BUILTIN, [<Value>new VStr(op), <Value>new VArr(texts)]);
  if (r === null) {
    abortBuiltin(op, 'exact arithmetic beyond the in-module range needs the host builtin ' + EXACT_BUILTIN + ', which this host does not provide (load the policy with Warden\'s loadPolicy or pass its hostBuiltins)');
    return null;
  }
  const s = asStr(r).s;
  if (s.startsWith('!!')) {
    abortBuiltin(op, s.substring(2));
    return null;
  }
  if (s.startsWith('!')) return builtinError(op, s.substring(1));
  return numberFromText(s);
}

/** trunc of a number as OPA's format_int takes it (64-bit float, truncated), as integer text. */
export function truncText(v: Value): string | null {
  const x = decOf(v);
  if (x !== null) {
    const t = x.e == 0 ? x.c : x.c / pow10(-x.e);
    const sign: string = x.neg && t != 0 ? '-' : '';
    return sign + t.toString();
  }
  const r = asNum(v).repr;
  if (r !== null && isIntegerText(r)) return r;
  const h = exactHost('trunc', [v]);
  return h === null ? null : formatNumber(asNum(h));
}

export function isIntegerText(t: string): bool {
  if (t.length == 0) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (i == 0 && c == 0x2d && t.length > 1))) return false;
  }
  return true;
}


