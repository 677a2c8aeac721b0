// AssemblyScript: sprintf as opa computes it, which is Go's fmt.Sprintf over the operands opa
// hands it: a Rego string is a Go string; a number written with '.', 'e' or 'E' is a float64 (or,
// when it overflows one, its text as a string); another number an int64, or a *big.Int beyond
// int64; every other value (booleans, null, arrays, objects, sets) is a Go string holding its Rego
// text (`true`, `[1, "a"]`, `set()`). Go's verbs, flags, width and precision then apply to those.
import { shortestF64Text, parseF64 } from './strtod';
import { integerTextInBase } from './digits';
import { Value, T_STR, T_NUM, asStr, asNum } from './value';
import { formatNumber, toRego } from './json';

const K_STR: i32 = 0;
const K_INT: i32 = 1;
const K_BIG: i32 = 2;
const K_FLOAT: i32 = 3;

/** One operand as Go sees it. Integers keep their decimal digits (int64 exceeds f64's 53 bits). */
class GoArg {
  constructor(
    public kind: i32,
    public s: string,
    public neg: bool,
    public f: f64,
  ) {}
}

function hasAny(t: string, chars: string): bool {
  for (let i = 0; i < chars.length; i++) if (t.indexOf(chars.charAt(i)) >= 0) return true;
  return false;
}

const INT64_MAX = '9223372036854775807';

function fitsInt64(digits: string, neg: bool): bool {
  if (digits.length != 19) return digits.length < 19;
  return neg ? digits <= '9223372036854775808' : digits <= INT64_MAX;
}

function classify(v: Value): GoArg {
  if (v.t == T_STR) return new GoArg(K_STR, asStr(v).s, false, 0);
  if (v.t != T_NUM) return new GoArg(K_STR, toRego(v), false, 0);
  const text = formatNumber(asNum(v));
  if (hasAny(text, '.eE')) {
    const f = parseF64(text); // not parseFloat: AssemblyScript's is far off for some long texts
    if (!isFinite(f)) return new GoArg(K_STR, text, false, 0);
    return new GoArg(K_FLOAT, text, false, f);
  }
  const neg = text.startsWith('-');
  let digits = neg ? text.substring(1) : text;
  let k = 0;
  while (k < digits.length - 1 && digits.charCodeAt(k) == 0x30) k++;
  digits = digits.substring(k);
  if (digits == '0') return new GoArg(K_INT, '0', false, 0);
  return new GoArg(fitsInt64(digits, neg) ? K_INT : K_BIG, digits, neg, 0);
}

/** Go's printing state for one verb (fmt.fmt). */
class State {
  out: string = '';
  minus: bool = false;
  plus: bool = false;
  sharp: bool = false;
  space: bool = false;
  zero: bool = false;
  plusV: bool = false;
  sharpV: bool = false;
  wid: i32 = 0;
  prec: i32 = 0;
  widPresent: bool = false;
  precPresent: bool = false;

  clear(): void {
    this.minus = false;
    this.plus = false;
    this.sharp = false;
    this.space = false;
    this.zero = false;
    this.plusV = false;
    this.sharpV = false;
    this.wid = 0;
    this.prec = 0;
    this.widPresent = false;
    this.precPresent = false;
  }

  padding(n: i32): void {
    if (n <= 0) return;
    this.out += (this.zero ? '0' : ' ').repeat(n);
  }

  /** Pads to the width by rune count, left or right, with spaces or (zero flag) zeros. */
  pad(s: string): void {
    if (!this.widPresent || this.wid == 0) {
      this.out += s;
      return;
    }
    const w = this.wid - runeCount(s);
    if (!this.minus) {
      this.padding(w);
      this.out += s;
    } else {
      this.out += s;
      this.padding(w);
    }
  }
}

function runeCount(s: string): i32 {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff) continue;
    n++;
  }
  return n;
}

/** The first n runes of s. */
function truncRunes(s: string, n: i32): string {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const low = c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
    if (!low) {
      if (count == n) return s.substring(0, i);
      count++;
    }
  }
  return s;
}

