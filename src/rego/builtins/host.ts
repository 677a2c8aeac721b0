import { createHash } from 'node:crypto';
import { extraHostBuiltins } from './extra.js';
import { hostCallName, HOST_LEFT, UNSUPPORTED } from './decls.js';
import { beginCall, cloneValue, fromHost, isSet, toHostJson, typeOf, UnsupportedBuiltinInput } from './values.js';
import { EXACT_BUILTIN, exactNumbers } from './exact.js';
import { b64urlDecode } from './jwt.js';
import { graphqlBuiltins } from './graphql/index.js';

// Host-served builtins: ones a Wasm implementation would not pay for itself (time, JWT
// verification, YAML, GraphQL, ...), and the former host versions of builtins the module now
// implements (regex, glob, CIDR, encodings), kept for modules compiled before they moved in.
// The module declares them in its builtins() map; Warden's loader passes these functions to
// opa-wasm, which calls them through the opa_builtinN imports.

/** A host builtin asks for an evaluation error (what Warden cannot answer as opa does) with this. */
export class HostUnsupported extends Error {}

type Segment = unknown;
const DELETED = Symbol('deleted');

/**
 * A json.patch path as OPA reads it: "" is the document; any other string is split on "/" after
 * dropping every leading "/" ("a/b", "/a/b" and "//a/b" alike), with ~1 and ~0 unescaped; an
 * array is taken segment by segment (numbers index arrays).
 */
function patchPath(p: unknown): Segment[] {
  if (typeof p === 'string') {
    if (p === '') return [];
    return p.replace(/^\/+/, '').split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (Array.isArray(p)) return p;
  throw new Error('json.patch: path must be a string or an array');
}

/**
 * An array position: an integer, "-" (the end), or a string OPA reads as an integer: optional sign,
 * digits, optionally "." and zeros ("1.0", "1.", even "."), at most 19 characters after the sign,
 * no leading zero unless it is "0".
 */
function arrayIndex(length: number, seg: Segment): number {
  if (typeof seg === 'number' && Number.isInteger(seg)) return seg;
  if (typeof seg === 'string') {
    if (seg === '-') return length;
    const body = seg.replace(/^[+-]/, '');
    if (body !== '' && body.length <= 19 && /^[0-9]*(\.0*)?$/.test(body) && (seg === '0' || !seg.startsWith('0'))) {
      const n = Number(body.replace(/\.0*$/, '') || '0');
      return seg.startsWith('-') ? -n : n;
    }
  }
  throw new Error('json.patch: invalid array index');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function objectKey(seg: Segment): string {
  // opa would use a number segment as a number key, which a JSON object cannot hold
  if (typeof seg !== 'string') throw new HostUnsupported('json.patch: a non-string key for an object is not supported');
  return seg;
}

/** The value at `path`; throws when a step is missing or not a collection. */
function patchGet(root: unknown, path: Segment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (isSet(cur)) {
      // a set's path segment is the element itself
      const i = cur.findIndex((x) => regoEqual(x, seg));
      if (i < 0) throw new Error('json.patch: path not found');
      cur = cur[i];
    } else if (Array.isArray(cur)) {
      const i = arrayIndex(cur.length, seg);
      if (i < 0 || i >= cur.length) throw new Error('json.patch: path not found');
      cur = cur[i];
    } else if (isObject(cur)) {
      if (typeof seg !== 'string' || !Object.hasOwn(cur, seg)) throw new Error('json.patch: path not found');
      cur = cur[seg];
    } else throw new Error('json.patch: path not found');
  }
  return cur;
}

function patchInsert(root: unknown, path: Segment[], value: unknown): unknown {
  if (!path.length) return cloneValue(value);
  if (root === DELETED) throw new Error('json.patch: document removed');
  const parent = patchGet(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isSet(parent)) {
    // opa adds to a set only the element its path names
    if (!regoEqual(last, value)) throw new Error('json.patch: set key does not equal the value to be inserted');
    if (!parent.some((x) => regoEqual(x, value))) parent.push(cloneValue(value));
  } else if (Array.isArray(parent)) {
    const i = arrayIndex(parent.length, last);
    if (i < 0 || i > parent.length) throw new Error('json.patch: index out of bounds');
    parent.splice(i, 0, cloneValue(value));
  } else if (isObject(parent)) parent[objectKey(last)] = cloneValue(value);
  else throw new Error('json.patch: path not found');
  return root;
}

function patchDelete(root: unknown, path: Segment[]): unknown {
  if (root === DELETED) throw new Error('json.patch: document removed');
  if (!path.length) return DELETED;
  const parent = patchGet(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isSet(parent)) {
    const i = parent.findIndex((x) => regoEqual(x, last));
    if (i < 0) throw new Error('json.patch: path not found');
    parent.splice(i, 1);
  } else if (Array.isArray(parent)) {
    const i = arrayIndex(parent.length, last);
    if (i < 0 || i >= parent.length) throw new Error('json.patch: index out of bounds');
    parent.splice(i, 1);
  } else if (isObject(parent) && typeof last === 'string' && Object.hasOwn(parent, last)) delete parent[last];
  else throw new Error('json.patch: path not found');
  return root;
}

/** Equality of Rego values as OPA compares them (object key order and set order do not matter). */
function regoEqual(a: unknown, b: unknown): boolean {
  if (isSet(a) || isSet(b)) return isSet(a) && isSet(b) && a.length === b.length && a.every((x) => b.some((y) => regoEqual(x, y)));
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => regoEqual(x, b[i]));
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && regoEqual(a[k], b[k]));
  }
  return a === b;
}

