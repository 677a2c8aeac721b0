// Rego values on the host side of a builtin call. The runtime passes a set as
// {"__warden_set__": [...]} (see tagSets in runtime/builtins.ts); here it becomes an array marked
// with IS_SET, so builtins that take "array or set" read it as an array, and builtins that keep
// structure (json.filter, walk) give it back as a set. Results are serialised to JSON text here
// (returned to the SDK as an ArrayBuffer, which it passes through unparsed), so integers beyond
// 2^53 (bigint) stay exact and JS Sets or marked arrays go back as sets.

export const IS_SET = Symbol('rego set');
const SET_TAG = '__warden_set__';

export type RegoSet = unknown[] & { [IS_SET]: true };

export function isSet(v: unknown): v is RegoSet {
  return Array.isArray(v) && (v as Partial<RegoSet>)[IS_SET] === true;
}

export function mkSet(items: unknown[]): RegoSet {
  const s = items as RegoSet;
  s[IS_SET] = true;
  return s;
}

const NUM_TAG = '__warden_num__';
const OBJ_TAG = '__warden_nonstring_keys__';

/** Marks an object that had keys other than strings (their JSON text became the key). */
export const NONSTRING_KEYS = Symbol('non-string keys');

/** The texts the numbers of the current call's arguments had (a double may stand for several: 1 and 1.0). */
const numberTexts = new Map<number, Set<string>>();

function record(n: number, text: string): void {
  const texts = numberTexts.get(n);
  if (texts) texts.add(text);
  else numberTexts.set(n, new Set([text]));
}

export function beginCall(): void {
  numberTexts.clear();
}

/** Decodes the runtime's set and number tags (deeply). */
export function fromHost(v: unknown): unknown {
  if (typeof v === 'number') {
    record(v, JSON.stringify(v));
    return v;
  }
  if (Array.isArray(v)) return v.map(fromHost);
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    const o = v as Record<string, unknown>;
    if (keys.length === 1 && keys[0] === SET_TAG && Array.isArray(o[SET_TAG])) return mkSet((o[SET_TAG] as unknown[]).map(fromHost));
    if (keys.length === 1 && keys[0] === NUM_TAG && typeof o[NUM_TAG] === 'string') {
      const text = o[NUM_TAG] as string;
      const n = Number(text);
      record(n, text);
      return n;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) if (k !== OBJ_TAG) out[k] = fromHost(o[k]);
    if (OBJ_TAG in o) (out as Record<symbol, unknown>)[NONSTRING_KEYS] = true;
    return out;
  }
  return v;
}

/** JSON text of a builtin result, with sets tagged for the runtime and bigints exact. */
export function toHostJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('non-finite number');
    return Object.is(v, -0) ? '-0' : JSON.stringify(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (v instanceof RawJson) return v.text;
  if (v instanceof Set) return `{"${SET_TAG}":[${[...v].map(toHostJson).join(',')}]}`;
  if (Array.isArray(v)) {
    const body = v.map(toHostJson).join(',');
    return isSet(v) ? `{"${SET_TAG}":[${body}]}` : `[${body}]`;
  }
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${toHostJson(o[k])}`)
    .join(',')}}`;
}

/**
 * Thrown by a builtin for an input Warden cannot evaluate as opa would (for example a Go template
 * feature strings.render_template does not implement): evaluation fails with this message instead of
 * the call quietly becoming undefined.
 */
export class UnsupportedBuiltinInput extends Error {
  constructor(builtin: string, what: string) {
    super(`${builtin}: not supported by Warden: ${what}`);
  }
}

/** Deep copy that keeps set marks (structuredClone drops them). */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) {
    const c = v.map(cloneValue);
    return (isSet(v) ? mkSet(c) : c) as T;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneValue(x);
    return out as T;
  }
  return v;
}

/** A builtin's error: opa makes the call undefined (without --strict-builtin-errors). */
export class BuiltinError extends Error {}

export function builtinError(name: string, message: string): never {
  throw new BuiltinError(`${name}: ${message}`);
}

/** Argument checks in opa's wording (`operand 1 must be string but got number`), as errors. */
export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (isSet(v)) return 'set';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** Operand n of builtin `name` as a string, or opa's operand error. */
export function str(name: string, n: number, v: unknown): string {
  if (typeof v !== 'string') return builtinError(name, `operand ${n} must be string but got ${typeOf(v)}`);
  return v;
}

/** Operand n of builtin `name` as an integer, or opa's operand error (its builtins.IntOperand wording). */
export function int(name: string, n: number, v: unknown): number {
  if (typeof v !== 'number') return builtinError(name, `operand ${n} must be number but got ${typeOf(v)}`);
  if (!Number.isInteger(v)) return builtinError(name, `operand ${n} must be integer number but got floating-point number`);
  return v;
}

/** JSON text placed verbatim in a result (keeps number text such as 1.0, as opa's json decoding does). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** The one text of a number argument, or an error naming the builtin when two texts share the double. */
export function onlyText(name: string, v: number): string | undefined {
  const texts = numberTexts.get(v);
  if (!texts) return undefined;
  if (texts.size > 1) throw new UnsupportedBuiltinInput(name, `numbers written differently that share the value ${v} (${[...texts].join(', ')})`);
  return [...texts][0];
}

/** The exact value of a number that must be integral (a decimal text such as 1.5e3 is allowed). */
export function exactIntegral(name: string, v: number): bigint | undefined {
  if (Number.isSafeInteger(v)) return BigInt(v);
  const text = onlyText(name, v);
  if (text === undefined) return Number.isInteger(v) ? BigInt(v) : undefined;
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exp = Number(m[4] ?? 0) - (m[3] ?? '').length;
  let n = BigInt(digits || '0');
  if (exp >= 0) n *= 10n ** BigInt(exp);
  else {
    const d = 10n ** BigInt(-exp);
    if (n % d !== 0n) return undefined;
    n /= d;
  }
  return m[1] ? -n : n;
}

/** A number's text as opa holds it (its source text when the runtime sent it). */
export function numberText(name: string, v: number): string {
  return onlyText(name, v) ?? JSON.stringify(v);
}