// ---- integers ----

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

/** Decimal digits (no sign) converted to another base, in the case `digits` uses. */
function toBase(dec: string, base: i32, digits: string): string {
  const t = integerTextInBase(dec, base);
  return digits.charAt(10) == 'A' ? t.toUpperCase() : t;
}

function u64Of(a: GoArg): u64 {
  let v: u64 = 0;
  for (let i = 0; i < a.s.length; i++) v = v * 10 + <u64>(a.s.charCodeAt(i) - 0x30);
  return a.neg ? <u64>0 - v : v;
}

/** fmt.fmtInteger: precision as minimum digits, zero padding after the sign, # prefixes. */
function fmtInteger(st: State, a: GoArg, base: i32, verb: i32, digits: string): void {
  const isZero = a.s == '0';
  let prec = 0;
  if (st.precPresent) {
    prec = st.prec;
    if (prec == 0 && isZero) {
      const z = st.zero;
      st.zero = false;
      st.padding(st.wid);
      st.zero = z;
      return;
    }
  } else if (st.zero && st.widPresent) {
    prec = st.wid;
    if (a.neg || st.plus || st.space) prec--;
  }
  let body = toBase(a.s, base, digits);
  while (body.length < prec) body = '0' + body;
  if (st.sharp) {
    if (base == 2) body = '0b' + body;
    else if (base == 8 && body.charCodeAt(0) != 0x30) body = '0' + body;
    else if (base == 16) body = '0' + digits.charAt(16) + body;
  }
  if (verb == 0x4f) body = '0o' + body;
  if (a.neg) body = '-' + body;
  else if (st.plus) body = '+' + body;
  else if (st.space) body = ' ' + body;
  const z = st.zero;
  st.zero = false;
  st.pad(body);
  st.zero = z;
}

function isPrintRune(r: i32): bool {
  if (r < 0x20 || (r >= 0x7f && r <= 0xa0) || r == 0xad) return false;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  if ((r >= 0x2000 && r <= 0x200f) || (r >= 0x2028 && r <= 0x202f) || (r >= 0x205f && r <= 0x206f) || r == 0x3000 || r == 0x1680) return false;
  if (r == 0xfeff || (r >= 0xfff9 && r <= 0xfffb) || r == 0xfffe || r == 0xffff) return false;
  if ((r >= 0xe000 && r <= 0xf8ff) || r >= 0xf0000) return false;
  return r <= 0x10ffff;
}

function hexPad(v: i32, n: i32): string {
  let h = v.toString(16);
  while (h.length < n) h = '0' + h;
  return h;
}

/** strconv's escaping of one rune inside quotes. */
function escapeRune(r: i32, quote: i32, asciiOnly: bool): string {
  if (r == quote || r == 0x5c) return '\\' + String.fromCodePoint(r);
  if (asciiOnly ? r < 0x80 && isPrintRune(r) : isPrintRune(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r == 0x7f) return '\\x' + hexPad(r, 2);
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x10000) return '\\u' + hexPad(r, 4);
  return '\\U' + hexPad(r, 8);
}

/** Go's strconv.Quote (QuoteToASCII when asciiOnly): fmt's %q of a string, also in builtin messages. */
export function goQuote(s: string, asciiOnly: bool): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const r = s.codePointAt(i);
    if (r > 0xffff) i++;
    out += escapeRune(r, 0x22, asciiOnly);
  }
  return out + '"';
}

function canBackquote(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x60 || c == 0xfeff || (c < 0x20 && c != 0x09) || c == 0x7f) return false;
  }
  return true;
}

/** A rune for %c / %q: invalid code points (and negative int64s) are U+FFFD. */
function runeOf(a: GoArg): i32 {
  if (a.neg || a.s.length > 7) return 0xfffd;
  const v = <i32>u64Of(a);
  return v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ? 0xfffd : v;
}