function required(op: Record<string, unknown>, key: string): unknown {
  if (!Object.hasOwn(op, key)) throw new Error(`json.patch: missing required attribute '${key}'`);
  return op[key];
}

/** RFC 6902 JSON Patch as OPA's json.patch applies it; any failure makes the call undefined. */
function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops) || isSet(ops)) throw new Error(`json.patch: operand 2 must be array but got ${typeOf(ops)}`);
  let root = cloneValue(doc);
  for (const op of ops) {
    if (!isObject(op)) throw new Error('json.patch: operation is not an object');
    required(op, 'path');
    const name = required(op, 'op');
    if (typeof name !== 'string') throw new Error("json.patch: attribute 'op' must be a string");
    const path = patchPath(op['path']);
    switch (name) {
      case 'add':
        root = patchInsert(root, path, required(op, 'value'));
        break;
      case 'remove':
        root = patchDelete(root, path);
        break;
      case 'replace':
        root = patchDelete(root, path);
        root = patchInsert(root, path, required(op, 'value'));
        break;
      case 'move': {
        const from = patchPath(required(op, 'from'));
        const chunk = patchGet(root, from);
        root = patchDelete(root, from);
        root = patchInsert(root, path, chunk);
        break;
      }
      case 'copy':
        root = patchInsert(root, path, patchGet(root, patchPath(required(op, 'from'))));
        break;
      case 'test':
        if (!regoEqual(patchGet(root, path), required(op, 'value'))) throw new Error('json.patch: test failed');
        break;
      default:
        throw new Error(`json.patch: unrecognized op ${name}`);
    }
  }
  // opa itself fails (a Go panic) on a patch that leaves no document
  if (root === DELETED) throw new HostUnsupported('json.patch: the patch removes the whole document');
  return root;
}

// ---- units.parse and units.parse_bytes, exact as opa computes them ----

/** A number the runtime reads from its text (digits beyond float64, or trailing zeros opa prints). */
const numberText = (text: string): unknown => ({ __warden_number__: text });

interface Rat {
  n: bigint;
  d: bigint;
}

/**
 * Splits "1.5e3Ki" into amount and unit as opa does: digits, '.', signs and an exponent marker
 * followed by a digit or sign belong to the amount; an exponent of more than 6 digits fails.
 */
function splitAmount(s: string): [string, string] {
  const digit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!digit(c) && c !== '.' && c !== 'e' && c !== 'E' && c !== '+' && c !== '-') return [s.slice(0, i), s.slice(i)];
    if (c === 'e' || c === 'E') {
      const next = s[i + 1];
      if (next === undefined || (!digit(next) && next !== '+' && next !== '-')) return [s.slice(0, i), s.slice(i)];
      if (next === '+' || next === '-') i++;
      let end = i + 1;
      while (digit(s[end])) end++;
      if (end - (i + 1) > 6) throw new Error('exponent too large');
    }
  }
  return [s, ''];
}

