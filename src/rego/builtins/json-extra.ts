// json.remove, json.filter (paths as "a/b" JSON pointers or arrays of segments, as opa reads them),
// json.marshal_with_options, yaml.* with the conversions opa makes.
import { builtinError, isSet, mkSet, NONSTRING_KEYS, numberText, typeOf, UnsupportedBuiltinInput } from './values.js';
import { yamlBuiltins } from './yaml.js';

/** A stable text for a Rego value, used to match path segments against keys, indexes and set members. */
export function canon(v: unknown): string {
  if (isSet(v)) return `{|${v.map(canon).sort().join(',')}|}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The tree of paths: a leaf (null) ends a path; shorter paths win over longer ones, as in opa. */
type PathTree = Map<string, PathTree | null>;

function parsePath(p: unknown, name: string): unknown[] {
  if (typeof p === 'string') {
    if (p === '') return [];
    return p
      .replace(/^\/+/, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (Array.isArray(p) && !isSet(p)) return p;
  return builtinError(name, `operand 2 must be one of {set, array} containing string paths or array of path segments but got ${typeOf(p)}`);
}

function pathTree(paths: unknown, name: string): PathTree {
  if (!Array.isArray(paths)) builtinError(name, `operand 2 must be one of {set, array} but got ${typeOf(paths)}`);
  const root: PathTree = new Map();
  for (const raw of paths) {
    const path = parsePath(raw, name);
    if (!path.length) continue;
    let node = root;
    let done = false;
    for (let i = 0; i < path.length - 1; i++) {
      const k = canon(path[i]);
      const child = node.get(k);
      if (child === undefined) {
        const n: PathTree = new Map();
        node.set(k, n);
        node = n;
      } else if (child === null) {
        done = true;
        break;
      } else node = child;
    }
    if (!done) node.set(canon(path[path.length - 1]), null);
  }
  return root;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Removes the tree's paths from v; undefined means "removed". */
function remove(v: unknown, t: PathTree | null | undefined): unknown {
  if (t === undefined) return v;
  if (t === null) return undefined;
  if (isSet(v)) return mkSet(v.map((x) => remove(x, t.get(canon(x)))).filter((x) => x !== undefined));
  if (Array.isArray(v)) return v.map((x, i) => remove(x, t.get(JSON.stringify(String(i))))).filter((x) => x !== undefined);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = remove(x, t.get(JSON.stringify(k)));
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return v;
}

function filter(v: unknown, t: PathTree | null): unknown {
  if (t === null) return v;
  if (isSet(v)) return mkSet(v.filter((x) => t.has(canon(x))).map((x) => filter(x, t.get(canon(x))!)));
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    v.forEach((x, i) => {
      const sub = t.get(JSON.stringify(String(i)));
      if (sub !== undefined) out.push(filter(x, sub));
    });
    return out;
  }
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const sub = t.get(JSON.stringify(k));
      if (sub !== undefined) out[k] = filter(x, sub);
    }
    return out;
  }
  return v;
}

function objectOperand(name: string, v: unknown): Record<string, unknown> {
  if (!isObject(v)) return builtinError(name, `operand 1 must be object but got ${typeOf(v)}`);
  return v;
}

export const jsonExtraBuiltins: Record<string, (...args: any[]) => unknown> = {
  'json.remove': (o: unknown, paths: unknown) => remove(objectOperand('json.remove', o), pathTree(paths, 'json.remove')),
  'json.filter': (o: unknown, paths: unknown) => filter(objectOperand('json.filter', o), pathTree(paths, 'json.filter')),
  'json.marshal_with_options': marshalWithOptions,
  ...yamlBuiltins,
};

/** Go's encoding/json string form: HTML characters and U+2028/9 escaped. */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.Marshal / json.MarshalIndent of opa's JSON form of a value (numbers keep their text). */
export function goMarshal(v: unknown, indent: string | undefined, prefix: string, depth: number): string {
  const nl = (d: number): string => (indent === undefined ? '' : `\n${prefix}${indent.repeat(d)}`);
  if (v === null) return 'null';
  if (typeof v === 'number') return numberText('json.marshal_with_options', v);
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return `[${v.map((x) => nl(depth + 1) + goMarshal(x, indent, prefix, depth + 1)).join(',')}${nl(depth)}]`;
  }
  const o = v as Record<string | symbol, unknown>;
  if (o[NONSTRING_KEYS]) throw new UnsupportedBuiltinInput('json.marshal_with_options', 'objects with non-string keys');
  const keys = Object.keys(o).sort();
  if (!keys.length) return '{}';
  const sep = indent === undefined ? ':' : ': ';
  return `{${keys.map((k) => `${nl(depth + 1)}${goString(k)}${sep}${goMarshal(o[k], indent, prefix, depth + 1)}`).join(',')}${nl(depth)}}`;
}

function marshalWithOptions(v: unknown, opts: unknown): string {
  const name = 'json.marshal_with_options';
  if (!isObject(opts)) return builtinError(name, `operand 2 must be object but got ${typeOf(opts)}`);
  let indent = '\t';
  let prefix = '';
  let implicit = false;
  let explicit: boolean | undefined;
  for (const [k, x] of Object.entries(opts)) {
    if (k === 'prefix' || k === 'indent') {
      if (typeof x !== 'string') return builtinError(name, `operand 2 key ${JSON.stringify(k)} failed cast to string: operand 0 must be string but got ${typeOf(x)}`);
      if (k === 'prefix') prefix = x;
      else indent = x;
      implicit = true;
    } else if (k === 'pretty') {
      if (typeof x !== 'boolean') return builtinError(name, `operand 2 key ${JSON.stringify(k)} failed cast to bool`);
      explicit = x;
    } else return builtinError(name, `operand 2 object contained unknown key ${JSON.stringify(k)}`); // a Rego string term, as opa's %s prints it
  }
  const pretty = explicit ?? implicit;
  return pretty ? prefix + goMarshal(v, indent, prefix, 0) : goMarshal(v, undefined, '', 0);
}