function printInt(st: State, a: GoArg, verb: i32): void {
  switch (verb) {
    case 0x76: // v
    case 0x64: // d
      fmtInteger(st, a, 10, verb, LDIGITS);
      break;
    case 0x62: // b
      fmtInteger(st, a, 2, verb, LDIGITS);
      break;
    case 0x6f: // o
    case 0x4f: // O
      fmtInteger(st, a, 8, verb, LDIGITS);
      break;
    case 0x78: // x
      fmtInteger(st, a, 16, verb, LDIGITS);
      break;
    case 0x58: // X
      fmtInteger(st, a, 16, verb, UDIGITS);
      break;
    case 0x63: {
      // c
      const z = st.zero;
      st.zero = false;
      st.pad(String.fromCodePoint(runeOf(a)));
      st.zero = z;
      break;
    }
    case 0x71: {
      // q
      const r = runeOf(a);
      const z = st.zero;
      st.zero = false;
      st.pad("'" + escapeRune(r, 0x27, st.plus) + "'");
      st.zero = z;
      break;
    }
    case 0x55: {
      // U: the int64 as a uint64, at least 4 (or precision) hex digits
      let h = u64Of(a).toString(16).toUpperCase();
      const min = st.precPresent && st.prec > 4 ? st.prec : 4;
      while (h.length < min) h = '0' + h;
      let s = 'U+' + h;
      if (st.sharp && !a.neg && a.s.length <= 7 && <i32>u64Of(a) <= 0x10ffff && isPrintRune(<i32>u64Of(a))) s += " '" + String.fromCodePoint(<i32>u64Of(a)) + "'";
      const z = st.zero;
      st.zero = false;
      st.pad(s);
      st.zero = z;
      break;
    }
    default:
      badVerb(st, a, verb);
  }
}

