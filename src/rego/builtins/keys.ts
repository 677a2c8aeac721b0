// crypto.x509.parse_rsa_private_key: the first private key of PEM data (RSA PKCS#1, PKCS#8 or EC
// SEC 1 blocks; PEM may be base64-encoded) as a JWK, as opa's jwk.Import renders it.
import { createPrivateKey } from 'node:crypto';
import { builtinError, typeOf } from './values.js';

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
