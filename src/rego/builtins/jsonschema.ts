// json.verify_schema / json.match_schema for the part of JSON Schema whose outcome Warden reproduces
// exactly as opa's gojsonschema fork reports it (messages, error types, field paths): the keywords
// type, properties, required, additionalProperties (a boolean), items (one schema), minLength,
// maxLength, minItems, maxItems, plus $schema (drafts 4, 6, 7), title and description. A schema
// using anything else (or one of these in a form outside that part) fails the evaluation with
// "not supported by Warden" instead of answering differently from opa.
import { builtinError, isSet, UnsupportedBuiltinInput } from './values.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const JSON_TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];
const KEYWORDS = new Set(['$schema', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'items', 'minLength', 'maxLength', 'minItems', 'maxItems']);
const DRAFTS = /^https?:\/\/json-schema\.org\/draft-0[467]\/schema#?$/;

interface Schema {
  types: string[];
  properties: Array<[string, Schema]>;
  required: string[];
  additional: boolean;
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** A schema problem opa reports (its message), as opposed to one Warden does not handle. */
class SchemaError extends Error {}

const isMap = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

function unsupported(name: string, what: string): never {
  throw new UnsupportedBuiltinInput(name, `JSON Schema ${what}`);
}

function count(name: string, key: string, v: Json | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) unsupported(name, `"${key}" other than a non-negative integer`);
  return v;
}

function parseTypes(name: string, t: Json | undefined): string[] {
  if (t === undefined) return [];
  const list = typeof t === 'string' ? [t] : Array.isArray(t) && t.every((x) => typeof x === 'string') ? (t as string[]) : unsupported(name, '"type" other than a string or an array of strings');
  const out: string[] = [];
  for (const x of list) {
    if (!JSON_TYPES.includes(x)) throw new SchemaError(`has a primitive type that is NOT VALID -- given: /${x}/ Expected valid values are:[${JSON_TYPES.join(' ')}]`);
    if (out.includes(x)) throw new SchemaError(`${x} type is duplicated`);
    out.push(x);
  }
  return out;
}

/** Reads a (sub)schema in gojsonschema's keyword order, so that the first problem is opa's first. */
function parseSchema(name: string, node: Json, root: boolean): Schema {
  if (!isMap(node)) return unsupported(name, 'schemas that are not objects');
  for (const k of Object.keys(node)) if (!KEYWORDS.has(k)) unsupported(name, `keyword "${k}"`);
  if (node.$schema !== undefined && (!root || typeof node.$schema !== 'string' || !DRAFTS.test(node.$schema))) unsupported(name, '"$schema" other than draft 4, 6 or 7 at the root');
  for (const k of ['title', 'description']) if (node[k] !== undefined && typeof node[k] !== 'string') unsupported(name, `"${k}" that is not a string`);
  const s: Schema = { types: parseTypes(name, node.type), properties: [], required: [], additional: true };
  if (node.properties !== undefined) {
    if (!isMap(node.properties)) unsupported(name, '"properties" that is not an object');
    // gojsonschema walks a Go map here (any order); Warden takes the keys sorted, one of those orders
    for (const k of Object.keys(node.properties).sort()) s.properties.push([k, parseSchema(name, node.properties[k]!, false)]);
  }
  if (node.additionalProperties !== undefined) {
    if (typeof node.additionalProperties !== 'boolean') unsupported(name, '"additionalProperties" other than a boolean');
    s.additional = node.additionalProperties;
  }
  if (node.items !== undefined) s.items = parseSchema(name, node.items, false);
  s.minLength = count(name, 'minLength', node.minLength);
  s.maxLength = count(name, 'maxLength', node.maxLength);
  s.minItems = count(name, 'minItems', node.minItems);
  s.maxItems = count(name, 'maxItems', node.maxItems);
  if (node.required !== undefined) {
    const r = node.required;
    if (!Array.isArray(r) || r.length === 0 || !r.every((x) => typeof x === 'string') || new Set(r).size !== r.length) unsupported(name, '"required" other than a non-empty array of distinct strings');
    s.required = r as string[];
  }
  return s;
}

