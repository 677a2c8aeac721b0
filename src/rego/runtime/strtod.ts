// AssemblyScript: decimal text to the nearest f64, correctly rounded (as Go's strconv.ParseFloat).
// AssemblyScript's parseFloat can be off for texts of 16 or more digits (by one unit in the last
// place, or far: see guessF64);
// the runtime orders numbers by their f64 first and Go's fmt prints that f64, so it must be exact.
// Short texts take the classic exact path (an exact integer times or over an exact power of ten);
// others start from a guess (guessF64) and step to the neighbour while the text lies beyond the
// midpoint, deciding each comparison on big integers (nat.ts).
import { mulSmall, mulPow5, shl, cmpNat, natOf, natText } from './nat';

function cmpDecBin(digits: string, e10: i32, m: u64, e2: i32): i32 {
  let x = new Array<u32>();
  x.push(0);
  for (let i = 0; i < digits.length; i++) mulSmall(x, 10, <u32>(digits.charCodeAt(i) - 0x30));
  let y = natOf(m);
  // digits·2^e10·5^e10 against m·2^e2: move the powers of five to the side where they are positive
  if (e10 >= 0) mulPow5(x, e10);
  else mulPow5(y, -e10);
  const d = e10 - e2;
  if (d > 0) x = shl(x, d);
  else if (d < 0) y = shl(y, -d);
  return cmpNat(x, y);
}

const POW10: Array<f64> = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** The f64 nearest to a JSON or Rego number text (ties to even). */
export function parseF64(text: string): f64 {
  let i = 0;
  const len = text.length;
  const neg = len > 0 && text.charCodeAt(0) == 0x2d;
  if (neg || (len > 0 && text.charCodeAt(0) == 0x2b)) i++;
  // one pass without allocating: the first 19 significant digits in v, the rest only counted
  let v: u64 = 0;
  let nd = 0; // significant digits so far (trailing zeros included)
  let zeros = 0; // trailing zeros of those
  let e10: i32 = 0;
  let frac = false;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x2e) {
      frac = true;
      continue;
    }
    if (c < 0x30 || c > 0x39) break;
    if (frac) e10--;
    if (nd == 0 && c == 0x30) continue;
    nd++;
    zeros = c == 0x30 ? zeros + 1 : 0;
    if (nd <= 19) v = v * 10 + <u64>(c - 0x30);
  }
  if (i < len) {
    i++;
    let eneg = false;
    if (i < len && (text.charCodeAt(i) == 0x2d || text.charCodeAt(i) == 0x2b)) {
      eneg = text.charCodeAt(i) == 0x2d;
      i++;
    }
    let x: i32 = 0;
    for (; i < len; i++) if (x < 100000) x = x * 10 + (text.charCodeAt(i) - 0x30);
    e10 += eneg ? -x : x;
  }
  let r: f64 = 0;
  const sig = nd - zeros;
  if (nd <= 19 && sig <= 15) {
    // strip the trailing zeros from v: an exact integer below 10^15 times an exact power of ten
    let w = v;
    for (let z = 0; z < zeros; z++) w /= 10;
    const e = e10 + (nd <= 19 ? 0 : nd - 19) + zeros;
    if (e >= -22 && e <= 22) r = e >= 0 ? <f64>w * POW10[e] : <f64>w / POW10[-e];
    else r = magnitude(sigDigits(text), e);
  } else if (nd > 0) {
    r = magnitude(sigDigits(text), e10 + zeros);
  }
  return neg ? -r : r;
}

/** The significant digits of a number text (no sign, point, exponent, leading or trailing zeros). */
function sigDigits(text: string): string {
  let d = '';
  let i = 0;
  if (i < text.length && (text.charCodeAt(i) == 0x2d || text.charCodeAt(i) == 0x2b)) i++;
  let j = i;
  while (j < text.length && ((text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) || text.charCodeAt(j) == 0x2e)) j++;
  const dot = text.indexOf('.', i);
  d = dot >= 0 && dot < j ? text.substring(i, dot) + text.substring(dot + 1, j) : text.substring(i, j);
  let a = 0;
  while (a < d.length && d.charCodeAt(a) == 0x30) a++;
  let b = d.length;
  while (b > a && d.charCodeAt(b - 1) == 0x30) b--;
  return d.substring(a, b);
}

/**
 * A guess a few units in the last place from the value: the leading 19 digits times a power of ten.
 * Not AssemblyScript's parseFloat, which answers 0 for some long texts (2^93,
 * 9903520314283042199192993792) and is far off for others (4843895420581766043040357519522919089e12
 * as 4.8e40).
 */
