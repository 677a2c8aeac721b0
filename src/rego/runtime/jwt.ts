// AssemblyScript: io.jwt.decode inside the module, as the host version (src/rego/builtins/jwt.ts)
// decodes: three base64url sections (padding optional, newlines skipped), a JSON object header
// (JWE refused) and payload, a nested token when "cty" is "JWT", the signature as hex. A section
// whose bytes are not UTF-8 sets DEFER: the caller asks the host builtin (declared for it).
import { Value, VArr, T_STR, T_OBJ, asStr, asObj, mkStr, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';
import { parseJSON, Writer } from './json';
import { utf8Bytes, utf8String } from './encoding';

const NAME = 'io.jwt.decode';
export let JWT_DEFER = false;
export function clearJwtDefer(): void {
  JWT_DEFER = false;
}

let ERR: string | null = null;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function b64url(s: string): Array<u8> | null {
  let t = s.replaceAll('\r', '').replaceAll('\n', '');
  if (!t.endsWith('=')) {
    const r = t.length % 4;
    if (r == 1) {
      ERR = 'illegal base64url string: ' + s;
      return null;
    }
    if (r != 0) t += '='.repeat(4 - r);
  }
  let pads = 0;
  const vals = new Array<i32>();
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c == 61) {
      pads++;
      vals.push(-1);
    } else {
      const v = pads > 0 || c >= 128 ? -1 : ALPHABET.indexOf(String.fromCharCode(c));
      if (v < 0) {
        ERR = 'illegal base64 data';
        return null;
      }
      vals.push(v);
    }
  }
  if (t.length % 4 != 0 || pads > 2) {
    ERR = 'illegal base64 data';
    return null;
  }
  const out = new Array<u8>();
  for (let i = 0; i < vals.length; i += 4) {
    const a = vals[i], b = vals[i + 1], c = vals[i + 2], d = vals[i + 3];
    if (a < 0 || b < 0 || (c < 0 && d >= 0)) {
      ERR = 'illegal base64 data';
      return null;
    }
    const v = (a << 18) | (b << 12) | (c < 0 ? 0 : c << 6) | (d < 0 ? 0 : d);
    out.push(<u8>(v >> 16));
    if (c >= 0) out.push(<u8>((v >> 8) & 255));
    if (d >= 0) out.push(<u8>(v & 255));
  }
  return out;
}

/** UTF-8 text of a section, or null (JWT_DEFER set) when the bytes are not UTF-8. */
function text(b: Array<u8>): string | null {
  const s = utf8String(b);
  const back = utf8Bytes(s);
  let same = back.length == b.length;
  for (let i = 0; i < b.length && same; i++) same = back[i] == b[i];
  if (!same) JWT_DEFER = true;
  return same ? s : null;
}

function jsonObject(s: string): Value | null {
  const w = new Writer();
  w.put(s);
  const v = parseJSON(w.buf, <usize>w.len);
  if (v === null) ERR = 'invalid JSON';
  else if (v.t != T_OBJ) ERR = 'decoded JSON type was not an Object';
  return v === null || v.t != T_OBJ ? null : v;
}

function hex(b: Array<u8>): string {
  const digits = '0123456789abcdef';
  let out = '';
  for (let i = 0; i < b.length; i++) out += digits.charAt(<i32>(b[i] >> 4)) + digits.charAt(<i32>(b[i] & 15));
  return out;
}

function stripQuotes(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) == 34 || s.charCodeAt(a) == 39)) a++;
  while (b > a && (s.charCodeAt(b - 1) == 34 || s.charCodeAt(b - 1) == 39)) b--;
  return s.substring(a, b);
}

function decode(jwt: string): Value | null {
  if (!jwt.includes('.')) return fail('encoded JWT had no period separators');
  const parts = jwt.split('.');
  if (parts.length != 3) return fail('encoded JWT must have 3 sections, found ' + parts.length.toString());
  const hb = b64url(parts[0]);
  if (hb === null) return fail(null);
  const ht = text(hb);
  if (ht === null) return null;
  const header = jsonObject(ht);
  if (header === null) return fail(null);
  if (asObj(header).getStr('enc') !== null) return fail('JWT is a JWE object, which is not supported');
  const pb = b64url(parts[1]);
  if (pb === null) return fail(null);
  const pt = text(pb);
  if (pt === null) return null;
  const cty = asObj(header).getStr('cty');
  if (cty !== null && cty.t == T_STR && asStr(cty).s == 'JWT') return decode(stripQuotes(pt));
  const payload = jsonObject(pt);
  if (payload === null) return fail(null);
  const sb = b64url(parts[2]);
  if (sb === null) return fail(null);
  const out = new Array<Value>();
  out.push(header);
  out.push(payload);
  out.push(mkStr(hex(sb)));
  return new VArr(out);
}

function fail(msg: string | null): Value | null {
  const m = msg !== null ? msg : ERR!;
  ERR = null;
  return builtinError(NAME, m);
}

export function jwtDecode(a: Value): Value | null {
  if (a.t != T_STR) return builtinTypeError(NAME, 'operand 1 must be string but got ' + typeName(a));
  return decode(asStr(a).s);
}
