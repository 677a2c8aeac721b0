// json.remove, json.filter (paths as "a/b" JSON pointers or arrays of segments, as opa reads them),
// json.marshal_with_options, yaml.* with the conversions opa makes.
import { builtinError, isSet, mkSet, typeOf } from './values.js';
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

function parsePath(p: unknown): unknown[] {
  if (typeof p === 'string') {
    if (p === '') return [];
    return p
      .replace(/^\/+/, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (Array.isArray(p) && !isSet(p)) return p;
  return builtinError('json', `operand 2 must be one of {set, array} containing string paths or array of path segments but got ${typeOf(p)}`);
}

function pathTree(paths: unknown): PathTree {
  if (!Array.isArray(paths)) builtinError('json', `operand 2 must be one of {set, array} but got ${typeOf(paths)}`);
  const root: PathTree = new Map();
  for (const raw of paths) {
    const path = parsePath(raw);
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
  'json.remove': (o: unknown, paths: unknown) => remove(objectOperand('json.remove', o), pathTree(paths)),
  'json.filter': (o: unknown, paths: unknown) => filter(objectOperand('json.filter', o), pathTree(paths)),
  ...yamlBuiltins,
};
