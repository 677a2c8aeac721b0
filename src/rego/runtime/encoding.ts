// AssemblyScript: builtins OPA's own Wasm target implements inside the module, implemented here so a
// policy needs no host for them (it runs under the stock opa-wasm SDK): base64/base64url/hex
// encodings, bits.*, strings.split_n, numbers.range_step. Strings are UTF-16 here and UTF-8 bytes in
// Go: encodings work on the UTF-8 bytes, and decoded bytes that are not UTF-8 become U+FFFD per
// byte, as Go prints such a string. bits.* on integers beyond 2^53 work on their texts (bigbits.ts);
// what stays beyond the module (non-integer operands, Lsh past its size limit) goes to the host
// builtin of the same name (the planner declares it for these builtins; see HYBRID in plan.ts).
import { Value, VArr, VNum, T_NUM, T_STR, asNum, asStr, mkBool, mkNum, mkStr, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';
import { intTextOf } from './numbers';
import { numberFromText, intOperand, ATOI } from './json';
import { bigBits } from './bigbits';

/** The UTF-8 bytes of a string (a lone surrogate as U+FFFD, as Go holds JSON text). */
export function utf8Bytes(str: string): Array<u8> {
  const out = new Array<u8>();
  for (let i = 0; i < str.length; i++) {
    let c = <i32>str.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < str.length) {
      const d = <i32>str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x80) out.push(<u8>c);
    else if (c < 0x800) {
      out.push(<u8>(0xc0 | (c >> 6)));
      out.push(<u8>(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
      out.push(<u8>(0xe0 | (c >> 12)));
      out.push(<u8>(0x80 | ((c >> 6) & 0x3f)));
      out.push(<u8>(0x80 | (c & 0x3f)));
    } else {
      out.push(<u8>(0xf0 | (c >> 18)));
      out.push(<u8>(0x80 | ((c >> 12) & 0x3f)));
      out.push(<u8>(0x80 | ((c >> 6) & 0x3f)));
      out.push(<u8>(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

function cont(b: Array<i32>, i: i32): bool {
  return i < b.length && (b[i] & 0xc0) == 0x80;
}

/** Bytes as a string the way Go ranges over them: each byte of an invalid sequence is U+FFFD. */
export function utf8String(bytes: Array<u8>): string {
  // as i32: AssemblyScript keeps u8 arithmetic in 8 bits
  const b = new Array<i32>(bytes.length);
  for (let i = 0; i < bytes.length; i++) b[i] = <i32>bytes[i];
  let out = '';
  let i = 0;
  while (i < b.length) {
    const x = b[i];
    let cp = -1;
    let w = 1;
    if (x < 0x80) cp = x;
    else if (x >= 0xc2 && x < 0xe0 && cont(b, i + 1)) {
      cp = ((x & 0x1f) << 6) | (b[i + 1] & 0x3f);
      w = 2;
    } else if (x >= 0xe0 && x < 0xf0 && cont(b, i + 1) && cont(b, i + 2)) {
      cp = ((x & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      w = 3;
      if (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)) cp = -1;
    } else if (x >= 0xf0 && x < 0xf5 && cont(b, i + 1) && cont(b, i + 2) && cont(b, i + 3)) {
      cp = ((x & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      w = 4;
      if (cp < 0x10000 || cp > 0x10ffff) cp = -1;
    }
    if (cp < 0) {
      out += '\uFFFD';
      i++;
    } else {
      out += String.fromCodePoint(cp);
      i += w;
    }
  }
  return out;
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function b64encode(b: Array<u8>, alphabet: string, pad: bool): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = b.length - i;
    const v = (<i32>b[i] << 16) | (n > 1 ? <i32>b[i + 1] << 8 : 0) | (n > 2 ? <i32>b[i + 2] : 0);
    out += alphabet.charAt((v >> 18) & 63) + alphabet.charAt((v >> 12) & 63);
    out += n > 1 ? alphabet.charAt((v >> 6) & 63) : pad ? '=' : '';
    out += n > 2 ? alphabet.charAt(v & 63) : pad ? '=' : '';
  }
  return out;
}

/**
 * Go's padded base64 decoding (not strict: non-zero trailing bits are accepted): '\r' and '\n' are
 * skipped anywhere, the rest must be whole quanta, '=' only as the last one or two characters.
 * Null when the text is not valid.
 */
function b64decode(text: string, alphabet: string): Array<u8> | null {
  const vals = new Array<i32>();
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 10 || c == 13) continue;
    if (c == 61) {
      pads++;
      vals.push(-1);
      continue;
    }
    if (pads > 0) return null;
    const v = c < 128 ? alphabet.indexOf(String.fromCharCode(c)) : -1;
    if (v < 0) return null;
    vals.push(v);
  }
  if (vals.length % 4 != 0 || pads > 2) return null;
  const out = new Array<u8>();
  for (let i = 0; i < vals.length; i += 4) {
    const a = vals[i], b = vals[i + 1], c = vals[i + 2], d = vals[i + 3];
    if (a < 0 || b < 0 || (c < 0 && d >= 0)) return null;
    const v = (a << 18) | (b << 12) | (c < 0 ? 0 : c << 6) | (d < 0 ? 0 : d);
    out.push(<u8>(v >> 16));
    if (c >= 0) out.push(<u8>((v >> 8) & 255));
    if (d >= 0) out.push(<u8>(v & 255));
  }
  return out;
}

function strArg(name: string, a: Value): string | null {
  if (a.t != T_STR) {
    builtinTypeError(name, 'operand 1 must be string but got ' + typeName(a));
    return null;
  }
  return asStr(a).s;
}

/** base64url.decode adds the padding an encoder may have left out (RFC 7515, appendix C). */
function urlPadded(s: string): string | null {
  if (s.endsWith('=')) return s;
  const r = s.length % 4;
  if (r == 0) return s;
  if (r == 2) return s + '==';
  if (r == 3) return s + '=';
  return null;
}

/** Go's hex.DecodeString over the string's UTF-8 bytes, with its errors (a bad byte before a bad length). */
function hexDecode(s: string): Value | null {
  const bytes = Uint8Array.wrap(String.UTF8.encode(s));
  const n = bytes.length;
  const out = new Array<u8>();
  let j = 1;
  for (; j < n; j += 2) {
    const hi = hexDigit(bytes[j - 1]);
    if (hi < 0) return hexByteError(bytes[j - 1]);
    const lo = hexDigit(bytes[j]);
    if (lo < 0) return hexByteError(bytes[j]);
    out.push(<u8>((hi << 4) | lo));
  }
  if (n % 2 == 1) {
    if (hexDigit(bytes[j - 1]) < 0) return hexByteError(bytes[j - 1]);
    return builtinError('hex.decode', 'encoding/hex: odd length hex string');
  }
  return mkStr(utf8String(out));
}

/** `encoding/hex: invalid byte: U+007A 'z'` (Go's %#U of the byte: quoted only where Go prints it). */
function hexByteError(b: u8): Value | null {
  let code = (<u32>b).toString(16).toUpperCase();
  while (code.length < 4) code = '0' + code;
  const printable = (b >= 0x20 && b < 0x7f) || (b > 0xa0 && b != 0xad);
  return builtinError('hex.decode', 'encoding/hex: invalid byte: U+' + code + (printable ? " '" + String.fromCharCode(b) + "'" : ''));
}

function hexDigit(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function hexEncode(b: Array<u8>): string {
  const digits = '0123456789abcdef';
  let out = '';
  for (let i = 0; i < b.length; i++) out += digits.charAt(b[i] >> 4) + digits.charAt(b[i] & 15);
  return out;
}

/** Encodings by name; `undefined` (null) with the error recorded when the operand is invalid. */
export function encodingBuiltin(name: string, arg: Value): Value | null {
  // opa answers false for anything that is not a string, even under strict builtin errors
  if (name == 'base64.is_valid' && arg.t != T_STR) return mkBool(false);
  const s = strArg(name, arg);
  if (s === null) return null;
  if (name == 'base64.encode') return mkStr(b64encode(utf8Bytes(s), STD, true));
  if (name == 'base64url.encode') return mkStr(b64encode(utf8Bytes(s), URL, true));
  if (name == 'base64url.encode_no_pad') return mkStr(b64encode(utf8Bytes(s), URL, false));
  if (name == 'hex.encode') return mkStr(hexEncode(utf8Bytes(s)));
  if (name == 'hex.decode') return hexDecode(s);
  if (name == 'base64.is_valid') return mkBool(b64decode(s, STD) !== null);
  if (name == 'base64.decode') {
    const b = b64decode(s, STD);
    return b === null ? builtinError(name, goBase64Error(s, STD)) : mkStr(utf8String(b));
  }
  const b = base64UrlBytes(s);
  return b === null ? builtinError(name, B64_ERR) : mkStr(utf8String(b));
}

/** Why base64UrlBytes failed, in Go's words. */
export let B64_ERR = '';

/** base64url.decode's bytes as opa gets them: padding added by the text's length (RFC 7515,
 * appendix C), then Go's URLEncoding; null with B64_ERR set when that fails. */
export function base64UrlBytes(s: string): Array<u8> | null {
  const p = urlPadded(s);
  if (p === null) {
    B64_ERR = 'illegal base64url string: ' + s;
    return null;
  }
  const b = b64decode(p, URL);
  if (b === null) B64_ERR = goBase64Error(p, URL);
  return b;
}

/**
 * Go's CorruptInputError for a padded encoding, `illegal base64 data at input byte N`: where its
 * decoder stops, quantum by quantum ('\r' and '\n' skipped, '=' closing a quantum of two or three).
 */
function goBase64Error(src: string, alphabet: string): string {
  const n = src.length;
  let si = 0;
  let at = -1;
  while (at < 0 && si < n) {
    let j = 0;
    while (j < 4) {
      if (si == n) {
        if (j > 0) at = si - j;
        break;
      }
      const c = src.charCodeAt(si++);
      if (c < 128 && alphabet.indexOf(String.fromCharCode(c)) >= 0) {
        j++;
        continue;
      }
      if (c == 10 || c == 13) continue;
      at = c != 61 || j < 2 ? si - 1 : paddingError(src, si, j);
      if (at < 0) si = n; // padding ends the text
      break;
    }
  }
  return 'illegal base64 data' + (at < 0 ? '' : ' at input byte ' + at.toString());
}

/** After the '=' at si - 1 closing a quantum of j characters: Go's error offset, or -1. */
function paddingError(src: string, si: i32, j: i32): i32 {
  const n = src.length;
  if (j == 2) {
    while (si < n && isNewline(src.charCodeAt(si))) si++;
    if (si == n) return n;
    if (src.charCodeAt(si) != 61) return si - 1;
    si++;
  }
  while (si < n && isNewline(src.charCodeAt(si))) si++;
  return si < n ? si : -1;
}

@inline function isNewline(c: i32): bool {
  return c == 10 || c == 13;
}

/** "-?digits": below 2^53 in magnitude such a text is exactly its f64. */
function integerText(t: string): bool {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c == 45 && i == 0 && t.length > 1))) return false;
  }
  return t.length > 0;
}

/** An integer operand held exactly by its f64 (below 2^53, no fraction or exponent in its text); else null. */
export function smallInt(v: Value): VNum | null {
  if (v.t != T_NUM) return null;
  const x = asNum(v);
  if (x.repr !== null && !integerText(x.repr!)) return null;
  if (!isFinite(x.n) || x.n != Math.floor(x.n) || Math.abs(x.n) > 9007199254740991) return null;
  return x;
}

const LIMIT: f64 = 9007199254740992; // 2^53

const NEGATIVE_SHIFT = 'operand 2 must be an unsigned integer number but got a negative integer';

/** bits.*: operands as int64 while they and the result stay below 2^53, else on their texts (any size). */
export function bitsBuiltin(name: string, a: Array<Value>): BitsResult {
  for (let i = 0; i < a.length; i++) {
    if (a[i].t != T_NUM) return BitsResult.fail(name, 'operand ' + (i + 1).toString() + ' must be number but got ' + typeName(a[i]), true);
  }
  const x = smallInt(a[0]);
  const y = a.length > 1 ? smallInt(a[1]) : x;
  if (x === null || y === null) return bigBitsOf(name, a);
  const p = <i64>x.n;
  const q = <i64>y.n;
  let r: i64 = 0;
  if (name == 'bits.and') r = p & q;
  else if (name == 'bits.or') r = p | q;
  else if (name == 'bits.xor') r = p ^ q;
  else if (name == 'bits.negate') r = ~p;
  else {
    if (q < 0) return BitsResult.fail(name, NEGATIVE_SHIFT, true);
    if (name == 'bits.rsh') r = q >= 63 ? (p < 0 ? -1 : 0) : p >> q;
    else {
      if (p == 0) return BitsResult.ok(mkNum(0));
      if (q >= 53) return bigBitsOf(name, a);
      r = p << q;
      if (<f64>Math.abs(<f64>r) > LIMIT || (r >> q) != p) return bigBitsOf(name, a);
    }
  }
  return BitsResult.ok(mkNum(<f64>r));
}

/**
 * bits.* on integers of any size (1e30, 2.0 and 1.5e3 are integers to opa: it reads the text as a
 * big.Rat). A fraction stays the host's (its errors are unchanged), as does an Lsh result past
 * bigBits' size limit.
 */
function bigBitsOf(name: string, a: Array<Value>): BitsResult {
  const xt = intTextOf(a[0]);
  const yt = a.length > 1 ? intTextOf(a[1]) : xt;
  if (xt === null || yt === null) return BitsResult.host();
  const shift = name == 'bits.lsh' || name == 'bits.rsh';
  if (shift && negative(yt)) return BitsResult.fail(name, NEGATIVE_SHIFT, true);
  const r = bigBits(name, xt, yt);
  return r === null ? BitsResult.host() : BitsResult.ok(numberFromText(r));
}

/** An integer text below zero (`-0` is not: big.Int has no -0). */
function negative(t: string): bool {
  if (t.charCodeAt(0) != 0x2d) return false;
  for (let i = 1; i < t.length; i++) if (t.charCodeAt(i) != 0x30) return true;
  return false;
}

export class BitsResult {
  value: Value | null = null;
  toHost: bool = false;
  static ok(v: Value): BitsResult {
    const r = new BitsResult();
    r.value = v;
    return r;
  }
  /** Undefined, with the error recorded (a type error or a builtin error). */
  static fail(name: string, message: string, typeError: bool): BitsResult {
    if (typeError) builtinTypeError(name, message);
    else builtinError(name, message);
    return new BitsResult();
  }
  static host(): BitsResult {
    const r = new BitsResult();
    r.toHost = true;
    return r;
  }
}

/** Go's strings.SplitN (an empty separator splits into code points); n < 0 keeps the last -n parts. */
export function splitN(sv: Value, dv: Value, nv: Value): Value | null {
  const name = 'strings.split_n';
  if (sv.t != T_STR) return builtinTypeError(name, 'operand 1 must be string but got ' + typeName(sv));
  if (dv.t != T_STR) return builtinTypeError(name, 'operand 2 must be string but got ' + typeName(dv));
  if (!intOperand(name, 3, nv)) return null;
  const k = ATOI;
  const text = asStr(sv).s;
  const sep = asStr(dv).s;
  let parts: Array<string>;
  if (k >= 0) {
    parts = goSplit(text, sep, k >= 0x7fffffff ? -1 : <i32>k + 1);
    if (<i64>parts.length > k) parts = parts.slice(0, <i32>k);
  } else {
    parts = goSplit(text, sep, -1);
    const from = <i64>parts.length + k;
    parts = parts.slice(from > 0 ? <i32>from : 0);
  }
  const out = new Array<Value>();
  for (let i = 0; i < parts.length; i++) out.push(mkStr(parts[i]));
  return new VArr(out);
}

function codePoints(s: string): Array<string> {
  const out = new Array<string>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      out.push(s.substring(i, i + 2));
      i++;
    } else out.push(s.charAt(i));
  }
  return out;
}

function goSplit(s: string, sep: string, n: i32): Array<string> {
  if (n == 0) return new Array<string>();
  if (sep.length == 0) {
    const cps = codePoints(s);
    if (n < 0 || n >= cps.length) return cps;
    const head = cps.slice(0, n - 1);
    head.push(cps.slice(n - 1).join(''));
    return head;
  }
  const out = new Array<string>();
  let rest = s;
  while (n < 0 || out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.substring(0, i));
    rest = rest.substring(i + sep.length);
  }
  out.push(rest);
  return out;
}