/** A decimal amount ("1.5", ".5", "1.", "-2e3") as an exact fraction. */
function parseDecimal(text: string, name = 'units.parse'): Rat {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`${name}: could not parse ${name === 'units.parse_bytes' ? 'byte amount' : 'amount'} to a number`);
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac) * (m[1] === '-' ? -1n : 1n);
  let d = 10n ** BigInt(frac.length);
  const exp = Number(m[4] ?? 0);
  if (exp >= 0) n *= 10n ** BigInt(exp);
  else d *= 10n ** BigInt(-exp);
  return { n, d };
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** The exact value of a float64 as a fraction. */
function ratOfDouble(x: number): Rat {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)) | (exp ? 1n << 52n : 0n);
  const e = (exp || 1) - 1075;
  return e >= 0 ? { n: mant << BigInt(e), d: 1n } : { n: mant, d: 1n << BigInt(-e) };
}

/** Rounds to a 64-bit mantissa, half to even: Go's big.Float at its default precision. */
function round64(r: Rat): Rat {
  if (r.n === 0n) return r;
  const neg = r.n < 0n;
  const num = abs(r.n);
  let e = num.toString(2).length - r.d.toString(2).length - 64;
  for (;;) {
    const a = e < 0 ? num << BigInt(-e) : num;
    const b = e > 0 ? r.d << BigInt(e) : r.d;
    let m = a / b;
    if (m >= 1n << 64n) e++;
    else if (m < 1n << 63n) e--;
    else {
      const rem = 2n * (a % b);
      if (rem > b || (rem === b && (m & 1n) === 1n)) m++;
      const sm = neg ? -m : m;
      return e >= 0 ? { n: sm << BigInt(e), d: 1n } : { n: sm, d: 1n << BigInt(-e) };
    }
  }
}

const UNIT_FACTORS: Record<string, bigint> = { k: 1000n, ki: 1n << 10n, m: 1000n ** 2n, mi: 1n << 20n, g: 1000n ** 3n, gi: 1n << 30n, t: 1000n ** 4n, ti: 1n << 40n, p: 1000n ** 5n, pi: 1n << 50n, e: 1000n ** 6n, ei: 1n << 60n };

function unitsAmount(s: string, name: string): [string, string] {
  if (s.includes(' ')) throw new Error(`${name}: spaces not allowed in resource strings`);
  const [num, unit] = splitAmount(s);
  if (num === '') throw new Error(`${name}: ${name === 'units.parse_bytes' ? 'no byte amount provided' : 'no amount provided'}`);
  return [num, unit];
}

/**
 * units.parse: SI and binary suffixes (case-insensitive except m, milli, and M, mega), amounts
 * with exponents; an integer result prints as one, anything else with 10 decimals (opa's text).
 */
