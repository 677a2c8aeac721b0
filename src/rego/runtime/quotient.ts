// AssemblyScript: a quotient as OPA computes it when it is not a short decimal (1 / 3, 2 / 9):
// Go's big.Float quotient rounded to a 64-bit mantissa (half to even), printed as the shortest
// decimal that reads back at that precision (math/big's roundShortest), 'f' when integral, else %g
// with an exponent from 10^6 on. For operands binary holds exactly with mantissas below 2^63
// (integers below 10^18, dyadic decimals), so the quotient is rounded once, as in OPA; and for
// integer texts of any size read as Go's big.Float reads them (floatQuotientText).
import { natOf, shl, mulPow5, natText, natTrim, natOfDigits, natBitLen, natBit, natAnyBelow, natShr, natMul, natAddOne } from './nat';
import { scanDecimal } from './digits';

/** m·2^e with m of exactly 64 bits. */
class Bin {
  m: u64 = 0;
  e: i32 = 0;
}

/** 2r against b (r < b) without overflowing 64 bits: the next quotient bit and the remainder after it. */
let remNext: u64 = 0;
function nextBit(r: u64, b: u64): u64 {
  const up = r >= b - r;
  remNext = up ? r - (b - r) : r << 1;
  return up ? 1 : 0;
}

/** a / b (nonzero), correctly rounded to 64 bits. */
function divide64(a: u64, b: u64): Bin {
  let q = a / b;
  let r = a % b;
  let e: i32 = 0;
  let bits = q == 0 ? 0 : 64 - <i32>clz(q);
  // one bit at a time until 64 significant bits
  while (bits < 64) {
    const bit = nextBit(r, b);
    r = remNext;
    q = (q << 1) | bit;
    e--;
    if (q != 0) bits++;
  }
  const round = nextBit(r, b) == 1;
  r = remNext;
  const sticky = r != 0;
  const out = new Bin();
  if (round && (sticky || (q & 1) == 1)) {
    q += 1;
    if (q == 0) {
      // carried out of 64 bits: 2^64 = 2^63 · 2
      q = 0x8000000000000000;
      e++;
    }
  }
  out.m = q;
  out.e = e;
  return out;
}

/** The exact decimal digits of n·2^e (no trailing zeros) and the point position: value = 0.d × 10^dp. */
class Digits {
  d: string = '';
  dp: i32 = 0;
}

function decimalOf(n: Array<u32>, e: i32): Digits {
  let s: string;
  let dp: i32;
  if (e >= 0) {
    s = natText(shl(n, e));
    dp = s.length;
  } else {
    mulPow5(n, -e);
    s = natText(n);
    dp = s.length + e;
  }
  let lead = 0;
  while (lead < s.length - 1 && s.charCodeAt(lead) == 0x30) lead++;
  s = s.substring(lead);
  dp -= lead;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) == 0x30) end--;
  const out = new Digits();
  out.d = s.substring(0, end);
  out.dp = out.d.length == 0 ? 0 : dp;
  return out;
}

function digitAt(x: Digits, i: i32): i32 {
  return i < x.d.length ? x.d.charCodeAt(i) : 0x30;
}

function cut(x: Digits, n: i32, up: bool): Digits {
  const out = new Digits();
  out.dp = x.dp;
  let d = x.d.substring(0, n);
  if (up) {
    let i = n - 1;
    while (i >= 0 && d.charCodeAt(i) == 0x39) i--;
    if (i < 0) {
      out.d = '1';
      out.dp = x.dp + 1;
      return out;
    }
    d = d.substring(0, i) + String.fromCharCode(d.charCodeAt(i) + 1);
  }
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) == 0x30) end--;
  out.d = d.substring(0, end);
  return out;
}

/** math/big's roundShortest for a 64-bit mantissa: digits compared position by position. */
function shortest(b: Bin): Digits {
  const d = decimalOf(natOf(b.m), b.e);
  // the neighbours' midpoints: (2m - 1) and (2m + 1) times 2^(e-1)
  const lo = shl(natOf(b.m - 1), 1);
  lo[0] |= 1;
  const hi = shl(natOf(b.m), 1);
  hi[0] |= 1;
  const lower = decimalOf(lo, b.e - 1);
  const upper = decimalOf(hi, b.e - 1);
  const inclusive = (b.m & 1) == 0;
  for (let i = 0; i < d.d.length; i++) {
    const l = digitAt(lower, i);
    const m = d.d.charCodeAt(i);
    const u = digitAt(upper, i);
    const okdown = l != m || (inclusive && i + 1 == lower.d.length);
    const okup = m != u && (inclusive || m + 1 < u || i + 1 < upper.d.length);
    if (okdown && okup) {
      // half to even on the digit string (decimal.round)
      const next = digitAt(d, i + 1);
      let up = next > 0x35 || (next == 0x35 && i + 2 < d.d.length);
      if (next == 0x35 && i + 2 == d.d.length) up = (m - 0x30) % 2 == 1;
      return cut(d, i + 1, up);
    }
    if (okdown) return cut(d, i + 1, false);
    if (okup) return cut(d, i + 1, true);
  }
  return d;
}

/** OPA's text for ±(a / b)·2^shift, a and b nonzero 64-bit mantissas. */
export function quotientText(neg: bool, a: u64, b: u64, shift: i32): string {
  const q = divide64(a, b);
  q.e += shift;
  return binText(neg, q);
}

