// The threat rule condition language: a type checker and a compiler in one pass. Each `when`
// expression is checked against the kind the rule is `on` (WD3xxx diagnostics with spans) and, when
// it is well typed, compiled to a closure over the element or flow, so evaluating every rule on every
// element is a handful of property reads, not a tree walk with type dispatch.
//
// Semantics promised (documented in docs/threats.md):
// - A path reads a built-in field or a declared attribute of the element's kind (defaults
//   included). A value that is not set is "missing": `==`, `<`, `<=`, `>`, `>=` and `in` are false
//   with a missing operand, `!=` is the negation of `==`, a missing bool is false, `has(x)` is false.
// - Trust levels and classifications compare by rank (`untrusted < low < ... < system`,
//   `public < internal < confidential < restricted`). Other enums only compare with == / != / in.
// - A path through a list projects: `data.classification` over a flow's data is the highest
//   classification it carries; other projected fields give a list, usable with `in`, `any`, `all`.
// - A bare name compared with an enum, kind, control or element is read as a member/name of it
//   when it is one (`authn == none`), else as a field of the element.
import type { AttrType, AttrValue, Boundary, ConditionExpr, DataAsset, Element, Flow, SourceRef } from '../model/types.js';
import { CLASSIFICATIONS, TRUST_LEVELS } from '../model/types.js';
import { didYouMean, type Diagnostic } from '../diagnostics/index.js';
import { isKindOf, type ModelLookup } from './lookup.js';

/** Static types of the condition language. */
export type StaticType =
  | { t: 'string' }
  | { t: 'number' }
  | { t: 'bool' }
  | { t: 'date' }
  | { t: 'enum'; members: readonly string[]; ranked?: 'trust' | 'classification' }
  | { t: 'kind' }
  | { t: 'control' }
  | { t: 'element'; kind?: string }
  | { t: 'flow'; kind?: string }
  | { t: 'data' }
  | { t: 'boundary' }
  | { t: 'list'; of: StaticType }
  | { t: 'unknown' };

/** Runtime values: JS primitives for scalars, the model's own objects for entities, arrays for lists, undefined when missing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Value = any;
export type Getter = (scope: Value) => Value;

export interface FieldDef {
  type: StaticType;
  get: Getter;
}

const TRUST: StaticType = { t: 'enum', members: TRUST_LEVELS, ranked: 'trust' };
const CLASSIFICATION: StaticType = { t: 'enum', members: CLASSIFICATIONS, ranked: 'classification' };
const STRING: StaticType = { t: 'string' };
const BOOL: StaticType = { t: 'bool' };
const UNKNOWN: StaticType = { t: 'unknown' };
const RANKS: Record<'trust' | 'classification', Map<string, number>> = {
  trust: new Map(TRUST_LEVELS.map((l, i) => [l, i])),
  classification: new Map(CLASSIFICATIONS.map((c, i) => [c, i])),
};

export function describeType(t: StaticType): string {
  switch (t.t) {
    case 'enum':
      return t.ranked ?? `enum(${t.members.join(', ')})`;
    case 'element':
    case 'flow':
      return t.kind ? `ref<${t.kind}>` : t.t;
    case 'list':
      return `list<${describeType(t.of)}>`;
    default:
      return t.t;
  }
}

export function toDiagnostic(code: string, message: string, source: SourceRef, hint?: string): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    file: source.file,
    span: { line: source.line, column: source.column, endLine: source.endLine, endColumn: source.endColumn, offset: 0, endOffset: 0 },
    ...(hint ? { hint } : {}),
  };
}

/** Functions of the condition language and their arities, for WD3005/WD3006. */
export const FUNCTIONS: Record<string, number> = { has: 1, hasControl: 1, isKind: 1, any: 2, all: 2, crossesInto: 0, crossesBoundary: 0 };

/**
 * Compiles conditions and templates for one model. Field tables are memoised per scope type, so
 * compiling 60 rules touches each kind's attribute table once.
 */
