// A small JSON Schema (draft-04) validator for the tests: enough of the vocabulary for the SARIF
// 2.1.0 schema (type, properties, additionalProperties, required, items, minItems, uniqueItems,
// enum, minimum, maximum, pattern, anyOf, oneOf, format uri/uri-reference/date-time, local $ref).
// A keyword it does not know is an error, so a schema it cannot judge fully is never "valid".
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema', 'id', 'title', 'description', 'default', 'definitions', '$ref', 'type', 'properties', 'additionalProperties',
  'required', 'items', 'minItems', 'uniqueItems', 'enum', 'minimum', 'maximum', 'pattern', 'anyOf', 'oneOf', 'format',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const FORMATS: Record<string, (s: string) => boolean> = {
  uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && !/\s/.test(s),
  'uri-reference': (s) => !/[\s<>"{}|\\^`]/.test(s),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s),
};

/** Errors as `path: message`; empty when `value` is valid. */
export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolveRef = (ref: string): Schema => {
    const m = /^#\/definitions\/([^/]+)$/.exec(ref);
    const target = m ? (root.definitions as Record<string, Schema> | undefined)?.[m[1]!] : undefined;
    if (!target) throw new Error(`unsupported $ref ${ref}`);
    return target;
  };
  const check = (schema: Schema, v: unknown, path: string, out: string[]): void => {
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`unsupported keyword ${k} at ${path}`);
    if (typeof schema.$ref === 'string') return check(resolveRef(schema.$ref), v, path, out);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => typeMatches(v, t))) return void out.push(`${path}: is ${typeOf(v)}, not ${types.join('|')}`);
    }
    if (schema.enum && !(schema.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (typeof v === 'number') {
      if (typeof schema.minimum === 'number' && v < schema.minimum) out.push(`${path}: ${v} < minimum ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && v > schema.maximum) out.push(`${path}: ${v} > maximum ${schema.maximum}`);
    }
    if (typeof v === 'string') {
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) out.push(`${path}: "${v}" does not match ${schema.pattern}`);
      if (typeof schema.format === 'string') {
        const f = FORMATS[schema.format];
        if (!f) throw new Error(`unsupported format ${schema.format}`);
        if (!f(v)) out.push(`${path}: "${v}" is not a ${schema.format}`);
      }
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) out.push(`${path}: ${v.length} items < minItems ${schema.minItems}`);
      if (schema.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) out.push(`${path}: items are not unique`);
      if (schema.items) v.forEach((x, i) => check(schema.items as Schema, x, `${path}[${i}]`, out));
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const r of (schema.required ?? []) as string[]) if (!(r in o)) out.push(`${path}: missing required ${r}`);
      for (const [k, x] of Object.entries(o)) {
        if (props[k]) check(props[k]!, x, `${path}.${k}`, out);
        else if (schema.additionalProperties === false) out.push(`${path}: unexpected property ${k}`);
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') check(schema.additionalProperties as Schema, x, `${path}.${k}`, out);
      }
    }
    const branches = (key: 'anyOf' | 'oneOf') => ((schema[key] ?? []) as Schema[]).map((s) => {
      const errs: string[] = [];
      check(s, v, path, errs);
      return errs.length === 0;
    });
    if (schema.anyOf && !branches('anyOf').some(Boolean)) out.push(`${path}: matches none of anyOf`);
    if (schema.oneOf && branches('oneOf').filter(Boolean).length !== 1) out.push(`${path}: does not match exactly one of oneOf`);
  };
  check(root, value, '$', errors);
  return errors;
}