/** OPA's FloatToNumber of a 64-bit float: shortest digits, 'f' when integral, else %g. */
function binText(neg: bool, q: Bin): string {
  const d = shortest(q);
  const sign = neg ? '-' : '';
  const integral = q.e >= 0 || (q.e > -64 && (q.m & ((<u64>1 << <u64>-q.e) - 1)) == 0);
  if (integral) return sign + d.d + (d.dp > d.d.length ? '0'.repeat(d.dp - d.d.length) : '');
  const exp = d.dp - 1;
  if (exp < -4 || exp >= 6) {
    const ae = exp < 0 ? -exp : exp;
    return sign + d.d.charAt(0) + (d.d.length > 1 ? '.' + d.d.substring(1) : '') + 'e' + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae.toString();
  }
  if (d.dp <= 0) return sign + '0.' + '0'.repeat(-d.dp) + d.d;
  return sign + d.d.substring(0, d.dp) + '.' + d.d.substring(d.dp);
}

// ---- integer texts of any size, read as Go's big.Float SetString reads them at 64 bits ----

/** m·2^e, m a natural number. */
class Fl {
  m: Array<u32>;
  e: i32;
  constructor(m: Array<u32>, e: i32) {
    this.m = m;
    this.e = e;
  }
}

/** Rounded to prec bits, half to even: the value is exact, so the dropped bits decide. */
function roundFl(x: Fl, prec: i32): Fl {
  let s = natBitLen(x.m) - prec;
  if (s <= 0) return x;
  let m = natShr(x.m, s);
  if (natBit(x.m, s - 1) && (natAnyBelow(x.m, s - 1) || (m[0] & 1) != 0)) {
    natAddOne(m);
    if (natBitLen(m) > prec) {
      m = natShr(m, 1);
      s++;
    }
  }
  return new Fl(m, x.e + s);
}

function mulFl(x: Fl, y: Fl, prec: i32): Fl {
  return roundFl(new Fl(natMul(x.m, y.m), x.e + y.e), prec);
}

/** Go's big.Float pow5 at SetString's 128 bits: 5^27 exact, then square and multiply, the squares at 192 bits. */
function pow5Fl(n: i32): Fl {
  let p: u64 = 1;
  for (let i = 0; i < min(n, 27); i++) p *= 5;
  let z = new Fl(natTrim(natOf(p)), 0);
  let f = new Fl(natTrim(natOf(5)), 0);
  for (let k = n - 27; k > 0; k >>= 1) {
    if (k & 1) z = mulFl(z, f, 128);
    f = mulFl(f, f, 192);
  }
  return z;
}

/**
 * A number text as big.Float SetString reads it at 64 bits: the digits exactly, times 5^e at 128
 * bits for an exponent e > 0, rounded once to 64 bits (so 1e109 is not 10^109 rounded, but close).
 * Null for zero and for a negative net exponent (2.0, 10e-1), which Go divides by 5^e instead.
 */
function goFloat64(t: string): Fl | null {
  const d = scanDecimal(t);
  if (d === null || d.e10 < 0 || d.digits.length == 0) return null;
  const x = new Fl(natOfDigits(d.digits), d.e10); // 10^e = 2^e·5^e
  return d.e10 == 0 ? roundFl(x, 64) : mulFl(x, pow5Fl(d.e10), 64);
}

function u64Of(m: Array<u32>): u64 {
  return (m.length > 0 ? <u64>m[0] : 0) | (m.length > 1 ? <u64>m[1] << 32 : 0);
}

/** OPA's text for x / y of two nonzero integer texts (big.Float Quo of their 64-bit readings); null where not emulated. */
export function floatQuotientText(xt: string, yt: string): string | null {
  const x = goFloat64(xt);
  const y = goFloat64(yt);
  if (x === null || y === null) return null;
  const neg = (xt.charCodeAt(0) == 0x2d) != (yt.charCodeAt(0) == 0x2d);
  return quotientText(neg, u64Of(x.m), u64Of(y.m), x.e - y.e);
}

/**
 * abs (op 0), round (1), ceil (2), floor (3) of an integer text past 10^18, as opa computes them on
 * the text's 64-bit big.Float reading x: abs prints x the shortest way (abs(-1e30) is 1e30 in full);
 * the others print the integer of x in all its digits (big.Float SetInt keeps every bit), so
 * floor(1e30) is 1000000000000000000024696061952. round adds ±0.5 at 64 bits first, which moves
 * only an odd x of exactly 64 bits (a tie, to even). Null where goFloat64 does not read the text.
 */
export function floatUnaryText(op: i32, t: string): string | null {
  const x = goFloat64(t);
  if (x === null) return null;
  if (op == 0) {
    const b = new Bin();
    const s = 64 - natBitLen(x.m);
    b.m = u64Of(x.m) << <u64>s;
    b.e = x.e - s;
    return binText(false, b);
  }
  // x.e >= 0 here (the text's exponent is not negative): x is an integer
  const m = x.m;
  if (op == 1 && x.e == 0 && natBitLen(m) == 64 && (m[0] & 1) != 0) natAddOne(m);
  const sign: string = t.charCodeAt(0) == 0x2d ? '-' : '';
  return sign + natText(shl(m, x.e));
}