function unitsParse(raw: string): unknown {
  const [num, unitRaw] = unitsAmount(raw.replace(/"/g, ''), 'units.parse');
  const unit = unitRaw.length > 1 ? unitRaw[0] + unitRaw.slice(1).toLowerCase() : unitRaw;
  let f: Rat;
  if (unit === 'm') f = ratOfDouble(0.001); // opa multiplies by the float64 nearest 0.001
  else if (unit === '') f = { n: 1n, d: 1n };
  else if (unit === 'M') f = { n: UNIT_FACTORS['m']!, d: 1n };
  else {
    const k = unit.length === 2 && unit[1] === 'i' ? unit[0]!.toLowerCase() + 'i' : unit.length === 1 ? unit.toLowerCase() : '';
    const valid = unit.length === 1 ? 'kKgGtTpPeE'.includes(unit) : unit.length === 2 && unit[1] === 'i' && 'kKmMgGtTpPeE'.includes(unit[0]!);
    if (!valid || UNIT_FACTORS[k] === undefined) throw new Error(`units.parse: unit ${unit} not recognized`);
    f = { n: UNIT_FACTORS[k]!, d: 1n };
  }
  const a = parseDecimal(num);
  const n = a.n * f.n;
  const d = a.d * f.d;
  if (n % d === 0n) return numberText((n / d).toString());
  // ten decimals, the last rounded half away from zero
  const scaled = abs(n) * 10n ** 10n;
  let q = scaled / abs(d);
  if (2n * (scaled % abs(d)) >= abs(d)) q++;
  const digits = q.toString().padStart(11, '0');
  return numberText(`${n < 0n ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`);
}

/** units.parse_bytes: case-insensitive suffixes with optional "b"; the amount times the unit, truncated. */
function unitsParseBytes(raw: string): unknown {
  const [num, unit] = unitsAmount(raw.toLowerCase().replace(/"/g, ''), 'units.parse_bytes');
  const key = unit.endsWith('b') ? unit.slice(0, -1) : unit;
  const factor = key === '' && unit === '' ? 1n : key !== '' ? UNIT_FACTORS[key] : undefined;
  if (factor === undefined) throw new Error(`units.parse_bytes: byte unit ${unit} not recognized`);
  // Go's big.Float: the amount and the product each rounded to 64 bits, then truncated toward zero
  const v = round64(parseDecimal(num, 'units.parse_bytes'));
  const p = round64({ n: v.n * factor, d: v.d });
  return numberText((p.n / p.d).toString());
}

// ---- time.date, time.clock, time.weekday: ns or [ns, zone] ----

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface CivilTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** A formatter for an IANA zone, spelled as Go's time.LoadLocation accepts it (case matters). */
function zoneFormat(zone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    const resolved = f.resolvedOptions().timeZone;
    if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) throw new Error(`unknown time zone ${zone}`);
    zoneFormats.set(zone, f);
  }
  return f;
}

/**
 * The civil time of a timestamp (ns since the epoch) in UTC, the host's local zone ("Local") or
 * an IANA zone, as opa's time builtins read their argument: an integer in int64, alone or as
 * [ns, zone]; "" and "UTC" are UTC.
 */
function zonedTime(arg: unknown): CivilTime {
  let ns: unknown = arg;
  let zone = 'UTC';
  if (Array.isArray(arg)) {
    if (!arg.length) throw new Error('time: empty array');
    ns = arg[0];
    if (arg.length > 1) {
      if (typeof arg[1] !== 'string') throw new Error('time: zone must be a string');
      zone = arg[1] === '' ? 'UTC' : arg[1];
    }
  }
  if (!Array.isArray(arg) && typeof arg !== 'number') throw new Error(`operand 1 must be either number (ns) or [number (ns), string (tz)] but got ${typeOf(arg)}`);
  if (typeof ns !== 'number' || !Number.isInteger(ns) || Math.abs(ns) > 2 ** 63) throw new Error('timestamp too big');
  // 2^63 as a float64 may stand for int64's largest value (valid) or one past it (an error in opa)
  if (Math.abs(ns) === 2 ** 63) throw new HostUnsupported('time: a timestamp at the int64 limit is not supported by Warden');
  const d = new Date(Math.floor(ns / 1e6));
  if (zone === 'UTC') return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
  if (zone === 'Local') return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), weekday: d.getDay() };
  const parts: Record<string, string> = {};
  for (const p of zoneFormat(zone).formatToParts(d)) parts[p.type] = p.value;
  const year = Number(parts['year']);
  return {
    year: parts['era'] === 'BC' ? 1 - year : year,
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts['weekday']!),
  };
}

const UNDEFINED = { __warden_undefined__: true };
/** The runtime turns this into an evaluation error (see callHost in runtime/builtins.ts). */
const unsupported = (message: string): unknown => ({ __warden_unsupported__: message });

/**
 * Go's padded base64 decoding: '\r' and '\n' are skipped, whole quanta, '=' only at the end;
 * base64url.decode first adds the padding an encoder may have left out (RFC 7515, appendix C).
 */
/** base64.decode as Go's StdEncoding reads it (newlines skipped); base64url.decode is jwt.ts's b64urlDecode. */
function b64(s0: string): string {
  const s = s0.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Error('illegal base64 data');
  return Buffer.from(s, 'base64').toString('utf8');
}

/**
 * Wraps a builtin so that a failure makes the call undefined (OPA's default, non-strict behaviour);
 * the marker carries the failure's message, which the runtime reports when the policy was compiled
 * with strictBuiltinErrors (`eval_builtin_error: <builtin>: <message>`). Arguments arrive with sets
 * tagged and results leave as JSON text (values.ts); an input Warden cannot evaluate as opa would
 * (UnsupportedBuiltinInput) fails the evaluation instead.
 */
export function undefinedOnError(fn: (...args: any[]) => unknown): (...args: any[]) => unknown {
  return (...args) => {
    let text: string;
    try {
      beginCall();
      const r = fn(...args.map(fromHost));
      text = r === undefined ? UNDEFINED_JSON : toHostJson(r);
    } catch (e) {
      if (e instanceof UnsupportedBuiltinInput) throw e;
      // what Warden cannot answer as opa does is an evaluation error, not a value (runtime callHost)
      text = JSON.stringify(e instanceof HostUnsupported ? unsupported(e.message) : { ...UNDEFINED, __warden_error__: e instanceof Error ? e.message : String(e) });
    }
    const bytes = new TextEncoder().encode(text);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  };
}

