// crypto.hmac.*, bits.*, uuid.*, and the few encoding builtins opa has beyond host.ts's set.
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { builtinError, exactIntegral, str, typeOf, UnsupportedBuiltinInput } from './values.js';

const hmac = (alg: string) => (x: unknown, key: unknown) => createHmac(alg, str(`crypto.hmac.${alg}`, 2, key)).update(str(`crypto.hmac.${alg}`, 1, x)).digest('hex');

/** bits.* work on integers of any size, as Go's big.Int reads the number's text. */
function bigOperand(name: string, n: number, v: unknown): bigint {
  if (typeof v !== 'number') return builtinError(name, `operand ${n} must be number but got ${typeOf(v)}`);
  const b = exactIntegral(name, v);
  if (b === undefined) return builtinError(name, `operand ${n} must be integer number but got floating-point number`);
  return b;
}

const bits2 = (name: string, f: (a: bigint, b: bigint) => bigint) => (a: unknown, b: unknown) => f(bigOperand(name, 1, a), bigOperand(name, 2, b));

function shift(name: string, f: (a: bigint, s: bigint) => bigint) {
  return bits2(name, (a, s) => {
    if (s < 0n) return builtinError(name, 'operand 2 must be an unsigned integer number but got a negative integer');
    if (s > 1n << 16n) throw new UnsupportedBuiltinInput(name, `a shift by ${s}`);
    return f(a, s);
  });
}

/** Per-evaluation memory: opa answers uuid.rfc4122 with the same value for the same argument within a query. */
const uuids = new Map<string, string>();
/** Likewise rand.intn, per (string, |n|). */
const rands = new Map<string, number>();

export function resetEvaluationState(): void {
  uuids.clear();
  rands.clear();
}

function randIntn(s: unknown, n: unknown): number {
  const k = str('rand.intn', 1, s);
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) return builtinError('rand.intn', `operand 2 must be integer number but got ${typeOf(n)}`);
  if (n === 0) return 0;
  const m = Math.abs(n);
  const key = `${k}-${m}`;
  let v = rands.get(key);
  if (v === undefined) rands.set(key, (v = randomInt(0, Math.min(m, 2 ** 48 - 1))));
  return v;
}

function parseUUID(s: string): Buffer | undefined {
  let hex: string;
  if (s.length === 36 || s.length === 38 || s.length === 45) {
    let t = s;
    if (s.length === 45) {
      if (s.slice(0, 9).toLowerCase() !== 'urn:uuid:') return undefined;
      t = s.slice(9);
    } else if (s.length === 38) {
      if (s[0] !== '{' || s[37] !== '}') return undefined;
      t = s.slice(1, 37);
    }
    if (t[8] !== '-' || t[13] !== '-' || t[18] !== '-' || t[23] !== '-') return undefined;
    hex = t.slice(0, 8) + t.slice(9, 13) + t.slice(14, 18) + t.slice(19, 23) + t.slice(24);
  } else if (s.length === 32) hex = s;
  else return undefined;
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  return Buffer.from(hex, 'hex');
}

const GREGORIAN_TO_UNIX_100NS = 122192928000000000n;

function uuidFields(s: unknown): Record<string, unknown> | undefined {
  const u = parseUUID(str('uuid.parse', 1, s));
  if (!u) return builtinError('uuid.parse', `invalid UUID ${String(s)}`);
  const version = u[6]! >> 4;
  const b = u[8]!;
  const variant = (b & 0xc0) === 0x80 ? 'RFC4122' : (b & 0xe0) === 0xc0 ? 'Microsoft' : (b & 0xe0) === 0xe0 ? 'Future' : 'Reserved';
  const out: Record<string, unknown> = { version, variant };
  if (version === 1 || version === 2) {
    const t = BigInt(u.readUInt32BE(0)) | (BigInt(u.readUInt16BE(4)) << 32n) | (BigInt(u.readUInt16BE(6) & 0xfff) << 48n);
    out['time'] = (t - GREGORIAN_TO_UNIX_100NS) * 100n;
    const node = [...u.subarray(10, 16)];
    out['nodeid'] = node.map((x) => x.toString(16).padStart(2, '0')).join('-');
    const n0 = node[0]!;
    out['macvariables'] = (n0 & 3) === 3 ? 'local:multicast' : (n0 & 1) === 1 ? 'global:multicast' : (n0 & 2) === 2 ? 'local:unicast' : 'global:unicast';
    out['clocksequence'] = u.readUInt16BE(8) & 0x3fff;
    if (version === 2) {
      out['id'] = u.readUInt32BE(0);
      out['domain'] = ['Person', 'Group', 'Org'][u[9]!] ?? `Domain${u[9]}`;
    }
  }
  return out;
}