function guessF64(digits: string, e10: i32): f64 {
  const n = min(digits.length, 19);
  let c: u64 = 0;
  for (let i = 0; i < n; i++) c = c * 10 + <u64>(digits.charCodeAt(i) - 0x30);
  // in two factors, so neither overflows nor underflows on its own
  const e = e10 + digits.length - n;
  const half = e / 2;
  return <f64>c * Math.pow(10, half) * Math.pow(10, e - half);
}

function magnitude(digits: string, e10: i32): f64 {
  if (digits.length == 0) return 0;
  const top = digits.length + e10; // the value is below 10^top
  if (top > 310) return Infinity;
  if (top < -324) return 0;
  if (digits.length <= 15 && e10 >= -22 && e10 <= 22) {
    let v: u64 = 0;
    for (let j = 0; j < digits.length; j++) v = v * 10 + <u64>(digits.charCodeAt(j) - 0x30);
    const c = <f64>v;
    return e10 >= 0 ? c * POW10[e10] : c / POW10[-e10];
  }
  let g = guessF64(digits, e10);
  if (!isFinite(g) || g == 0 || digits.length > 800) return g;
  for (let step = 0; step < 16; step++) {
    const bits = reinterpret<u64>(g);
    const be = <i32>((bits >> 52) & 0x7ff);
    const frac = bits & 0xfffffffffffff;
    const m: u64 = be == 0 ? frac : frac | 0x10000000000000;
    const k: i32 = be == 0 ? -1074 : be - 1075;
    // the midpoints to the neighbours, in units of 2^(k-2)
    const up = cmpDecBin(digits, e10, 4 * m + 2, k - 2);
    if (up > 0 || (up == 0 && (m & 1) == 1)) {
      g = reinterpret<f64>(bits + 1);
      continue;
    }
    const lowGap: u64 = frac == 0 && be > 1 ? 1 : 2; // below a power of two the spacing halves
    const down = cmpDecBin(digits, e10, 4 * m - lowGap, k - 2);
    if (down < 0 || (down == 0 && (m & 1) == 1)) {
      g = reinterpret<f64>(bits - 1);
      continue;
    }
    break;
  }
  return g;
}

// ---- f64 to its shortest decimal (Go's strconv 'g' -1 digits) ----

/** The exact decimal digits of a positive finite f64 and the point position (value = 0.digits x 10^dp). */
function exactDecimal(x: f64): string {
  const bits = reinterpret<u64>(x);
  const be = <i32>((bits >> 52) & 0x7ff);
  const frac = bits & 0xfffffffffffff;
  const m: u64 = be == 0 ? frac : frac | 0x10000000000000;
  const k: i32 = be == 0 ? -1074 : be - 1075;
  let a = natOf(m);
  if (k >= 0) return natText(shl(a, k)) + 'e0';
  mulPow5(a, -k);
  return natText(a) + 'e' + k.toString();
}

/**
 * The shortest decimal that reads back as x (positive, finite), the nearest such when several do,
 * as `d.ddde<exp>`: the exact expansion rounded to 1, 2, ... 17 digits until one reads back.
 */
export function shortestF64Text(x: f64): string {
  if (x == 0) return '0';
  const ex = exactDecimal(x);
  const at = ex.indexOf('e');
  let all = ex.substring(0, at);
  let scale = I32.parseInt(ex.substring(at + 1));
  let lead = 0;
  while (lead < all.length - 1 && all.charCodeAt(lead) == 0x30) lead++;
  all = all.substring(lead);
  const exp10 = all.length - 1 + scale; // the first digit's power of ten
  for (let n = 1; n <= 17; n++) {
    let d = roundHalfEven(all, n);
    let e = exp10;
    if (d.length > n) {
      d = d.substring(0, n);
      e++;
    }
    const text = d.charAt(0) + (d.length > 1 ? '.' + d.substring(1) : '') + 'e' + e.toString();
    if (parseF64(text) == x) return text;
  }
  return x.toString();
}

/** The first n digits of a digit string, rounded half to even on the rest (may gain a digit). */
function roundHalfEven(all: string, n: i32): string {
  if (all.length <= n) return all;
  const next = all.charCodeAt(n) - 0x30;
  let up = next > 5;
  if (next == 5) {
    let rest = false;
    for (let i = n + 1; i < all.length && !rest; i++) if (all.charCodeAt(i) != 0x30) rest = true;
    up = rest || (all.charCodeAt(n - 1) - 0x30) % 2 == 1;
  }
  let d = all.substring(0, n);
  if (!up) return d;
  let i = n - 1;
  while (i >= 0 && d.charCodeAt(i) == 0x39) i--;
  if (i < 0) return '1' + '0'.repeat(n);
  return d.substring(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + '0'.repeat(n - 1 - i);
}