/** *big.Int's own Format: bases for b o O d s v x X, anything else %!c(big.Int=digits). */
function printBig(st: State, a: GoArg, verb: i32): void {
  let base = 0;
  if (verb == 0x62) base = 2;
  else if (verb == 0x6f || verb == 0x4f) base = 8;
  else if (verb == 0x64 || verb == 0x73 || verb == 0x76) base = 10;
  else if (verb == 0x78 || verb == 0x58) base = 16;
  if (base == 0) {
    st.out += '%!' + String.fromCharCode(verb) + '(big.Int=' + (a.neg ? '-' : '') + a.s + ')';
    return;
  }
  const plus = st.plus || st.plusV;
  const sharp = st.sharp || st.sharpV;
  const sign = a.neg ? '-' : plus ? '+' : st.space ? ' ' : '';
  let prefix = '';
  if (sharp) prefix = verb == 0x62 ? '0b' : verb == 0x6f ? '0' : verb == 0x78 ? '0x' : verb == 0x58 ? '0X' : '';
  if (verb == 0x4f) prefix = '0o';
  const digits = toBase(a.s, base, verb == 0x58 ? UDIGITS : LDIGITS);
  let zeros = 0;
  if (st.precPresent && digits.length < st.prec) zeros = st.prec - digits.length;
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (st.widPresent && length < st.wid) {
    const d = st.wid - length;
    if (st.minus) right = d;
    else if (st.zero && !st.precPresent) zeros = d;
    else left = d;
  }
  st.out += ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

// ---- strings ----

function printString(st: State, s: string, verb: i32): void {
  switch (verb) {
    case 0x76: // v
      if (st.sharpV) fmtQ(st, s);
      else st.pad(st.precPresent ? truncRunes(s, st.prec) : s);
      break;
    case 0x73: // s
      st.pad(st.precPresent ? truncRunes(s, st.prec) : s);
      break;
    case 0x78: // x
      fmtSx(st, s, LDIGITS);
      break;
    case 0x58: // X
      fmtSx(st, s, UDIGITS);
      break;
    case 0x71: // q
      fmtQ(st, s);
      break;
    default:
      badVerb(st, new GoArg(K_STR, s, false, 0), verb);
  }
}

function fmtQ(st: State, str: string): void {
  const s = st.precPresent ? truncRunes(str, st.prec) : str;
  if (st.sharp && canBackquote(s)) st.pad('`' + s + '`');
  else st.pad(goQuote(s, st.plus));
}

function utf8Bytes(s: string): Array<i32> {
  const out = new Array<i32>();
  for (let i = 0; i < s.length; i++) {
    let r = s.codePointAt(i);
    if (r > 0xffff) i++;
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    if (r < 0x80) out.push(r);
    else if (r < 0x800) {
      out.push(0xc0 | (r >> 6));
      out.push(0x80 | (r & 0x3f));
    } else if (r < 0x10000) {
      out.push(0xe0 | (r >> 12));
      out.push(0x80 | ((r >> 6) & 0x3f));
      out.push(0x80 | (r & 0x3f));
    } else {
      out.push(0xf0 | (r >> 18));
      out.push(0x80 | ((r >> 12) & 0x3f));
      out.push(0x80 | ((r >> 6) & 0x3f));
      out.push(0x80 | (r & 0x3f));
    }
  }
  return out;
}

/** fmt.fmtSbx: hex of the UTF-8 bytes; precision limits the bytes, ' ' separates, # prefixes. */
function fmtSx(st: State, s: string, digits: string): void {
  const b = utf8Bytes(s);
  let length = b.length;
  if (st.precPresent && st.prec < length) length = st.prec;
  let width = 2 * length;
  if (width > 0) {
    if (st.space) {
      if (st.sharp) width *= 2;
      width += length - 1;
    } else if (st.sharp) width += 2;
  } else {
    if (st.widPresent) st.padding(st.wid);
    return;
  }
  if (st.widPresent && st.wid > width && !st.minus) st.padding(st.wid - width);
  let out = '';
  if (st.sharp) out += '0' + digits.charAt(16);
  for (let i = 0; i < length; i++) {
    if (st.space && i > 0) {
      out += ' ';
      if (st.sharp) out += '0' + digits.charAt(16);
    }
    out += digits.charAt(b[i] >> 4) + digits.charAt(b[i] & 15);
  }
  st.out += out;
  if (st.widPresent && st.wid > width && st.minus) st.padding(st.wid - width);
}

// ---- floats ----

/** Decimal digits without leading or trailing zeros and the point position: |x| = 0.d × 10^dp. */
class Digits {
  constructor(
    public d: string,
    public dp: i32,
  ) {}
}

function trimDigits(g: Digits): Digits {
  let start = 0;
  while (start < g.d.length - 1 && g.d.charCodeAt(start) == 0x30) start++;
  let end = g.d.length;
  while (end > start + 1 && g.d.charCodeAt(end - 1) == 0x30) end--;
  const d = g.d.substring(start, end);
  return new Digits(d, d == '0' ? 1 : g.dp - start);
}

/** The shortest digits that read back as x (Go's precision -1); AssemblyScript's own dtoa is not always the shortest. */
function shortestDigits(x: f64): Digits {
  let str = isFinite(x) ? shortestF64Text(Math.abs(x)) : Math.abs(x).toString();
  let exp = 0;
  const e = str.indexOf('e');
  if (e >= 0) {
    exp = I32.parseInt(str.substring(str.charAt(e + 1) == '+' ? e + 2 : e + 1));
    str = str.substring(0, e);
  }
  const dot = str.indexOf('.');
  const ip = dot >= 0 ? str.substring(0, dot) : str;
  return trimDigits(new Digits(ip + (dot >= 0 ? str.substring(dot + 1) : ''), ip.length + exp));
}

/** The exact decimal expansion of |x| (mantissa × 2^e as digits), for rounding at a precision. */
function exactDigits(x: f64): Digits {
  const bits = reinterpret<u64>(x);
  const be = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  if (be != 0) mant |= <u64>1 << 52;
  const e = (be == 0 ? 1 : be) - 1075;
  if (mant == 0) return new Digits('0', 1);
  // little-endian decimal digits of the mantissa
  const num = new Array<i32>();
  let m = mant;
  while (m > 0) {
    num.push(<i32>(m % 10));
    m /= 10;
  }
  let shift = e;
  while (shift > 0) {
    mulSmall(num, 2);
    shift--;
  }
  let k = 0;
  while (shift < 0) {
    mulSmall(num, 5);
    shift++;
    k++;
  }
  let d = '';
  for (let i = num.length - 1; i >= 0; i--) d += String.fromCharCode(0x30 + num[i]);
  return trimDigits(new Digits(d, d.length - k));
}

function mulSmall(num: Array<i32>, f: i32): void {
  let carry = 0;
  for (let i = 0; i < num.length; i++) {
    const v = num[i] * f + carry;
    num[i] = v % 10;
    carry = v / 10;
  }
  while (carry > 0) {
    num.push(carry % 10);
    carry /= 10;
  }
}

/** Rounds to n significant digits, half to even (exact digits: a tie is a true tie). */
function roundDigits(g: Digits, n: i32): Digits {
  if (g.d == '0' || g.d.length <= n) return g;
  if (n < 0) return new Digits('0', 1);
  const next = g.d.charCodeAt(n) - 0x30;
  const odd = n > 0 && (g.d.charCodeAt(n - 1) - 0x30) % 2 == 1;
  const up = next > 5 || (next == 5 && (g.d.length > n + 1 || odd));
  let kept = g.d.substring(0, n);
  if (!up) return kept.length ? trimDigits(new Digits(kept, g.dp)) : new Digits('0', 1);
  let i = n - 1;
  while (i >= 0 && kept.charCodeAt(i) == 0x39) i--;
  if (i < 0) return new Digits('1', g.dp + 1);
  kept = kept.substring(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  return trimDigits(new Digits(kept, g.dp));
}

function expForm(g: Digits, prec: i32, upper: bool): string {
  const exp = g.d == '0' ? 0 : g.dp - 1;
  let m = g.d;
  while (m.length < prec + 1) m += '0';
  let out = m.charAt(0);
  if (prec > 0) out += '.' + m.substring(1, prec + 1);
  const ae = exp < 0 ? -exp : exp;
  return out + (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae.toString();
}

function fixedForm(g: Digits, frac: i32): string {
  const nd = g.d.length;
  let out = g.dp <= 0 ? '0' : g.dp <= nd ? g.d.substring(0, g.dp) : g.d + '0'.repeat(g.dp - nd);
  if (frac > 0) {
    out += '.';
    for (let i = 0; i < frac; i++) {
      const idx = g.dp + i;
      out += idx >= 0 && idx < nd ? g.d.charAt(idx) : '0';
    }
  }
  return out;
}

/** strconv.FormatFloat(|x|, fmt, prec, 64) for e E f g G (no sign). */
function formatAbs(x: f64, fmt: i32, prec: i32): string {
  const ax = Math.abs(x);
  if (fmt == 0x65 || fmt == 0x45) {
    const g = prec < 0 ? shortestDigits(ax) : roundDigits(exactDigits(ax), prec + 1);
    return expForm(g, prec < 0 ? g.d.length - 1 : prec, fmt == 0x45);
  }
  if (fmt == 0x66) {
    if (prec < 0) {
      const g = shortestDigits(ax);
      return fixedForm(g, max<i32>(g.d.length - g.dp, 0));
    }
    const ex = exactDigits(ax);
    return fixedForm(roundDigits(ex, ex.dp + prec), prec);
  }
  // g / G, as strconv decides between %e and %f
  const shortest = prec < 0;
  let p = prec;
  let g: Digits;
  if (shortest) {
    g = shortestDigits(ax);
    p = g.d.length;
  } else {
    if (p == 0) p = 1;
    g = roundDigits(exactDigits(ax), p);
  }
  let eprec = p;
  if (eprec > g.d.length && g.d.length >= g.dp) eprec = g.d.length;
  if (shortest) eprec = 6;
  const exp = g.dp - 1;
  if (g.d != '0' && (exp < -4 || exp >= eprec)) return expForm(g, (p > g.d.length ? g.d.length : p) - 1, fmt == 0x47);
  if (p > g.dp) p = g.d.length;
  return fixedForm(g, max<i32>(p - g.dp, 0));
}

/** strconv's %b: mantissa "p" binary exponent. */
function binaryForm(x: f64): string {
  const bits = reinterpret<u64>(x);
  const be = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  if (be != 0) mant |= <u64>1 << 52;
  const e = (be == 0 ? 1 : be) - 1075;
  return mant.toString() + 'p' + (e >= 0 ? '+' : '-') + (e < 0 ? -e : e).toString();
}

/** strconv's %x of a float: 0x1.hhhp±dd, shortest or rounded to prec hex digits. */
function hexForm(x: f64, prec: i32, upper: bool): string {
  const ax = Math.abs(x);
  if (ax == 0) {
    let z = '0x0';
    if (prec > 0) z += '.' + '0'.repeat(prec);
    z += 'p+00';
    return upper ? z.toUpperCase() : z;
  }
  const bits = reinterpret<u64>(ax);
  let be = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  let e = be - 1023;
  if (be == 0) {
    // subnormal: normalise so the leading bit is the implicit one
    e = -1022;
    while ((mant & (<u64>1 << 52)) == 0) {
      mant <<= 1;
      e--;
    }
    mant &= 0xfffffffffffff;
  }
  // 52 fraction bits = 13 hex digits
  let frac = mant;
  let nd = 13;
  if (prec >= 0 && prec < 13) {
    const drop = <u64>(4 * (13 - prec));
    const half = <u64>1 << (drop - 1);
    const rem = frac & ((<u64>1 << drop) - 1);
    frac >>= drop;
    if (rem > half || (rem == half && (frac & 1) == 1)) frac++;
    if (frac >> (<u64>(4 * prec)) != 0) {
      frac = 0;
      e++;
    }
    nd = prec;
  }
  let h = nd > 0 ? frac.toString(16) : '';
  while (h.length < nd) h = '0' + h;
  if (prec < 0) {
    let end = h.length;
    while (end > 0 && h.charCodeAt(end - 1) == 0x30) end--;
    h = h.substring(0, end);
  } else while (h.length < prec) h += '0';
  const ae = e < 0 ? -e : e;
  const s = '0x1' + (h.length ? '.' + h : '') + 'p' + (e < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae.toString();
  return upper ? s.toUpperCase() : s;
}

/** fmt.fmtFloat: sign handling, zero padding after the sign, no zeros for Inf/NaN. */
function fmtFloat(st: State, x: f64, verb: i32, defPrec: i32): void {
  const prec = st.precPresent ? st.prec : defPrec;
  let body: string;
  if (!isFinite(x)) body = isNaN(x) ? 'NaN' : 'Inf';
  else if (verb == 0x62) body = binaryForm(Math.abs(x));
  else if (verb == 0x78 || verb == 0x58) body = hexForm(x, prec, verb == 0x58);
  else body = formatAbs(x, verb, prec);
  const negative = x < 0 || (x == 0 && 1 / x < 0);
  let num = (negative ? '-' : '+') + body;
  if (st.space && num.charCodeAt(0) == 0x2b && !st.plus) num = ' ' + body;
  if (!isFinite(x)) {
    const z = st.zero;
    st.zero = false;
    if (isNaN(x) && !st.space && !st.plus) num = body;
    st.pad(num);
    st.zero = z;
    return;
  }
  if (st.plus || num.charCodeAt(0) != 0x2b) {
    if (st.zero && st.widPresent && st.wid > num.length) {
      st.out += num.charAt(0);
      st.padding(st.wid - num.length);
      st.out += num.substring(1);
      return;
    }
    st.pad(num);
    return;
  }
  st.pad(num.substring(1));
}

function printFloat(st: State, a: GoArg, verb: i32): void {
  switch (verb) {
    case 0x76: // v
      fmtFloat(st, a.f, 0x67, -1);
      break;
    case 0x62: // b
    case 0x67: // g
    case 0x47: // G
    case 0x78: // x
    case 0x58: // X
      fmtFloat(st, a.f, verb, -1);
      break;
    case 0x66: // f
    case 0x65: // e
    case 0x45: // E
      fmtFloat(st, a.f, verb, 6);
      break;
    case 0x46: // F
      fmtFloat(st, a.f, 0x66, 6);
      break;
    default:
      badVerb(st, a, verb);
  }
}

// ---- dispatch ----

function typeName(a: GoArg): string {
  return a.kind == K_STR ? 'string' : a.kind == K_INT ? 'int64' : a.kind == K_BIG ? '*big.Int' : 'float64';
}

/** Go's %!verb(type=value): the value printed with %v under the same flags. */
function badVerb(st: State, a: GoArg, verb: i32): void {
  st.out += '%!' + String.fromCodePoint(verb) + '(' + typeName(a) + '=';
  printArg(st, a, 0x76);
  st.out += ')';
}

function printArg(st: State, a: GoArg, verb: i32): void {
  if (verb == 0x54) {
    // %T
    st.pad(st.precPresent ? truncRunes(typeName(a), st.prec) : typeName(a));
    return;
  }
  if (verb == 0x70) {
    // %p: no operand opa passes is a pointer except a *big.Int, whose address means nothing
    if (a.kind == K_BIG) st.out += '%!p(*big.Int)';
    else badVerb(st, a, verb);
    return;
  }
  if (a.kind == K_STR) printString(st, a.s, verb);
  else if (a.kind == K_INT) printInt(st, a, verb);
  else if (a.kind == K_BIG) printBig(st, a, verb);
  else printFloat(st, a, verb);
}

/** The number at format[i..] (at most 6 digits, as Go's parsenum), or -1. */
function parseNum(format: string, i: i32, end: i32, out: Array<i32>): i32 {
  let n = 0;
  let j = i;
  while (j < end && format.charCodeAt(j) >= 0x30 && format.charCodeAt(j) <= 0x39) {
    if (j - i >= 6) return -1;
    n = n * 10 + (format.charCodeAt(j) - 0x30);
    j++;
  }
  out[0] = n;
  return j;
}

/** An int operand for `*` width or precision, or null when the operand is not an int64. */
function intArg(a: GoArg): i32 {
  if (a.kind != K_INT || a.s.length > 7) return i32.MIN_VALUE;
  const v = I32.parseInt(a.s);
  return a.neg ? -v : v;
}

/**
 * fmt.Sprintf(format, args...) with opa's operands. Explicit argument indexes (`%[2]d`) are not
 * supported: null is returned and the caller reports an error instead of a wrong string.
 */
export function goSprintf(format: string, values: Array<Value>): string | null {
  const quick = plainSprintf(format, values);
  if (quick !== null) return quick;
  const args = new Array<GoArg>(values.length);
  for (let i = 0; i < values.length; i++) args[i] = classify(values[i]);
  const st = new State();
  let argNum = 0;
  let i = 0;
  const end = format.length;
  const num = new Array<i32>(1);
  while (i < end) {
    const lit = format.indexOf('%', i);
    if (lit < 0) {
      st.out += format.substring(i);
      break;
    }
    st.out += format.substring(i, lit);
    i = lit + 1;
    st.clear();
    for (; i < end; i++) {
      const c = format.charCodeAt(i);
      if (c == 0x23) st.sharp = true;
      else if (c == 0x30) st.zero = !st.minus;
      else if (c == 0x2b) st.plus = true;
      else if (c == 0x2d) {
        st.minus = true;
        st.zero = false;
      } else if (c == 0x20) st.space = true;
      else break;
    }
    if (i < end && format.charCodeAt(i) == 0x5b) return null;
    // width
    if (i < end && format.charCodeAt(i) == 0x2a) {
      i++;
      const w = argNum < args.length ? intArg(args[argNum]) : i32.MIN_VALUE;
      if (argNum < args.length) argNum++;
      if (w == i32.MIN_VALUE || w > 1000000 || w < -1000000) st.out += '%!(BADWIDTH)';
      else {
        st.widPresent = true;
        st.wid = w;
        if (w < 0) {
          st.minus = true;
          st.zero = false;
          st.wid = -w;
        }
      }
    } else {
      const j = parseNum(format, i, end, num);
      if (j > i) {
        st.widPresent = true;
        st.wid = num[0];
      } else if (j < 0) return null;
      if (j > i) i = j;
    }
    // precision
    if (i + 1 <= end && i < end && format.charCodeAt(i) == 0x2e) {
      i++;
      if (i < end && format.charCodeAt(i) == 0x5b) return null;
      if (i < end && format.charCodeAt(i) == 0x2a) {
        i++;
        const p = argNum < args.length ? intArg(args[argNum]) : i32.MIN_VALUE;
        if (argNum < args.length) argNum++;
        if (p == i32.MIN_VALUE || p > 1000000) {
          st.out += '%!(BADPREC)';
        } else if (p >= 0) {
          st.prec = p;
          st.precPresent = true;
        }
      } else {
        const j = parseNum(format, i, end, num);
        if (j < 0) return null;
        st.prec = j > i ? num[0] : 0;
        st.precPresent = true;
        i = j;
      }
    }
    if (i < end && format.charCodeAt(i) == 0x5b) return null;
    if (i >= end) {
      st.out += '%!(NOVERB)';
      break;
    }
    const verb = format.codePointAt(i);
    i += verb > 0xffff ? 2 : 1;
    if (verb == 0x25) {
      st.out += '%';
      continue;
    }
    if (argNum >= args.length) {
      st.out += '%!' + String.fromCodePoint(verb) + '(MISSING)';
      continue;
    }
    if (verb == 0x76) {
      st.sharpV = st.sharp;
      st.sharp = false;
      st.plusV = st.plus;
      st.plus = false;
    }
    printArg(st, args[argNum], verb);
    argNum++;
  }
  if (argNum < args.length) {
    st.clear();
    st.out += '%!(EXTRA ';
    for (let j = argNum; j < args.length; j++) {
      if (j > argNum) st.out += ', ';
      st.out += typeName(args[j]) + '=';
      printArg(st, args[j], 0x76);
    }
    st.out += ')';
  }
  return st.out;
}

/** An integer that Go prints as an int64 with the same digits as f64's integer text. */
function plainInt(v: Value): bool {
  const x = asNum(v);
  return x.repr === null && x.n == Math.floor(x.n) && Math.abs(x.n) < 9007199254740992.0 && !(x.n == 0 && 1 / x.n < 0);
}

/**
 * The common case without any intermediate string: a format whose verbs are bare `%s` / `%v` of
 * strings, `%d` / `%v` of integers and `%%`, with exactly as many operands as verbs. The result is
 * allocated once at its length (the runtime frees nothing until the evaluation ends, and messages
 * are formatted for every finding). Anything else (flags, width, other verbs, other operands,
 * missing or extra operands): null, and the general path answers.
 */
function plainSprintf(format: string, values: Array<Value>): string | null {
  const n = format.length;
  let len = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (format.charCodeAt(i) != 0x25) {
      len++;
      continue;
    }
    if (++i >= n) return null;
    const verb = format.charCodeAt(i);
    if (verb == 0x25) {
      len++;
      continue;
    }
    if (k >= values.length) return null;
    const a = unchecked(values[k++]);
    if (a.t == T_STR && (verb == 0x73 || verb == 0x76)) len += asStr(a).s.length;
    else if (a.t == T_NUM && (verb == 0x64 || verb == 0x76) && plainInt(a)) len += (<i64>asNum(a).n).toString().length;
    else return null;
  }
  if (k != values.length) return null;
  const out = changetype<string>(__new(<usize>len << 1, idof<string>()));
  const base = changetype<usize>(out);
  let at: usize = 0;
  k = 0;
  for (let i = 0; i < n; i++) {
    const c = format.charCodeAt(i);
    if (c != 0x25 || format.charCodeAt(i + 1) == 0x25) {
      store<u16>(base + (at++ << 1), <u16>c);
      if (c == 0x25) i++;
      continue;
    }
    i++;
    const a = unchecked(values[k++]);
    const text = a.t == T_STR ? asStr(a).s : (<i64>asNum(a).n).toString();
    memory.copy(base + (at << 1), changetype<usize>(text), <usize>text.length << 1);
    at += <usize>text.length;
  }
  return out;
}
