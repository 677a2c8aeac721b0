// io.jwt.*: JWS compact tokens as opa decodes, verifies and signs them (keys: PEM certificate, PEM
// public key, JWK or JWK set for verification; a JWK (set) for signing), on node:crypto.
import { constants, createHmac, createPrivateKey, createSecretKey, createPublicKey, sign as cryptoSign, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { builtinError, isSet, RawJson, typeOf } from './values.js';

const NAME = 'io.jwt';

/** opa's base64url.decode: padding optional, Go's (non-strict) decoder. */
export function b64urlDecode(s: string): Buffer {
  // the padding follows the text's own length (newlines count), then Go's decoder skips newlines
  let t = s;
  if (!t.endsWith('=')) {
    const r = t.length % 4;
    if (r === 1) builtinError(NAME, `illegal base64url string: ${s}`);
    if (r) t += '='.repeat(4 - r);
  }
  t = t.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9_-]*={0,2}$/.test(t)) builtinError(NAME, `illegal base64 data`);
  return Buffer.from(t, 'base64url');
}

interface Token {
  header: string;
  payload: string;
  signature: string;
}

function split(jwt: unknown): Token {
  if (typeof jwt !== 'string') return builtinError(NAME, `operand 1 must be string but got ${typeOf(jwt)}`);
  if (!jwt.includes('.')) builtinError(NAME, 'encoded JWT had no period separators');
  const parts = jwt.split('.');
  if (parts.length !== 3) builtinError(NAME, `encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

/** A JSON object, parsed (to read claims) and as text (to return it with opa's number text). */
interface Obj {
  value: Record<string, unknown>;
  raw: RawJson;
}

function jsonObject(text: string): Obj {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return builtinError(NAME, 'invalid JSON');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) builtinError(NAME, 'decoded JSON type was not an Object');
  return { value: v as Record<string, unknown>, raw: new RawJson(text) };
}

function decodeHeader(t: Token): Obj {
  const h = jsonObject(b64urlDecode(t.header).toString('utf8'));
  if ('enc' in h.value) builtinError(NAME, 'JWT is a JWE object, which is not supported');
  return h;
}

function decode(jwt: unknown): unknown {
  const t = split(jwt);
  const header = decodeHeader(t);
  let p = b64urlDecode(t.payload).toString('utf8');
  if (header.value['cty'] === 'JWT') return decode(p.replace(/^["']+|["']+$/g, ''));
  const payload = jsonObject(p);
  const sig = b64urlDecode(t.signature).toString('hex');
  return [header.raw, payload.raw, sig];
}

interface VKey {
  alg: string;
  kid: string;
  key: KeyObject;
}

const ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA']);

function keysOf(text: unknown): VKey[] {
  if (typeof text !== 'string') return builtinError(NAME, `operand 2 must be string but got ${typeOf(text)}`);
  const pem = /-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/.exec(text);
  if (pem) {
    if (text.slice(pem.index + pem[0].length).trim() !== '') builtinError(NAME, 'extra data after a PEM certificate block');
    if (pem[1] !== 'CERTIFICATE' && pem[1] !== 'PUBLIC KEY') builtinError(NAME, 'failed to extract a Key from the PEM certificate');
    try {
      return [{ alg: '', kid: '', key: createPublicKey(pem[0]) }];
    } catch {
      return builtinError(NAME, 'failed to parse a PEM key');
    }
  }
  let j: any;
  try {
    j = JSON.parse(text);
  } catch {
    return builtinError(NAME, 'failed to parse a JWK key (set)');
  }
  const list: any[] = j && Array.isArray(j.keys) ? j.keys : [j];
  const out: VKey[] = [];
  for (const k of list) {
    if (k === null || typeof k !== 'object') builtinError(NAME, 'failed to parse a JWK key (set)');
    const alg = typeof k.alg === 'string' ? k.alg : '';
    if (alg && !ALGS.has(alg)) continue;
    out.push({ alg, kid: typeof k.kid === 'string' ? k.kid : '', key: jwkKey(k, false) });
  }
  return out;
}

function jwkKey(k: any, priv: boolean): KeyObject {
  try {
    if (k.kty === 'oct') return createSecretKeyFromJwk(k);
    return priv ? createPrivateKey({ key: k, format: 'jwk' }) : createPublicKey({ key: k, format: 'jwk' });
  } catch (e) {
    return builtinError(NAME, `failed to parse a JWK key: ${(e as Error).message}`);
  }
}

function createSecretKeyFromJwk(k: any): KeyObject {
  return createSecretKey(b64urlDecode(String(k.k ?? '')));
}

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** Verifies data against sig with alg; false on any mismatch of key type, as opa's verifiers do. */
function verifyWith(alg: string, key: KeyObject | Buffer, data: Buffer, sig: Buffer): boolean {
  const fam = alg.slice(0, 2);
  const hash = HASH[alg.slice(2)];
  try {
    if (fam === 'HS') {
      if (!hash) return false;
      const secret = Buffer.isBuffer(key) ? key : key.type === 'secret' ? key.export() : undefined;
      if (!secret) return false;
      const mac = createHmac(hash, secret).update(data).digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    if (Buffer.isBuffer(key)) return false;
    if (alg === 'EdDSA') return key.asymmetricKeyType === 'ed25519' && cryptoVerify(null, data, key, sig);
    if (!hash) return false;
    if (fam === 'RS') return key.asymmetricKeyType === 'rsa' && cryptoVerify(hash, data, key, sig);
    if (fam === 'PS') return (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    if (fam === 'ES') return key.asymmetricKeyType === 'ec' && cryptoVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
  return false;
}

function verifyToken(alg: string) {
  return (jwt: unknown, keyText: unknown): boolean => {
    const t = split(jwt);
    if (alg.startsWith('HS')) {
      if (typeof keyText !== 'string') return builtinError(NAME, `operand 2 must be string but got ${typeOf(keyText)}`);
      return verifyWith(alg, Buffer.from(keyText, 'utf8'), Buffer.from(`${t.header}.${t.payload}`), b64urlDecode(t.signature));
    }
    const keys = keysOf(keyText);
    const sig = b64urlDecode(t.signature);
    const header = headerFields(decodeHeader(t).value);
    const data = Buffer.from(`${t.header}.${t.payload}`);
    if (header.kid) {
      const k = keys.find((x) => x.kid === header.kid);
      if (k) return verifyWith(alg, k.key, data, sig);
    }
    return keys.some((k) => (k.alg === '' || k.alg === header.alg) && verifyWith(alg, k.key, data, sig));
  };
}

interface Header {
  alg: string;
  kid: string;
  cty: string;
  valid: boolean;
}

/** opa's header checks: alg, kid, typ, cty strings; crit a non-empty list naming only known parameters. */
function headerFields(h: Record<string, unknown>): Header {
  const out: Header = { alg: '', kid: '', cty: '', valid: true };
  const unknown: string[] = [];
  let crit = new Set<string>();
  for (const [k, v] of Object.entries(h)) {
    if (k === 'alg' || k === 'kid' || k === 'typ' || k === 'cty') {
      if (typeof v !== 'string') builtinError(NAME, `${k}: must be a string`);
      if (k !== 'typ') out[k] = v;
    } else if (k === 'crit') {
      if (!Array.isArray(v) || isSet(v)) builtinError(NAME, 'crit: must be a list');
      crit = new Set(v.filter((x): x is string => typeof x === 'string'));
      if (!crit.size) builtinError(NAME, 'crit: must be a nonempty list');
    } else unknown.push(k);
  }
  out.valid = out.alg !== '' && !unknown.some((u) => crit.has(u));
  return out;
}

export const jwtVerifiers: Record<string, (...args: any[]) => unknown> = Object.fromEntries(
  ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'].map((a) => [`io.jwt.verify_${a.toLowerCase()}`, verifyToken(a)]),
);


interface Constraints {
  keys?: VKey[];
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  time: number;
}

function constraintsOf(o: unknown, nowNs: () => number): Constraints {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return builtinError(NAME, `operand 2 must be object but got ${typeOf(o)}`);
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '', time: -1 };
  for (const [k, v] of Object.entries(o)) {
    if (k === 'cert') {
      if (typeof v !== 'string') builtinError(NAME, 'cert constraint: must be a string');
      c.keys = keysOf(v);
    } else if (k === 'secret' || k === 'alg' || k === 'iss' || k === 'aud') {
      if (typeof v !== 'string') builtinError(NAME, `${k} constraint: must be a string`);
      c[k] = v;
    } else if (k === 'time') {
      if (typeof v !== 'number') builtinError(NAME, 'token time constraint: must be a number');
      if (v < 0) builtinError(NAME, 'token time constraint: must not be negative');
      c.time = v;
    } else builtinError(NAME, `unknown token validation constraint: ${k}`);
  }
  if (c.time === -1) c.time = nowNs();
  const n = (c.keys ? 1 : 0) + (c.secret !== '' ? 1 : 0);
  if (n > 1) builtinError(NAME, 'duplicate key constraints');
  if (n < 1) builtinError(NAME, 'no key constraint');
  return c;
}

function signatureOk(c: Constraints, h: Header, t: Token): boolean {
  const data = Buffer.from(`${t.header}.${t.payload}`);
  const sig = b64urlDecode(t.signature);
  if (!ALGS.has(h.alg)) return false;
  if (c.keys) {
    if (h.kid) {
      const k = c.keys.find((x) => x.kid === h.kid);
      if (k) return verifyWith(h.alg, k.key, data, sig);
    }
    return c.keys.some((k) => (k.alg === '' || k.alg === h.alg) && verifyWith(h.alg, k.key, data, sig));
  }
  return verifyWith(h.alg, Buffer.from(c.secret, 'utf8'), data, sig);
}

function claimsOk(c: Constraints, p: Record<string, unknown>): boolean {
  if (c.iss !== '') {
    if (!('iss' in p)) return false;
    if (typeof p['iss'] !== 'string') builtinError(NAME, 'iss must be a string');
    if (p['iss'] !== c.iss) return false;
  }
  if ('aud' in p) {
    const aud = p['aud'];
    const ok = typeof aud === 'string' ? aud === c.aud : Array.isArray(aud) && aud.some((x) => typeof x === 'string' && x === c.aud);
    if (!ok) return false;
  } else if (c.aud !== '') return false;
  const seconds = c.time / 1e9;
  if ('exp' in p) {
    if (typeof p['exp'] !== 'number') builtinError(NAME, 'exp value must be a number');
    if (seconds >= (p['exp'] as number)) return false;
  }
  if ('nbf' in p) {
    if (typeof p['nbf'] !== 'number') builtinError(NAME, 'nbf value must be a number');
    if (seconds < (p['nbf'] as number)) return false;
  }
  return true;
}

function decodeVerify(nowNs: () => number) {
  return (jwt: unknown, constraints: unknown): unknown => {
    const c = constraintsOf(constraints, nowNs);
    const unverified = [false, {}, {}];
    let token = jwt;
    for (;;) {
      const t = split(token);
      const header = decodeHeader(t);
      const h = headerFields(header.value);
      if (!h.valid) return unverified;
      if (c.alg !== '' && c.alg !== h.alg) return unverified;
      if (!signatureOk(c, h, t)) return unverified;
      const p = b64urlDecode(t.payload).toString('utf8');
      if (h.cty.toLowerCase() === 'jwt') {
        token = p;
        continue;
      }
      const payload = jsonObject(p);
      return claimsOk(c, payload.value) ? [true, header.raw, payload.raw] : unverified;
    }
  };
}

/** Go's json.Marshal: object keys sorted, <, >, & and U+2028/2029 escaped. */
export function goJson(v: unknown): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${goJson(k)}:${goJson(o[k])}`)
      .join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function signingKey(jwkText: string): KeyObject {
  let j: any;
  try {
    j = JSON.parse(jwkText);
  } catch {
    return builtinError(NAME, 'failed to parse JWK');
  }
  const k = j && Array.isArray(j.keys) ? j.keys[0] : j;
  if (!k || typeof k !== 'object') builtinError(NAME, 'no keys found in JWK set');
  return jwkKey(k, k.kty !== 'oct');
}

function signWith(alg: string, key: KeyObject, data: Buffer): Buffer {
  const hash = HASH[alg.slice(2)];
  const fam = alg.slice(0, 2);
  if (fam === 'HS' && key.type === 'secret') return createHmac(hash!, key.export()).update(data).digest();
  if (key.type !== 'private') builtinError(NAME, `invalid key for ${alg}`);
  if (alg === 'EdDSA' && key.asymmetricKeyType === 'ed25519') return cryptoSign(null, data, key);
  if (fam === 'RS' && key.asymmetricKeyType === 'rsa') return cryptoSign(hash!, data, key);
  if (fam === 'PS' && key.asymmetricKeyType === 'rsa') return cryptoSign(hash!, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  if (fam === 'ES' && key.asymmetricKeyType === 'ec') return cryptoSign(hash!, data, { key, dsaEncoding: 'ieee-p1363' });
  return builtinError(NAME, `invalid key for ${alg}`);
}

/**
 * The header's JSON object with a string `alg`, else opa's error (its JWS library's words where
 * they are plain: empty text, no `alg`, an `alg` that is not a string; other invalid JSON is
 * reported by the first words only).
 */
function headerObject(text: string): Record<string, unknown> & { alg: string } {
  const bad = (why: string): never => builtinError(NAME, `missing or invalid 'alg' header: ${why}`);
  if (text === '') bad('cannot parse JSON: cannot parse empty string; unparsed tail: ""');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return bad('cannot parse JSON');
  }
  const alg = header !== null && typeof header === 'object' && !Array.isArray(header) ? (header as Record<string, unknown>).alg : undefined;
  if (alg === undefined) bad('jwsbb: header "alg" not found');
  if (typeof alg !== 'string') bad(`value doesn't contain string; it contains ${alg === null ? 'null' : typeof alg === 'boolean' ? String(alg) : Array.isArray(alg) ? 'array' : typeof alg}`);
  return header as Record<string, unknown> & { alg: string };
}

function encodeSign(headerText: string, payloadText: string, jwkText: string): string {
  const key = signingKey(jwkText);
  const header = headerObject(headerText);
  const alg = header.alg;
  if (!ALGS.has(alg)) builtinError(NAME, `unknown JWS algorithm: ${alg}`);
  const typ = header.typ;
  if (typeof typ !== 'string' || typ === 'JWT') {
    try {
      JSON.parse(payloadText);
    } catch {
      builtinError(NAME, 'type is JWT but payload is not JSON');
    }
  }
  const signed = `${Buffer.from(headerText).toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  return `${signed}.${signWith(alg, key, Buffer.from(signed)).toString('base64url')}`;
}

function str(n: number, v: unknown): string {
  if (typeof v !== 'string') return builtinError(NAME, `operand ${n} must be string but got ${typeOf(v)}`);
  return v;
}

export function jwtBuiltins(nowNs: () => number): Record<string, (...args: any[]) => unknown> {
  return {
    ...jwtVerifiers,
    'io.jwt.decode': decode,
    'io.jwt.decode_verify': decodeVerify(nowNs),
    'io.jwt.encode_sign': (h: unknown, p: unknown, k: unknown) => encodeSign(goJson(h), goJson(p), goJson(k)),
    'io.jwt.encode_sign_raw': (h: unknown, p: unknown, k: unknown) => encodeSign(str(1, h), str(2, p), str(3, k)),
  };
}
