// The syntax tree as opa shows it to policies, and back.
//
// To a Rego object: Go's JSON encoding of gqlparser's structs, then opa's pruning: no positions,
// no null, no empty list or object (an element or field that prunes to one is dropped too); empty
// strings, false and 0 stay.
//
// From a Rego object (a tree a policy passes back to graphql.is_valid and friends): Go's JSON
// decoding into the same structs. Field names match exactly or, for most structs, ignoring case;
// unknown fields are ignored; a value of the wrong type fails the decoding. Four node kinds decode
// by hand in opa's library (operations, fields, inline fragments, fragment definitions): their
// field names must match exactly, and every element of a selection set becomes a field when it
// can (a fragment spread written as {"Name": ...} comes back as a field of that name).
import { LAYOUT, node, type Node, type QueryDocument, type SchemaDocument } from './ast.js';
import { GqlPanic } from './errors.js';
import { numberText } from '../values.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The pruned Rego object of a node (an empty object when nothing is left). */
export function toJson(n: Node): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, ty] of LAYOUT[n.$t]!) {
    const v = n[name];
    if (ty === 'pos' || v === null || v === undefined) continue;
    if (ty === 's' || ty === 'b' || ty === 'n') out[name] = v;
    else if (ty === '[]s') {
      if (v.length) out[name] = [...v];
    } else if (ty.startsWith('*')) {
      const o = toJson(v);
      if (Object.keys(o).length) out[name] = o;
    } else {
      const arr = (v as Array<Node | null>).filter((x): x is Node => x !== null).map(toJson).filter((o) => Object.keys(o).length);
      if (arr.length) out[name] = arr;
    }
  }
  return out;
}

/**
 * A Rego value that does not decode into the tree (Go's json.Unmarshal fails), with Go's message:
 * the JSON kind, the struct and field path where it was met, and the Go type it did not fit.
 */
export class DecodeError extends Error {
  constructor(
    readonly value: string,
    readonly goType: string,
    readonly struct = '',
    readonly field = '',
  ) {
    super(`json: cannot unmarshal ${value} into Go ${struct || field ? `struct field ${struct}.${field}` : 'value'} of type ${goType}`);
  }

  /** The error as the decoder around a hand-written one reports it (its own struct and path first). */
  within(ctx: Ctx): DecodeError {
    if (!ctx.struct && !ctx.path.length) return this;
    return new DecodeError(this.value, this.goType, ctx.struct, [...ctx.path, ...(this.field ? [this.field] : [])].join('.'));
  }
}

/** Where the decoder is: the struct being filled and the field names from the root of this decoding. */
interface Ctx {
  struct: string;
  path: string[];
}

const ROOT: Ctx = { struct: '', path: [] };

/** Whether the tree being decoded gave a node a position (see decodeTree). */
let sawPosition = false;

const isObj = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

const jsonKind = (v: Json): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? 'object' : typeof v);

const LISTS: Record<string, string> = { OperationDefinition: 'OperationList', FragmentDefinition: 'FragmentDefinitionList', Definition: 'DefinitionList', FieldDefinition: 'FieldList', EnumValueDefinition: 'EnumValueList' };

/** The Go type of a field of `t` named `name` with layout type `ty`. */
function goType(t: string, name: string, ty: string): string {
  if (ty === 's') return name === 'Kind' ? 'ast.DefinitionKind' : name === 'Operation' ? 'ast.Operation' : name === 'Location' ? 'ast.DirectiveLocation' : 'string';
  if (ty === 'b') return 'bool';
  if (ty === 'n') return 'ast.ValueKind';
  if (ty === 'pos') return 'ast.Position';
  if (ty === 'sel') return 'ast.SelectionSet';
  if (ty === '[]s') return name === 'Locations' ? '[]ast.DirectiveLocation' : '[]string';
  if (ty.startsWith('*')) return `ast.${ty.slice(1)}`;
  const el = ty.slice(2);
  return el === 'Comment' ? '[]*ast.Comment' : `ast.${LISTS[el] ?? `${el}List`}`;
}

/** The struct field a JSON key sets: the exact name, else one equal ignoring case. */
function fieldFor(t: string, key: string): [string, string] | undefined {
  const layout = LAYOUT[t]!;
  return layout.find(([n]) => n === key) ?? layout.find(([n]) => n.toLowerCase() === key.toLowerCase());
}

function decodeScalar(ty: string, v: Json, cur: unknown, err: (kind: string) => DecodeError): unknown {
  if (v === null) return cur;
  if (ty === 's' && typeof v === 'string') return v;
  if (ty === 'b' && typeof v === 'boolean') return v;
  if (ty === 'n' && typeof v === 'number') {
    // Go reads the number's text: 1.0 and 1e0 are not integers to it
    const text = numberText('graphql', v);
    if (/^-?[0-9]+$/.test(text) && BigInt(text) >= -(2n ** 63n) && BigInt(text) < 2n ** 63n) return v;
    throw err(`number ${text}`);
  }
  throw err(jsonKind(v));
}

