// AssemblyScript: io.jwt.decode inside the module, as the host version (src/rego/builtins/jwt.ts)
// decodes: three base64url sections (as base64url.decode reads them), a JSON object header
// (JWE refused) and payload, a nested token when "cty" is "JWT", the signature as hex. A section
// whose bytes are not UTF-8 defers to the host builtin declared for it (errors.ts deferToHost).
import { Value, VArr, T_STR, T_OBJ, asStr, asObj, mkStr, typeName } from './value';
import { builtinError, builtinTypeError, deferToHost } from './errors';
import { parseJSON, Writer } from './json';
import { utf8Bytes, utf8String, base64UrlBytes, B64_ERR } from './encoding';

const NAME = 'io.jwt.decode';

let ERR: string | null = null;

/** A section's bytes as opa decodes it (base64url.decode), or null with ERR in opa's words. */
function b64url(s: string, section: string): Array<u8> | null {
  const b = base64UrlBytes(s);
  if (b === null) ERR = 'JWT ' + section + ' had invalid encoding: ' + B64_ERR;
  return b;
}

/** UTF-8 text of a section, or null (deferred to the host) when the bytes are not UTF-8. */
function text(b: Array<u8>): string | null {
  const s = utf8String(b);
  const back = utf8Bytes(s);
  let same = back.length == b.length;
  for (let i = 0; i < b.length && same; i++) same = back[i] == b[i];
  if (!same) deferToHost();
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
  const hb = b64url(parts[0], 'header');
  if (hb === null) return fail(null);
  const ht = text(hb);
  if (ht === null) return null;
  const header = jsonObject(ht);
  if (header === null) return fail(null);
  if (asObj(header).getStr('enc') !== null) return fail('JWT is a JWE object, which is not supported');
  const pb = b64url(parts[1], 'payload');
  if (pb === null) return fail(null);
  const pt = text(pb);
  if (pt === null) return null;
  const cty = asObj(header).getStr('cty');
  if (cty !== null && cty.t == T_STR && asStr(cty).s == 'JWT') return decode(stripQuotes(pt));
  const payload = jsonObject(pt);
  if (payload === null) return fail(null);
  const sb = b64url(parts[2], 'signature');
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
