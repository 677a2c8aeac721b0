// providers.aws.sign_req: AWS Signature Version 4 of an http.send-style request object, as opa's
// internal/providers/aws SignV4 computes it (Host, X-Amz-Date, S3/Glacier content hash, session token).
import { createHash, createHmac } from 'node:crypto';
import { goMarshal } from './json-extra.js';
import { builtinError, exactIntegral, onlyText, typeOf, UnsupportedBuiltinInput } from './values.js';

const NAME = 'providers.aws.sign_req';
const ALLOWED = new Set('method url body enable_redirect force_json_decode force_yaml_decode headers raw_body tls_use_system_certs tls_ca_cert tls_ca_cert_file tls_ca_cert_env_variable tls_client_cert tls_client_cert_file tls_client_cert_env_variable tls_client_key tls_client_key_file tls_client_key_env_variable tls_insecure_skip_verify tls_server_name timeout cache force_cache force_cache_duration_seconds raise_error caching_mode max_retry_attempts cache_ignored_headers'.split(' '));
const REQUIRED_CONFIG = ['aws_service', 'aws_access_key', 'aws_secret_access_key', 'aws_region'];
const IGNORED = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const hmac = (key: Buffer | string, msg: string): Buffer => createHmac('sha256', key).update(msg).digest();
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Host, escaped path and raw query of a URL, where Go's url.Parse would give the same pieces. */
function urlParts(u: string): { host: string; path: string; query: string } {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#@]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(u);
  if (!m || /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/.test(m[2]!)) throw new UnsupportedBuiltinInput(NAME, `the URL ${JSON.stringify(u)} (only plain http(s) URLs without escapes in the path)`);
  return { host: m[1]!, path: m[2]!, query: m[3] ?? '' };
}

/** A set of names as opa prints an ast.Set of strings: `{"a", "b"}`, sorted. */
const nameSet = (names: string[]): string => `{${[...names].sort().map((n) => JSON.stringify(n)).join(', ')}}`;

/** The config's checks, then (checkRequest) the request's, in opa's order and words (eval_type_error). */
function checkConfig(req: unknown, cfg: unknown): [Obj, Obj] {
  if (!isObj(req)) return builtinError(NAME, `operand 1 must be object but got ${typeOf(req)}`);
  if (!isObj(cfg)) return builtinError(NAME, `operand 1 must be object but got ${typeOf(cfg)}`);
  const missing = REQUIRED_CONFIG.filter((k) => !(k in cfg));
  if (missing.length) builtinError(NAME, `operand 2 missing required AWS config parameters(s): ${nameSet(missing)}`);
  const invalid = REQUIRED_CONFIG.filter((k) => typeof cfg[k] !== 'string');
  if (invalid.length) builtinError(NAME, `operand 2 invalid values for required AWS config parameters(s): ${nameSet(invalid)}`);
  return [req, cfg];
}

function checkRequest(req: Obj): void {
  const invalid = Object.keys(req).filter((k) => !ALLOWED.has(k));
  if (invalid.length) builtinError(NAME, `operand 1 invalid request parameters(s): ${nameSet(invalid)}`);
  const missing = ['method', 'url'].filter((k) => !(k in req));
  if (missing.length) builtinError(NAME, `operand 1 missing required request parameters(s): ${nameSet(missing)}`);
  if (req['headers'] !== undefined && !isObj(req['headers'])) builtinError(NAME, `operand 0 must be object but got ${typeOf(req['headers'])}`);
  const badValues = ['method', 'url'].filter((k) => typeof req[k] !== 'string');
  if (badValues.length) builtinError(NAME, `operand 1 invalid values for required request parameters(s): ${nameSet(badValues)}`);
}

function bodyOf(req: Obj): string {
  if (req['raw_body'] !== undefined) return str(req['raw_body']);
  if (req['body'] !== undefined) return goMarshal(req['body'], undefined, '', 0);
  return '';
}

export function signReq(req0: unknown, cfg0: unknown, timeNs: unknown): unknown {
  const [req, cfg] = checkConfig(req0, cfg0);
  if (typeof timeNs !== 'number') return builtinError(NAME, `operand 1 must be number but got ${typeOf(timeNs)}`);
  // opa reads it with util.Atoi64: digits only (-1e9 and 1.0 are refused)
  const text = onlyText(NAME, timeNs);
  const ns = text !== undefined && !/^[+-]?\d+$/.test(text) ? undefined : exactIntegral(NAME, timeNs);
  if (ns === undefined) return builtinError(NAME, 'operand 3 could not convert time_ns value into a unix timestamp');
  checkRequest(req);
  let unsigned = false;
  if (cfg['disable_payload_signing'] !== undefined) {
    if (typeof cfg['disable_payload_signing'] !== 'boolean') builtinError(NAME, "operand 2 invalid value for 'disable_payload_signing' in AWS config");
    unsigned = cfg['disable_payload_signing'] as boolean;
  }
  const service = str(cfg['aws_service']);
  const region = str(cfg['aws_region']);
  const token = str(cfg['aws_session_token']);
  const url = urlParts(str(req['url']));
  const iso = new Date(Number(ns / 1_000_000n)).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const date = iso.slice(0, 8);
  const contentHash = unsigned ? 'UNSIGNED-PAYLOAD' : sha256(Buffer.from(bodyOf(req)));
  const aws: Record<string, string> = { host: url.host, 'x-amz-date': iso };
  if (service === 's3' || service === 'glacier') aws['x-amz-content-sha256'] = contentHash;
  if (token !== '') aws['x-amz-security-token'] = token;
  const headers = Object.fromEntries(Object.entries((req['headers'] as Obj | undefined) ?? {}).map(([k, v]) => [k, str(v)]));
  const toSign: Record<string, string> = { ...aws };
  for (const [k, v] of Object.entries(headers)) if (!IGNORED.has(k.toLowerCase())) toSign[k.toLowerCase()] = v;
  const keys = Object.keys(toSign).sort();
  const canonical = `${str(req['method'])}\n${url.path}\n${url.query}\n${keys.map((k) => `${k}:${toSign[k]}\n`).join('')}\n${keys.join(';')}\n${contentHash}`;
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSignText = `AWS4-HMAC-SHA256\n${iso}\n${scope}\n${sha256(canonical)}`;
  let key = hmac(`AWS4${str(cfg['aws_secret_access_key'])}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const signature = hmac(key, toSignText).toString('hex');
  const auth = `AWS4-HMAC-SHA256 Credential=${str(cfg['aws_access_key'])}/${scope},SignedHeaders=${keys.join(';')},Signature=${signature}`;
  return { ...req, headers: { ...headers, Authorization: auth, ...aws } };
}