const UNDEFINED_JSON = JSON.stringify(UNDEFINED);

const raw: Record<string, (...args: any[]) => unknown> = {
  'json.patch': (doc: unknown, ops: unknown) => jsonPatch(doc, ops),
  'glob.quote_meta': (pattern: string) => pattern.replace(/[*?\\[\]{}]/g, '\\$&'),
  'base64.encode': (s: string) => Buffer.from(s, 'utf8').toString('base64'),
  'base64.decode': (s: string) => b64(s),
  'base64.is_valid': (s: string) => {
    if (typeof s !== 'string') return false;
    try {
      b64(s);
      return true;
    } catch {
      return false;
    }
  },
  'crypto.sha256': (s: string) => createHash('sha256').update(s).digest('hex'),
  'crypto.sha1': (s: string) => createHash('sha1').update(s).digest('hex'),
  'crypto.md5': (s: string) => createHash('md5').update(s).digest('hex'),
  'time.date': (t: unknown) => {
    const c = zonedTime(t);
    return [c.year, c.month, c.day];
  },
  'time.clock': (t: unknown) => {
    const c = zonedTime(t);
    return [c.hour, c.minute, c.second];
  },
  'time.weekday': (t: unknown) => WEEKDAYS[zonedTime(t).weekday],
  'numbers.range_step': (a: number, b: number, step: number) => {
    if (!Number.isInteger(a) || !Number.isInteger(b) || !Number.isInteger(step) || step <= 0) throw new Error('numbers.range_step: step must be a positive integer');
    const out: number[] = [];
    if (a <= b) for (let x = a; x <= b; x += step) out.push(x);
    else for (let x = a; x >= b; x -= step) out.push(x);
    return out;
  },
  'base64url.decode': (s: string) => b64urlDecode(s).toString('utf8'),
  'hex.encode': (s: string) => Buffer.from(s, 'utf8').toString('hex'),
  'units.parse_bytes': (s: string) => unitsParseBytes(s),
  'units.parse': (s: string) => unitsParse(s),
};

// the extra builtins (extra.ts) come last: where both define one, theirs is the newer implementation
export const hostBuiltins: Record<string, (...args: any[]) => unknown> = Object.fromEntries(
  Object.entries({ ...raw, ...extraHostBuiltins, ...graphqlBuiltins }).map(([k, f]) => [hostCallName(k), undefinedOnError(f)]),
);
// a builtin Warden does not implement compiles only where a `with` may replace it (plan.ts); a call
// that reaches it unreplaced is an evaluation error
for (const [name, why] of Object.entries(UNSUPPORTED)) {
  const how = HOST_LEFT.has(name)
    ? `a \`with ${name} as ...\` can replace the call, and a host that provides ${name} (the SDK's customBuiltins) can serve the module`
    : `only a call replaced by \`with ${name} as ...\` evaluates`;
  hostBuiltins[name] ??= undefinedOnError(() => {
    throw new HostUnsupported(`${name}: not supported by Warden (${why}); ${how}`);
  });
}
// exact arithmetic beyond the runtime's in-module range (reports its own errors in its answer)
hostBuiltins[EXACT_BUILTIN] = exactNumbers as (...args: any[]) => unknown;

/**
 * The builtins a Warden policy.wasm may still import from its host (what OPA's own Wasm also leaves
 * to the host: time, JWT verification and signing, json.patch, yaml, ...; and what the in-module
 * builtins leave to it: non-integer operands of `bits.*` and `numbers.range_step`, a `bits.lsh`
 * result past about 4000 digits, units beyond the in-module range; and, for modules compiled
 * before they moved into the module, regex.*, glob, semver, ...), for running the module in the stock
 * `@open-policy-agent/opa-wasm` SDK: `loadPolicy(wasm, undefined, opaBuiltins)`. Warden's own
 * loader passes the same table. Per-evaluation state (`uuid.rfc4122`, `rand.intn`) is reset by
 * Warden's loader only; under the bare SDK it lasts for the process.
 */
export const opaBuiltins: Readonly<Record<string, (...args: any[]) => unknown>> = hostBuiltins;
