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

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The pruned Rego object of a node (undefined when it prunes away). */
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

/** A Rego value that does not decode into the tree (Go's json.Unmarshal fails). */
export class DecodeError extends Error {}

/** Whether the tree being decoded gave a node a position (see decodeTree). */
let sawPosition = false;

const isObj = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The struct field a JSON key sets: the exact name, else one equal ignoring case. */
function fieldFor(t: string, key: string): [string, string] | undefined {
  const layout = LAYOUT[t]!;
  return layout.find(([n]) => n === key) ?? layout.find(([n]) => n.toLowerCase() === key.toLowerCase());
}

function decodeScalar(ty: string, v: Json, cur: unknown): unknown {
  if (v === null) return cur;
  if (ty === 's' && typeof v === 'string') return v;
  if (ty === 'b' && typeof v === 'boolean') return v;
  if (ty === 'n' && typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 63) return v;
  throw new DecodeError(`cannot decode ${JSON.stringify(v)} as ${ty}`);
}

/** A value of field type `ty`, given the field's current value. */
function decodeField(ty: string, v: Json, cur: unknown): unknown {
  if (ty === 's' || ty === 'b' || ty === 'n') return decodeScalar(ty, v, cur);
  if (ty === 'pos') {
    if (v === null) return null;
    if (!isObj(v)) throw new DecodeError('position');
    sawPosition = true;
    return null;
  }
  if (ty.startsWith('*')) return decodeNode(ty.slice(1), v);
  if (v === null) return null;
  if (!Array.isArray(v)) throw new DecodeError(`cannot decode ${typeof v} as a list`);
  if (ty === '[]s') return v.map((x) => decodeScalar('s', x, ''));
  if (ty === 'sel') return decodeSelectionSet(v);
  return v.map((x) => decodeNode(ty.slice(2), x));
}

const CUSTOM = new Set(['OperationDefinition', 'Field', 'InlineFragment', 'FragmentDefinition']);
const CUSTOM_KEYS: Record<string, string[]> = {
  OperationDefinition: ['Operation', 'Name', 'VariableDefinitions', 'Directives', 'SelectionSet', 'Position'],
  Field: ['Alias', 'Name', 'Arguments', 'Directives', 'SelectionSet', 'Position', 'Definition', 'ObjectDefinition'],
  InlineFragment: ['TypeCondition', 'Directives', 'SelectionSet', 'ObjectDefinition', 'Position'],
  FragmentDefinition: ['Name', 'VariableDefinition', 'TypeCondition', 'Directives', 'SelectionSet', 'Definition', 'Position'],
};

/** A node of kind `t` from JSON (null stays null: a nil pointer). */
export function decodeNode(t: string, v: Json): any {
  if (v === null) return null;
  if (!isObj(v)) throw new DecodeError(`cannot decode ${Array.isArray(v) ? 'array' : typeof v} as ${t}`);
  const n = node(t) as Record<string, unknown>;
  for (const key of Object.keys(v).sort()) {
    const f = CUSTOM.has(t) ? (CUSTOM_KEYS[t]!.includes(key) ? ([key, key === 'Position' ? 'pos' : LAYOUT[t]!.find(([x]) => x === key)![1]] as [string, string]) : undefined) : fieldFor(t, key);
    if (!f) continue;
    if (f[1] === 'pos' && !CUSTOM.has(t)) {
      // a comment's position: read (so it must be an object) but never used
      if (v[key] !== null && !isObj(v[key])) throw new DecodeError('position');
      continue;
    }
    n[f[0]] = decodeField(f[1], v[key]!, n[f[0]]);
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
