// AssemblyScript: a quotient as OPA computes it when it is not a short decimal (1 / 3, 2 / 9):
// Go's big.Float quotient rounded to a 64-bit mantissa (half to even), printed as the shortest
// decimal that reads back at that precision (math/big's roundShortest), 'f' when integral, else %g
// with an exponent from 10^6 on. Only for operands binary holds exactly with mantissas below 2^63
// (integers below 10^18, dyadic decimals), so the quotient is rounded once, as in OPA.
import { natOf, shl, mulPow5, natText } from './strtod';

/** m·2^e with m of exactly 64 bits. */
class Bin {
  m: u64 = 0;
  e: i32 = 0;
}

/** a / b (both below 2^63, nonzero), correctly rounded to 64 bits. */
function divide64(a: u64, b: u64): Bin {
  let q = a / b;
  let r = a % b;
  let e: i32 = 0;
  let bits = q == 0 ? 0 : 64 - <i32>clz(q);
  // one bit at a time until 64 significant bits; r < b < 2^63, so r << 1 fits
  while (bits < 64) {
    r <<= 1;
    const bit: u64 = r >= b ? 1 : 0;
    if (bit) r -= b;
    q = (q << 1) | bit;
    e--;
    if (q != 0) bits++;
  }
  r <<= 1;
  const round = r >= b;
  if (round) r -= b;
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

/** OPA's text for ±(a / b)·2^shift, a and b below 2^63; the quotient is not a short decimal. */
export function quotientText(neg: bool, a: u64, b: u64, shift: i32): string {
  const q = divide64(a, b);
  q.e += shift;
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