export class ConditionCompiler {
  private readonly fieldCache = new Map<string, Map<string, FieldDef>>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly lookup: ModelLookup) {}

  private error(code: string, message: string, source: SourceRef, hint?: string): void {
    this.diagnostics.push(toDiagnostic(code, message, source, hint));
  }

  /** The scope type for a rule `on` a kind, or undefined (with WD3001) for an unknown kind. */
  scopeFor(kind: string, source: SourceRef): StaticType | undefined {
    const chain = this.lookup.ancestry.get(kind);
    if (!chain) {
      const guess = didYouMean(kind, this.lookup.ancestry.keys());
      this.error('WD3001', `unknown kind "${kind}" in a threat rule's "on"`, source, guess ? `did you mean "${guess}"?` : 'declare it with `kind` or use actor, process, store or flow');
      return undefined;
    }
    return chain.includes('flow') ? { t: 'flow', kind } : { t: 'element', kind };
  }

  // ---------------------------------------------------------------------------------------------
  // Fields

  /** Fields readable on a value of type `t` (built-ins first; declared attributes do not shadow them). */
  fields(t: StaticType): Map<string, FieldDef> {
    const key = t.t === 'element' || t.t === 'flow' ? `${t.t}:${t.kind ?? ''}` : t.t;
    let map = this.fieldCache.get(key);
    if (map) return map;
    map = new Map();
    this.fieldCache.set(key, map);
    const lk = this.lookup;
    if (t.t === 'element' || t.t === 'flow') {
      map.set('name', { type: STRING, get: (e: Element | Flow) => e.id });
      map.set('title', { type: STRING, get: (e: Element | Flow) => e.title });
      map.set('kind', { type: { t: 'kind' }, get: (e: Element | Flow) => e.kind });
      map.set('controls', { type: { t: 'list', of: { t: 'control' } }, get: (e: Element | Flow) => e.controls.map((c) => c.control) });
    }
    if (t.t === 'element') {
      const data: FieldDef = { type: { t: 'list', of: { t: 'data' } }, get: (e: Element) => (lk.assets.get(e.id) ?? []).map((d) => lk.data.get(d)).filter(Boolean) };
      map.set('data', data);
      map.set('assets', data);
      map.set('boundary', { type: { t: 'boundary' }, get: (e: Element) => (e.boundary === undefined ? undefined : lk.boundaries.get(e.boundary)) });
      map.set('inbound', { type: { t: 'list', of: { t: 'flow' } }, get: (e: Element) => lk.inbound.get(e.id) ?? [] });
      map.set('outbound', { type: { t: 'list', of: { t: 'flow' } }, get: (e: Element) => lk.outbound.get(e.id) ?? [] });
      for (const [name, def] of this.attributesOf(t.kind, false)) if (!map.has(name)) map.set(name, def);
    } else if (t.t === 'flow') {
      const data: FieldDef = { type: { t: 'list', of: { t: 'data' } }, get: (f: Flow) => f.data.map((d) => lk.data.get(d)).filter(Boolean) };
      map.set('data', data);
      map.set('assets', data);
      map.set('from', { type: { t: 'element' }, get: (f: Flow) => lk.elements.get(f.from) });
      map.set('to', { type: { t: 'element' }, get: (f: Flow) => lk.elements.get(f.to) });
      map.set('crossesBoundary', { type: BOOL, get: (f: Flow) => crossesBoundary(lk, f) });
      map.set('crossesInto', { type: BOOL, get: (f: Flow) => crossesInto(lk, f) });
      for (const [name, def] of this.attributesOf(t.kind ?? 'flow', true)) if (!map.has(name)) map.set(name, def);
    } else if (t.t === 'boundary') {
      map.set('name', { type: STRING, get: (b: Boundary) => b.id });
      map.set('title', { type: STRING, get: (b: Boundary) => b.title });
      map.set('trust', { type: TRUST, get: (b: Boundary) => b.trust });
      map.set('namespace', { type: STRING, get: (b: Boundary) => b.namespace });
      map.set('parent', { type: { t: 'boundary' }, get: (b: Boundary) => (b.parent === undefined ? undefined : lk.boundaries.get(b.parent)) });
    } else if (t.t === 'data') {
      map.set('name', { type: STRING, get: (d: DataAsset) => d.id });
      map.set('title', { type: STRING, get: (d: DataAsset) => d.title });
      map.set('classification', { type: CLASSIFICATION, get: (d: DataAsset) => d.classification });
    } else if (t.t === 'list') {
      // Projection through a list: see the file comment.
      for (const [name, def] of this.fields(t.of)) {
        if (def.type.t === 'enum' && def.type.ranked) {
          const ranks = RANKS[def.type.ranked];
          map.set(name, { type: def.type, get: (items: Value[]) => maxByRank(items, def.get, ranks) });
        } else if (def.type.t === 'list') {
          map.set(name, { type: def.type, get: (items: Value[]) => items.flatMap((i) => def.get(i) ?? []) });
        } else {
          map.set(name, { type: { t: 'list', of: def.type }, get: (items: Value[]) => items.map(def.get).filter((v) => v !== undefined) });
        }
      }
    }
    return map;
  }

  /**
   * Declared attributes of a kind, or of every kind of the family when the kind is not known
   * statically (`from`, `to`): then an attribute is readable if some kind declares it, typed as
   * that kind declares it (unknown if two kinds disagree).
   */
  private attributesOf(kind: string | undefined, flow: boolean): Map<string, FieldDef> {
    const out = new Map<string, FieldDef>();
    const kinds = this.lookup.model.kinds;
    const defs = kind !== undefined && kinds[kind] ? [kinds[kind]] : Object.values(kinds).filter((k) => (k.base === 'flow') === flow);
    const types = new Map<string, StaticType>();
    for (const k of defs) {
      for (const [name, def] of Object.entries(k.attributes)) {
        const st = this.attrType(def.valueType);
        const prev = types.get(name);
        types.set(name, prev === undefined || sameType(prev, st) ? st : UNKNOWN);
      }
    }
    for (const [name, type] of [...types].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.set(name, { type, get: (e: Element | Flow) => this.attrValue(e.attributes[name]) });
    }
    return out;
  }

  attrType(t: AttrType): StaticType {
    switch (t.type) {
      case 'string':
      case 'number':
      case 'bool':
      case 'date':
        return { t: t.type };
      case 'enum':
        return { t: 'enum', members: t.members };
      case 'list':
        return { t: 'list', of: this.attrType(t.of) };
      case 'ref':
        if (t.to === 'data') return { t: 'data' };
        if (t.to === 'boundary') return { t: 'boundary' };
        if (t.to === 'control') return { t: 'control' };
        if (t.kind && this.lookup.ancestry.get(t.kind)?.includes('flow')) return { t: 'flow', kind: t.kind };
        return { t: 'element', ...(t.kind ? { kind: t.kind } : {}) };
    }
  }

  attrValue(v: AttrValue | undefined): Value {
    if (v === undefined) return undefined;
    switch (v.type) {
      case 'list':
        return v.items.map((i) => this.attrValue(i)).filter((i) => i !== undefined);
      case 'ref': {
        const lk = this.lookup;
        if (v.targetKind === 'data') return lk.data.get(v.target);
        if (v.targetKind === 'boundary') return lk.boundaries.get(v.target);
        if (v.targetKind === 'control') return v.target;
        return lk.elements.get(v.target) ?? lk.flows.get(v.target);
      }
      default:
        return v.value;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Paths

  /** Compiles a dotted path in `scope`; reports WD3002 (or `code`) for an unknown segment. */
  compilePath(path: readonly string[], scope: StaticType, source: SourceRef, code = 'WD3002'): FieldDef | undefined {
    let type = scope;
    const getters: Getter[] = [];
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (type.t === 'unknown') return { type: UNKNOWN, get: () => undefined };
      const fields = this.fields(type);
      const f = fields.get(seg);
      if (!f) {
        const where = i === 0 ? describeScope(scope) : `${path.slice(0, i).join('.')} (${describeType(type)})`;
        const guess = didYouMean(seg, fields.keys());
        const hint = guess ? `did you mean "${guess}"?` : fields.size > 0 ? `known here: ${[...fields.keys()].join(', ')}` : `${describeType(type)} has no fields`;
        this.error(code, `unknown attribute "${seg}" on ${where}`, source, hint);
        return undefined;
      }
      getters.push(f.get);
      type = f.type;
    }
    if (getters.length === 1) return { type, get: getters[0] };
    return {
      type,
      get: (v: Value) => {
        for (const g of getters) {
          if (v === undefined) return undefined;
          v = g(v);
        }
        return v;
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Conditions

  /** Compiles a `when` condition to a predicate; undefined when it has errors (reported). */
  compileCondition(expr: ConditionExpr, scope: StaticType): ((scope: Value) => boolean) | undefined {
    const before = this.diagnostics.length;
    const fn = this.bool(expr, scope);
    return fn && this.diagnostics.length === before ? fn : undefined;
  }

  private bool(expr: ConditionExpr, scope: StaticType): ((v: Value) => boolean) | undefined {
    switch (expr.op) {
      case 'and':
      case 'or': {
        const parts = expr.args.map((a) => this.bool(a, scope));
        if (parts.some((p) => p === undefined)) return undefined;
        const fs = parts as ((v: Value) => boolean)[];
        if (expr.op === 'and') return (v) => fs.every((f) => f(v));
        return (v) => fs.some((f) => f(v));
      }
      case 'not': {
        const f = this.bool(expr.arg, scope);
        return f && ((v) => !f(v));
      }
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.comparison(expr, scope);
      case 'in':
        return this.membership(expr, scope);
      case 'call':
        return this.call(expr, scope);
      case 'path':
      case 'literal': {
        const operand = this.operand(expr, scope);
        if (!operand) return undefined;
        if (operand.type.t !== 'bool' && operand.type.t !== 'unknown') {
          this.error('WD3007', `a condition must be true or false, but this is ${describeType(operand.type)}`, expr.source, 'compare it (e.g. `authn == none`) or test it with has(...)');
          return undefined;
        }
        const g = operand.get;
        return (v) => g(v) === true;
      }
      case 'list':
        this.error('WD3007', 'a list is not a condition', expr.source, 'use it on the right of `in`');
        return undefined;
    }
  }

  /** A name written bare: a one-segment path or an identifier literal. */
  private bareName(expr: ConditionExpr): string | undefined {
    if (expr.op === 'path' && expr.path.length === 1) return expr.path[0];
    if (expr.op === 'literal') {
      const v = expr.value;
      if (v.type === 'ident' || v.type === 'enum') return v.value;
      if (v.type === 'ref') return v.target;
    }
    return undefined;
  }

  private isField(expr: ConditionExpr, scope: StaticType): boolean {
    const name = this.bareName(expr);
    return name !== undefined && this.fields(scope).has(name);
  }

  /**
   * A name that denotes a value of type `expected` (an enum member, kind, control, element, data
   * asset or boundary), or undefined when it is none of them.
   */
  private nameAs(name: string, expected: StaticType): FieldDef | undefined {
    const lk = this.lookup;
    const constant = (type: StaticType, value: Value): FieldDef => ({ type, get: () => value });
    switch (expected.t) {
      case 'enum':
        return expected.members.includes(name) ? constant(expected, name) : undefined;
      case 'kind':
        return lk.ancestry.has(name) ? constant(expected, name) : undefined;
      case 'control':
        return lk.controls.has(name) ? constant(expected, name) : undefined;
      case 'element':
        return lk.elements.has(name) ? constant(expected, lk.elements.get(name)) : undefined;
      case 'flow':
        return lk.flows.has(name) ? constant(expected, lk.flows.get(name)) : undefined;
      case 'data':
        return lk.data.has(name) ? constant(expected, lk.data.get(name)) : undefined;
      case 'boundary':
        return lk.boundaries.has(name) ? constant(expected, lk.boundaries.get(name)) : undefined;
      default:
        return undefined;
    }
  }

  /** Compiles a value-producing expression; `expected` is the type of the other side, for bare names. */
  private operand(expr: ConditionExpr, scope: StaticType, expected?: StaticType): FieldDef | undefined {
    const name = this.bareName(expr);
    if (name !== undefined) {
      if (expected) {
        // Against a list, a bare name is read as one of its items: `data == Sec` then reports the
        // list comparison (with a hint to use `in`), not an unknown attribute "Sec".
        const asName = this.nameAs(name, expected) ?? (expected.t === 'list' ? this.nameAs(name, expected.of) : undefined);
        if (asName) return asName;
      }
      if (this.fields(scope).has(name)) return this.compilePath([name], scope, expr.source);
      if (expected && expected.t === 'enum') {
        const guess = didYouMean(name, expected.members);
        this.error('WD3004', `"${name}" is not a member of ${describeType(expected)}`, expr.source, guess ? `did you mean "${guess}"?` : `members: ${expected.members.join(', ')}`);
        return undefined;
      }
      if (expected && ['kind', 'control', 'element', 'flow', 'data', 'boundary'].includes(expected.t)) {
        const pool = this.namesOf(expected);
        const guess = didYouMean(name, pool);
        this.error('WD3002', `unknown ${describeType(expected)} "${name}"`, expr.source, guess ? `did you mean "${guess}"?` : undefined);
        return undefined;
      }
      return this.compilePath([name], scope, expr.source);
    }
    switch (expr.op) {
      case 'path':
        return this.compilePath(expr.path, scope, expr.source);
      case 'literal': {
        const v = expr.value;
        if (v.type === 'string' || v.type === 'number' || v.type === 'bool' || v.type === 'date') {
          const value = v.value;
          return { type: { t: v.type }, get: () => value };
        }
        this.error('WD3003', `unsupported literal in a condition`, expr.source);
        return undefined;
      }
      case 'list':
        this.error('WD3003', 'a list literal is only allowed on the right of `in`', expr.source);
        return undefined;
      default: {
        // Boolean sub-expressions used as values: `any(...) == false`.
        const f = this.bool(expr, scope);
        return f && { type: BOOL, get: f };
      }
    }
  }

  private namesOf(t: StaticType): string[] {
    const lk = this.lookup;
    switch (t.t) {
      case 'kind':
        return [...lk.ancestry.keys()];
      case 'control':
        return [...lk.controls.keys()];
      case 'element':
        return [...lk.elements.keys()];
      case 'flow':
        return [...lk.flows.keys()];
      case 'data':
        return [...lk.data.keys()];
      case 'boundary':
        return [...lk.boundaries.keys()];
      default:
        return [];
    }
  }

  /** Compiles both sides of a binary operator, resolving a bare name against the other side's type. */
  private sides(left: ConditionExpr, right: ConditionExpr, scope: StaticType): [FieldDef, FieldDef] | undefined {
    const leftBare = this.bareName(left) !== undefined && !this.isField(left, scope);
    if (leftBare && this.bareName(right) === undefined) {
      const r = this.operand(right, scope);
      if (!r) return undefined;
      const l = this.operand(left, scope, r.type);
      return l && [l, r];
    }
    const l = this.operand(left, scope);
    if (!l) return undefined;
    const r = this.operand(right, scope, l.type);
    return r && [l, r];
  }

  private comparison(expr: Extract<ConditionExpr, { op: '==' | '!=' | '<' | '<=' | '>' | '>=' }>, scope: StaticType): ((v: Value) => boolean) | undefined {
    const both = this.sides(expr.left, expr.right, scope);
    if (!both) return undefined;
    const [l, r] = both;
    if (!compatible(l.type, r.type)) {
      this.error('WD3003', `cannot compare ${describeType(l.type)} with ${describeType(r.type)}`, expr.source, l.type.t === 'list' || r.type.t === 'list' ? 'use `in`, any(list, condition) or all(list, condition) for lists' : undefined);
      return undefined;
    }
    if (l.type.t === 'list' || r.type.t === 'list') {
      this.error('WD3003', `cannot use ${expr.op} on a list`, expr.source, 'use `in`, any(list, condition) or all(list, condition)');
      return undefined;
    }
    const lg = l.get;
    const rg = r.get;
    if (expr.op === '==' || expr.op === '!=') {
      const eq = (v: Value) => {
        const a = lg(v);
        const b = rg(v);
        return a === b;
      };
      return expr.op === '==' ? eq : (v) => !eq(v);
    }
    const t = l.type.t === 'unknown' ? r.type : l.type;
    let key: ((x: Value) => number | string | undefined) | undefined;
    if (t.t === 'number' || t.t === 'date' || t.t === 'unknown') key = (x) => x;
    else if (t.t === 'enum' && t.ranked) {
      const ranks = RANKS[t.ranked];
      key = (x) => (x === undefined ? undefined : ranks.get(x));
    }
    if (!key) {
      this.error('WD3008', `${describeType(t)} values have no order; ${expr.op} is not defined on them`, expr.source, 'only numbers, dates, trust levels and classifications compare with < <= > >=');
      return undefined;
    }
    const k = key;
    type Ordered = number | string;
    const ops: Record<string, (a: Ordered, b: Ordered) => boolean> = { '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b };
    const cmp = ops[expr.op];
    return (v) => {
      const a = k(lg(v));
      const b = k(rg(v));
      return a !== undefined && b !== undefined && cmp(a, b);
    };
  }

  private membership(expr: Extract<ConditionExpr, { op: 'in' }>, scope: StaticType): ((v: Value) => boolean) | undefined {
    const { left, right } = expr;
    if (right.op === 'list') {
      const l = this.operand(left, scope, this.listItemHint(right, scope));
      if (!l) return undefined;
      if (l.type.t === 'list') {
        this.error('WD3003', 'the left of `in` must be a single value, not a list', left.source, 'use any(list, x in [...])');
        return undefined;
      }
      const items: FieldDef[] = [];
      for (const item of right.items) {
        const it = this.operand(item, scope, l.type);
        if (!it) return undefined;
        if (!compatible(l.type, it.type)) {
          this.error('WD3003', `cannot compare ${describeType(l.type)} with ${describeType(it.type)}`, item.source);
          return undefined;
        }
        items.push(it);
      }
      const lg = l.get;
      const gs = items.map((i) => i.get);
      return (v) => {
        const a = lg(v);
        return a !== undefined && gs.some((g) => g(v) === a);
      };
    }
    // `x in listPath`: the right side gives the element type for a bare name on the left.
    const r = this.operand(right, scope);
    if (!r) return undefined;
    if (r.type.t !== 'list') {
      this.error('WD3003', `the right of \`in\` must be a list, but this is ${describeType(r.type)}`, right.source);
      return undefined;
    }
    const l = this.operand(left, scope, r.type.of);
    if (!l) return undefined;
    if (!compatible(l.type, r.type.of)) {
      this.error('WD3003', `cannot look for ${describeType(l.type)} in ${describeType(r.type)}`, expr.source);
      return undefined;
    }
    const lg = l.get;
    const rg = r.get;
    return (v) => {
      const a = lg(v);
      const list = rg(v);
      return a !== undefined && Array.isArray(list) && list.includes(a);
    };
  }

  /** For `x in [a, b]` with a bare `x`: the type of the first list item that is not bare, if any. */
  private listItemHint(list: Extract<ConditionExpr, { op: 'list' }>, scope: StaticType): StaticType | undefined {
    for (const item of list.items) {
      if (this.bareName(item) === undefined && item.op === 'literal') {
        const v = item.value;
        if (v.type === 'string' || v.type === 'number' || v.type === 'bool' || v.type === 'date') return { t: v.type };
      }
    }
    void scope;
    return undefined;
  }

  private call(expr: Extract<ConditionExpr, { op: 'call' }>, scope: StaticType): ((v: Value) => boolean) | undefined {
    const arity = FUNCTIONS[expr.name];
    if (arity === undefined) {
      const guess = didYouMean(expr.name, Object.keys(FUNCTIONS));
      this.error('WD3005', `unknown function "${expr.name}"`, expr.source, guess ? `did you mean "${guess}"?` : `functions: ${Object.keys(FUNCTIONS).join(', ')}`);
      return undefined;
    }
    if (expr.args.length !== arity) {
      this.error('WD3006', `${expr.name} takes ${arity} argument${arity === 1 ? '' : 's'}, got ${expr.args.length}`, expr.source);
      return undefined;
    }
    const lk = this.lookup;
    switch (expr.name) {
      case 'crossesInto':
      case 'crossesBoundary': {
        if (scope.t !== 'flow') {
          this.error('WD3006', `${expr.name} applies to flows, not to ${describeScope(scope)}`, expr.source);
          return undefined;
        }
        return expr.name === 'crossesInto' ? (f: Flow) => crossesInto(lk, f) : (f: Flow) => crossesBoundary(lk, f);
      }
      case 'has': {
        const arg = expr.args[0];
        if (arg.op !== 'path' && !(arg.op === 'literal' && this.bareName(arg) !== undefined)) {
          this.error('WD3006', 'has(...) takes an attribute path', arg.source, 'e.g. has(authn) or has(to.boundary)');
          return undefined;
        }
        const path = arg.op === 'path' ? arg.path : [this.bareName(arg)!];
        const p = this.compilePath(path, scope, arg.source);
        if (!p) return undefined;
        const g = p.get;
        return (v) => {
          const x = g(v);
          return x !== undefined && !(Array.isArray(x) && x.length === 0);
        };
      }
      case 'hasControl': {
        if (scope.t !== 'element' && scope.t !== 'flow') {
          this.error('WD3006', `hasControl applies to elements and flows, not to ${describeScope(scope)}`, expr.source);
          return undefined;
        }
        const name = this.bareName(expr.args[0]);
        if (name === undefined || !lk.controls.has(name)) {
          const guess = name === undefined ? undefined : didYouMean(name, lk.controls.keys());
          this.error('WD3011', name === undefined ? 'hasControl(...) takes a control name' : `unknown control "${name}"`, expr.args[0].source, guess ? `did you mean "${guess}"?` : 'controls are declared with `control` (see docs/contracts/controls.md)');
          return undefined;
        }
        return (e: Element | Flow) => e.controls.some((c) => c.control === name);
      }
      case 'isKind': {
        if (scope.t !== 'element' && scope.t !== 'flow') {
          this.error('WD3006', `isKind applies to elements and flows, not to ${describeScope(scope)}`, expr.source);
          return undefined;
        }
        const name = this.bareName(expr.args[0]);
        if (name === undefined || !lk.ancestry.has(name)) {
          const guess = name === undefined ? undefined : didYouMean(name, lk.ancestry.keys());
          this.error('WD3002', name === undefined ? 'isKind(...) takes a kind name' : `unknown kind "${name}"`, expr.args[0].source, guess ? `did you mean "${guess}"?` : undefined);
          return undefined;
        }
        return (e: Element | Flow) => e !== undefined && isKindOf(lk, e.kind, name);
      }
      case 'any':
      case 'all': {
        const list = this.operand(expr.args[0], scope);
        if (!list) return undefined;
        if (list.type.t !== 'list' || !['element', 'flow', 'data', 'boundary'].includes(list.type.of.t)) {
          this.error('WD3006', `${expr.name}(...) takes a list of elements, flows, data or boundaries first, but this is ${describeType(list.type)}`, expr.args[0].source, 'e.g. any(data, classification >= confidential)');
          return undefined;
        }
        const cond = this.bool(expr.args[1], list.type.of);
        if (!cond) return undefined;
        const g = list.get;
        if (expr.name === 'any') return (v) => (g(v) ?? []).some(cond);
        return (v) => (g(v) ?? []).every(cond);
      }
    }
    return undefined;
  }
}

function describeScope(t: StaticType): string {
  if (t.t === 'element' || t.t === 'flow') return t.kind ?? t.t;
  return describeType(t);
}

function sameType(a: StaticType, b: StaticType): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'enum' && b.t === 'enum') return a.ranked === b.ranked && a.members.join() === b.members.join();
  if (a.t === 'list' && b.t === 'list') return sameType(a.of, b.of);
  return true;
}

/** Whether two values can be compared with == (and, when ordered, with < ...). */
function compatible(a: StaticType, b: StaticType): boolean {
  if (a.t === 'unknown' || b.t === 'unknown') return true;
  if (a.t !== b.t) return false;
  if (a.t === 'enum' && b.t === 'enum') return a.ranked === b.ranked && (a.ranked !== undefined || a.members.some((m) => b.members.includes(m)));
  if (a.t === 'list' && b.t === 'list') return compatible(a.of, b.of);
  return true;
}

function maxByRank(items: Value[], get: Getter, ranks: Map<string, number>): Value {
  let best: string | undefined;
  let bestRank = -1;
  for (const item of items ?? []) {
    const v = get(item);
    const r = v === undefined ? undefined : ranks.get(v);
    if (r !== undefined && r > bestRank) {
      best = v;
      bestRank = r;
    }
  }
  return best;
}

/** Trust rank of an element's boundary; an element outside every boundary counts as untrusted. */
export function trustRankOf(lk: ModelLookup, elementId: string): number {
  const e = lk.elements.get(elementId);
  const b = e?.boundary === undefined ? undefined : lk.boundaries.get(e.boundary);
  return b ? b.trustRank : 0;
}

/** A flow into a more trusted boundary than the one it comes from. */
export function crossesInto(lk: ModelLookup, f: Flow): boolean {
  return trustRankOf(lk, f.to) > trustRankOf(lk, f.from);
}

/** A flow whose ends sit in different boundaries (or one inside a boundary and one outside all). */
export function crossesBoundary(lk: ModelLookup, f: Flow): boolean {
  return lk.elements.get(f.from)?.boundary !== lk.elements.get(f.to)?.boundary;
}