interface SchemaFailure {
  error: string;
  type: string;
  field: string;
  desc: string;
}

/** Validates in gojsonschema's order: the type first (stopping there), then the kind's keywords. */
function validate(s: Schema, v: Json, path: string[], out: SchemaFailure[]): void {
  const field = path.length ? path.join('.') : '(Root)';
  const fail = (type: string, desc: string): void => void out.push({ error: `${field}: ${desc}`, type, field, desc });
  const given = v === null ? 'null' : typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v === 'string' ? 'string' : Array.isArray(v) ? 'array' : 'object';
  const ok = s.types.includes(given) || (given === 'integer' && s.types.includes('number'));
  if (s.types.length && !ok) {
    const expected = s.types.length > 1 ? `[${s.types.join(',')}]` : s.types[0]!;
    return fail('invalid_type', `Invalid type. Expected: ${expected}, given: ${given}`);
  }
  if (typeof v === 'string') {
    const runes = [...v].length;
    if (s.minLength !== undefined && runes < s.minLength) fail('string_gte', `String length must be greater than or equal to ${s.minLength}`);
    if (s.maxLength !== undefined && runes > s.maxLength) fail('string_lte', `String length must be less than or equal to ${s.maxLength}`);
  } else if (Array.isArray(v)) {
    if (s.items) v.forEach((x, i) => validate(s.items!, x, [...path, String(i)], out));
    if (s.minItems !== undefined && v.length < s.minItems) fail('array_min_items', `Array must have at least ${s.minItems} items`);
    if (s.maxItems !== undefined && v.length > s.maxItems) fail('array_max_items', `Array must have at most ${s.maxItems} items`);
  } else if (isMap(v)) {
    for (const r of s.required) if (!Object.hasOwn(v, r)) fail('required', `${r} is required`);
    const known = new Set(s.properties.map(([k]) => k));
    // a Go map again: the document's keys sorted are one of the orders opa may report
    if (!s.additional) for (const k of Object.keys(v).sort()) if (!known.has(k)) fail('additional_property_not_allowed', `Additional property ${k} is not allowed`);
    for (const [k, sub] of s.properties) if (Object.hasOwn(v, k)) validate(sub, v[k]!, [...path, k], out);
  }
}

/** A document or schema operand as opa loads it: a JSON string, an object or an array. */
function load(name: string, v: unknown): Json {
  if (typeof v === 'string') {
    let parsed: Json;
    try {
      parsed = JSON.parse(v) as Json;
    } catch {
      throw new SchemaError('invalid JSON string');
    }
    return checkNumbers(name, parsed);
  }
  if (v !== null && typeof v === 'object') return checkNumbers(name, toJson(v));
  throw new SchemaError('wrong type, expected string or object');
}

function toJson(v: unknown): Json {
  if (Array.isArray(v)) return (isSet(v) ? v : v).map(toJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v as Json;
}

function checkNumbers(name: string, v: Json): Json {
  if (typeof v === 'number' && !Number.isFinite(v)) unsupported(name, 'documents with numbers beyond float64');
  if (Array.isArray(v)) v.forEach((x) => checkNumbers(name, x));
  else if (isMap(v)) Object.values(v).forEach((x) => checkNumbers(name, x));
  return v;
}

function verifySchema(schema: unknown): [boolean, string | null] {
  try {
    parseSchema('json.verify_schema', load('json.verify_schema', schema), true);
    return [true, null];
  } catch (e) {
    if (e instanceof SchemaError) return [false, `jsonschema: ${e.message}`];
    throw e;
  }
}

function matchSchema(document: unknown, schema: unknown): [boolean, SchemaFailure[]] {
  const name = 'json.match_schema';
  try {
    const doc = load(name, document);
    const s = parseSchema(name, load(name, schema), true);
    const out: SchemaFailure[] = [];
    validate(s, doc, [], out);
    return [out.length === 0, out];
  } catch (e) {
    if (e instanceof SchemaError) return builtinError(name, e.message);
    throw e;
  }
}

export const jsonSchemaBuiltins: Record<string, (...args: any[]) => unknown> = {
  'json.verify_schema': verifySchema,
  'json.match_schema': matchSchema,
};
