/**
 * Bearer token verification for the Payments API.
 * @element Api
 * @boundary Payments
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

export interface TokenPolicy {
  issuer: string;
  audience: string;
  /** Signing keys of the issuer, by key id (from its JWKS document). */
  keys: ReadonlyMap<string, JsonWebKey>;
  /** Allowed clock skew, in seconds. */
  leewaySeconds: number;
}

export interface Principal {
  subject: string;
  scopes: string[];
}

export type Verification = { ok: true; principal: Principal } | { ok: false; reason: string };

const base64url = (s: string) => Buffer.from(s, 'base64url');

/**
 * Verifies an RS256 JWT: signature by a known key of the issuer, issuer, audience, expiry.
 * Any other algorithm (notably `none` and HS256 with the public key as secret) is refused.
 *
 * @mitigates spoofing by Controls.oidcAuth tokens are verified against the issuer's keys, issuer, audience and expiry
 */
export function verifyToken(token: string, policy: TokenPolicy, now = Date.now()): Verification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [head, body, signature] = parts;
  let header: { alg?: string; kid?: string };
  let claims: { iss?: string; aud?: string | string[]; exp?: number; nbf?: number; sub?: string; scp?: string };
  try {
    header = JSON.parse(base64url(head).toString('utf8'));
    claims = JSON.parse(base64url(body).toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (header.alg !== 'RS256') return { ok: false, reason: 'unsupported algorithm' };
  const jwk = header.kid ? policy.keys.get(header.kid) : undefined;
  if (!jwk) return { ok: false, reason: 'unknown signing key' };
  const signed = verify('RSA-SHA256', Buffer.from(`${head}.${body}`), createPublicKey({ key: jwk, format: 'jwk' }), base64url(signature));
  if (!signed) return { ok: false, reason: 'bad signature' };
  const seconds = Math.floor(now / 1000);
  if (claims.iss !== policy.issuer) return { ok: false, reason: 'wrong issuer' };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(policy.audience)) return { ok: false, reason: 'wrong audience' };
  if (typeof claims.exp !== 'number' || claims.exp + policy.leewaySeconds < seconds) return { ok: false, reason: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - policy.leewaySeconds > seconds) return { ok: false, reason: 'not yet valid' };
  if (!claims.sub) return { ok: false, reason: 'no subject' };
  return { ok: true, principal: { subject: claims.sub, scopes: (claims.scp ?? '').split(' ').filter(Boolean) } };
}