/** A value of the field `name` (layout type `ty`) of a `t`, given the field's current value. */
function decodeField(t: string, name: string, ty: string, v: Json, cur: unknown, ctx: Ctx): unknown {
  const err = (kind: string, type = goType(t, name, ty)): DecodeError => new DecodeError(kind, type, ctx.struct, ctx.path.join('.'));
  if (ty === 's' || ty === 'b' || ty === 'n') return decodeScalar(ty, v, cur, err);
  if (ty === 'pos') {
    if (v === null) return null;
    if (!isObj(v)) throw err(jsonKind(v));
    sawPosition = true;
    return null;
  }
  if (ty.startsWith('*')) return decodeNode(ty.slice(1), v, ctx);
  if (v === null) return null;
  if (ty === 'sel') {
    if (!Array.isArray(v)) throw new DecodeError(jsonKind(v), '[]json.RawMessage');
    return decodeSelectionSet(v);
  }
  if (!Array.isArray(v)) throw err(jsonKind(v));
  if (ty === '[]s') return v.map((x) => decodeScalar('s', x, '', (kind) => err(kind, name === 'Locations' ? 'ast.DirectiveLocation' : 'string')));
  return v.map((x) => decodeNode(ty.slice(2), x, ctx));
}

const CUSTOM = new Set(['OperationDefinition', 'Field', 'InlineFragment', 'FragmentDefinition']);
const CUSTOM_KEYS: Record<string, string[]> = {
  OperationDefinition: ['Operation', 'Name', 'VariableDefinitions', 'Directives', 'SelectionSet', 'Position'],
  Field: ['Alias', 'Name', 'Arguments', 'Directives', 'SelectionSet', 'Position', 'Definition', 'ObjectDefinition'],
  InlineFragment: ['TypeCondition', 'Directives', 'SelectionSet', 'ObjectDefinition', 'Position'],
  FragmentDefinition: ['Name', 'VariableDefinition', 'TypeCondition', 'Directives', 'SelectionSet', 'Definition', 'Position'],
};

/** A node decoded by hand in opa's library: exact keys, each value decoded on its own. */
function decodeCustom(t: string, v: Record<string, Json>, ctx: Ctx): Node {
  const n = node(t) as Record<string, unknown>;
  for (const key of Object.keys(v).sort()) {
    if (!CUSTOM_KEYS[t]!.includes(key)) continue;
    const ty = key === 'Position' ? 'pos' : LAYOUT[t]!.find(([x]) => x === key)![1];
    try {
      n[key] = decodeField(t, key, ty, v[key]!, n[key], ROOT);
    } catch (e) {
      throw e instanceof DecodeError ? e.within(ctx) : e;
    }
  }
  return n as Node;
}

/** A node of kind `t` from JSON (null stays null: a nil pointer). */
export function decodeNode(t: string, v: Json, ctx: Ctx = ROOT): any {
  if (v === null) return null;
  if (CUSTOM.has(t)) {
    if (!isObj(v)) throw new DecodeError(jsonKind(v), 'map[string]json.RawMessage').within(ctx);
    return decodeCustom(t, v, ctx);
  }
  if (!isObj(v)) throw new DecodeError(jsonKind(v), `ast.${t}`, ctx.struct, ctx.path.join('.'));
  const n = node(t) as Record<string, unknown>;
  for (const key of Object.keys(v).sort()) {
    const f = fieldFor(t, key);
    if (!f) continue;
    const inner: Ctx = { struct: t, path: [...ctx.path, f[0]] };
    if (f[1] === 'pos') {
      // a comment's position: read (so it must be an object) but never used
      if (v[key] !== null && !isObj(v[key])) throw new DecodeError(jsonKind(v[key]!), 'ast.Position', t, inner.path.join('.'));
      continue;
    }
    n[f[0]] = decodeField(t, f[0], f[1], v[key]!, n[f[0]], inner);
  }
  return n;
}

/** A selection set as opa's library decodes one: each element a field if it can be, else a fragment spread, else an inline fragment, else dropped. */
function decodeSelectionSet(items: Json[]): Node[] {
  const out: Node[] = [];
  for (const item of items) {
    for (const t of ['Field', 'FragmentSpread', 'InlineFragment']) {
      try {
        out.push(item === null ? node(t) : decodeNode(t, item));
        break;
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    }
  }
  return out;
}

/**
 * A whole tree. One that decodes but gives a node a position is refused: opa's library would fail
 * (a position without a source) on any error reported there, so Warden does not answer.
 */
function decodeTree(t: string, v: Json): Node {
  sawPosition = false;
  const n = decodeNode(t, v) as Node;
  if (sawPosition) throw new GqlPanic('a GraphQL syntax tree with positions is not supported');
  return n;
}

export function decodeQuery(v: Json): QueryDocument {
  return decodeTree('QueryDocument', v) as QueryDocument;
}

export function decodeSchema(v: Json): SchemaDocument {
  return decodeTree('SchemaDocument', v) as SchemaDocument;
}
