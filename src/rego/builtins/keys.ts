// crypto.x509.parse_rsa_private_key: the first private key of PEM data (RSA PKCS#1, PKCS#8 or EC
// SEC 1 blocks; PEM may be base64-encoded) as a JWK, as opa's jwk.Import renders it.
import { createPrivateKey } from 'node:crypto';
import { builtinError, typeOf, UnsupportedBuiltinInput } from './values.js';

const NAME = 'crypto.x509.parse_rsa_private_key';
const TYPES = new Set(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY']);

/** Go's base64.StdEncoding.DecodeString (padding required, \r and \n ignored). */
function stdBase64(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

function privateKeys(data: string): Array<Record<string, unknown>> {
  const decoded = stdBase64(data);
  const text = decoded ? decoded.toString('latin1') : data;
  const out: Array<Record<string, unknown>> = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g)) {
    if (!TYPES.has(m[1]!)) continue;
    try {
      out.push(createPrivateKey({ key: m[0], format: 'pem' }).export({ format: 'jwk' }) as Record<string, unknown>);
    } catch (e) {
      builtinError(NAME, `failed to parse ${m[1]}: ${(e as Error).message}`);
    }
  }
  return out;
}

export function parseRsaPrivateKey(input: unknown): unknown {
  if (typeof input !== 'string') return builtinError(NAME, `operand 1 must be string but got ${typeOf(input)}`);
  if (input === '') return builtinError(NAME, 'input PEM data was empty');
  let data = input;
  if (!input.startsWith('-----BEGIN')) {
    const b = stdBase64(input);
    if (!b) return builtinError(NAME, 'illegal base64 data');
    data = b.toString('latin1');
  }
  const keys = privateKeys(data);
  return keys.length ? keys[0] : null;
}

const PARSE_KEYS = 'crypto.parse_private_keys';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;

const big = (b64url: unknown): bigint => BigInt(`0x${Buffer.from(String(b64url), 'base64url').toString('hex') || '0'}`);

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** An RSA key as Go's encoding/json renders *rsa.PrivateKey (big.Int as exact numbers). */
function goRsaKey(pem: string, type: string): Record<string, unknown> {
  let jwk: Record<string, unknown>;
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') throw new UnsupportedBuiltinInput(PARSE_KEYS, `${key.asymmetricKeyType ?? 'unknown'} private keys (only RSA)`);
    jwk = key.export({ format: 'jwk' }) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof UnsupportedBuiltinInput) throw e;
    return builtinError(PARSE_KEYS, `failed to parse ${type}: ${(e as Error).message}`);
  }
  if (jwk.oth !== undefined) throw new UnsupportedBuiltinInput(PARSE_KEYS, 'multi-prime RSA keys');
  const [d, p, q] = [big(jwk.d), big(jwk.p), big(jwk.q)];
  const pre = { Dp: d % (p - 1n), Dq: d % (q - 1n), Qinv: modInverse(q, p) };
  // Go recomputes these and refuses a key whose stored values differ; Warden does not guess how
  if (pre.Dp !== big(jwk.dp) || pre.Dq !== big(jwk.dq) || pre.Qinv !== big(jwk.qi)) throw new UnsupportedBuiltinInput(PARSE_KEYS, 'RSA keys with inconsistent CRT values');
  const e = big(jwk.e);
  return { N: big(jwk.n), E: e <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(e) : e, D: d, Primes: [p, q], Precomputed: { ...pre, CRTValues: [] } };
}

/**
 * crypto.parse_private_keys: every RSA key of PEM data (possibly base64-encoded) as Go's JSON of
 * *rsa.PrivateKey; "" is null, data without PEM blocks an empty array. EC and Ed25519 keys, and PEM
 * text Warden does not read as strictly as Go's pem.Decode would (text between blocks, headers),
 * fail with "not supported by Warden".
 */
export function parsePrivateKeys(input: unknown): unknown {
  if (typeof input !== 'string') return builtinError(PARSE_KEYS, `operand 1 must be string but got ${typeOf(input)}`);
  if (input === '') return null;
  const decoded = stdBase64(input);
  const text = decoded ? decoded.toString('latin1') : input;
  if (!text.includes('-----BEGIN')) return [];
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (text.replace(PEM_BLOCK, '').trim() !== '') throw new UnsupportedBuiltinInput(PARSE_KEYS, 'PEM data with text outside its blocks or with headers');
  const out: unknown[] = [];
  for (const m of blocks) {
    if (m[1] === 'EC PRIVATE KEY') throw new UnsupportedBuiltinInput(PARSE_KEYS, 'EC private keys (only RSA)');
    if (m[1] === 'RSA PRIVATE KEY' || m[1] === 'PRIVATE KEY') out.push(goRsaKey(m[0], m[1]));
  }
  return out;
}