export const miscBuiltins: Record<string, (...args: any[]) => unknown> = {
  'crypto.hmac.md5': hmac('md5'),
  'crypto.hmac.sha1': hmac('sha1'),
  'crypto.hmac.sha256': hmac('sha256'),
  'crypto.hmac.sha512': hmac('sha512'),
  'crypto.hmac.equal': (a: unknown, b: unknown) => {
    const x = Buffer.from(str('crypto.hmac.equal', 1, a));
    const y = Buffer.from(str('crypto.hmac.equal', 2, b));
    return x.length === y.length && timingSafeEqual(x, y);
  },
  'bits.and': bits2('bits.and', (a, b) => a & b),
  'bits.or': bits2('bits.or', (a, b) => a | b),
  'bits.xor': bits2('bits.xor', (a, b) => a ^ b),
  'bits.negate': (a: unknown) => ~bigOperand('bits.negate', 1, a),
  'bits.lsh': shift('bits.lsh', (a, s) => a << s),
  'bits.rsh': shift('bits.rsh', (a, s) => a >> s),
  'uuid.rfc4122': (seed: unknown) => {
    const k = str('uuid.rfc4122', 1, seed);
    let u = uuids.get(k);
    if (!u) uuids.set(k, (u = randomUUID()));
    return u;
  },
  'uuid.parse': uuidFields,
  'rand.intn': randIntn,
  'base64url.encode_no_pad': (s: unknown) => Buffer.from(str('base64url.encode_no_pad', 1, s), 'utf8').toString('base64url'),
};

function hexDecode(s: unknown): string {
  const t = str('hex.decode', 1, s);
  if (t.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(t)) return builtinError('hex.decode', 'invalid hex data');
  return new TextDecoder().decode(Buffer.from(t, 'hex'));
}

export const encodingBuiltins: Record<string, (...args: any[]) => unknown> = {
  'hex.decode': hexDecode,
  'base64url.encode': (s: unknown) => Buffer.from(str('base64url.encode', 1, s), 'utf8').toString('base64url').padEnd(Math.ceil(Buffer.byteLength(s as string) / 3) * 4, '='),
};

/** Go's url.QueryEscape: everything but [A-Za-z0-9-_.~] as %XX, space as '+'. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function queryUnescape(name: string, s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return builtinError(name, `invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (c === '+') bytes.push(32);
    else bytes.push(...Buffer.from(c));
  }
  return new TextDecoder().decode(Buffer.from(bytes));
}

function encodeObject(o: unknown): string {
  const name = 'urlquery.encode_object';
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return builtinError(name, `operand 1 must be object but got ${typeOf(o)}`);
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    const v = (o as Record<string, unknown>)[k];
    const vals = typeof v === 'string' ? [v] : Array.isArray(v) ? v : builtinError(name, 'encoding object: values must be strings or arrays/sets of strings');
    for (const x of vals) {
      if (typeof x !== 'string') builtinError(name, 'encoding object: values must be strings or arrays/sets of strings');
      parts.push(`${queryEscape(k)}=${queryEscape(x as string)}`);
    }
  }
  return parts.join('&');
}

function decodeObject(q: unknown): Record<string, string[]> {
  const name = 'urlquery.decode_object';
  const out: Record<string, string[]> = {};
  for (const part of str(name, 1, q).split('&')) {
    if (part === '') continue;
    if (part.includes(';')) builtinError(name, 'invalid semicolon separator in query');
    const eq = part.indexOf('=');
    const k = queryUnescape(name, eq < 0 ? part : part.slice(0, eq));
    const v = queryUnescape(name, eq < 0 ? '' : part.slice(eq + 1));
    (out[k] ??= []).push(v);
  }
  return out;
}

function splitN(s: unknown, d: unknown, n: unknown): string[] {
  const name = 'strings.split_n';
  const text = str(name, 1, s);
  const delim = str(name, 2, d);
  if (typeof n !== 'number' || !Number.isInteger(n)) return builtinError(name, `operand 3 must be integer number but got ${typeOf(n)}`);
  const parts = goSplit(text, delim, n >= 0 ? n + 1 : -1);
  if (n >= 0) return parts.slice(0, Math.min(n, parts.length));
  const all = goSplit(text, delim, -1);
  return all.slice(Math.max(all.length + n, 0));
}

/** Go's strings.SplitN (an empty separator splits into UTF-8 sequences, i.e. code points). */
function goSplit(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const cps = [...s];
    if (n < 0 || n >= cps.length) return cps;
    return [...cps.slice(0, n - 1), cps.slice(n - 1).join('')];
  }
  const out: string[] = [];
  let rest = s;
  while (n < 0 || out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

export const urlBuiltins: Record<string, (...args: any[]) => unknown> = {
  'urlquery.encode': (s: unknown) => queryEscape(str('urlquery.encode', 1, s)),
  'urlquery.decode': (s: unknown) => queryUnescape('urlquery.decode', str('urlquery.decode', 1, s)),
  'urlquery.encode_object': encodeObject,
  'urlquery.decode_object': decodeObject,
  'strings.split_n': splitN,
};
