// OverlappingFieldsCanBeMerged: fields of one selection set (with its fragments) that answer under
// the same name must be the same field with the same arguments and compatible types, unless their
// parents can never be the same object. Compares fields within a set, between a set and the
// fragments it spreads, and between fragments, as opa's library does (whose bookkeeping of compared
// fragments decides which pairs are looked at, so it is kept as is).
import type { Field, FragmentSpread, Position, Selection, Type, Value, ChildValue } from './ast.js';
import { typeString } from './ast.js';
import type { Rule, Walker } from './validate-query.js';

interface Conflict {
  responseName: string;
  message: string;
  sub: Conflict[];
  position: Position | null;
}

type FieldsMap = Map<string, Field[]>;

function collect(set: Selection[] | null): [FieldsMap, FragmentSpread[]] {
  const fields: FieldsMap = new Map();
  const spreads: FragmentSpread[] = [];
  const walk = (sel: Selection[] | null): void => {
    for (const s of sel ?? []) {
      if (s.$t === 'Field') {
        const name = s.Alias !== '' ? s.Alias : s.Name;
        const l = fields.get(name);
        if (l) l.push(s as Field);
        else fields.set(name, [s as Field]);
      } else if (s.$t === 'InlineFragment') walk(s.SelectionSet);
      else spreads.push(s as FragmentSpread);
    }
  };
  walk(set);
  return [fields, spreads];
}

/** Go's reflect.DeepEqual over tree nodes: the same object, or equal field by field. */
function deepEqual(a: unknown, b: unknown, seen = new Set<string>(), ids = new Map<object, number>()): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const id = (o: object): number => ids.get(o) ?? (ids.set(o, ids.size), ids.size - 1);
  const key = `${id(a)}:${id(b)}`;
  if (seen.has(key)) return true;
  seen.add(key);
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen, ids));
}

function sameFieldsMap(a: FieldsMap, b: FieldsMap): boolean {
  if (a.size !== b.size) return false;
  const ka = [...a.keys()];
  if (ka.some((k, i) => k !== [...b.keys()][i])) return false;
  return ka.every((k) => deepEqual(a.get(k), b.get(k)));
}

function sameValue(v1: Value, v2: Value): boolean {
  if (v1.Kind !== v2.Kind || v1.Raw !== v2.Raw) return false;
  let c1: ChildValue[] = v1.Children ?? [];
  let c2: ChildValue[] = v2.Children ?? [];
  if (c1.length !== c2.length) return false;
  if (v1.Kind === 9) {
    const byName = (x: ChildValue, y: ChildValue): number => (x.Name < y.Name ? -1 : x.Name > y.Name ? 1 : 0);
    c1 = [...c1].sort(byName);
    c2 = [...c2].sort(byName);
  }
  return c1.every((x, i) => x.Name === c2[i]!.Name && sameValue(x.Value!, c2[i]!.Value!));
}

function sameArguments(a1: Field['Arguments'], a2: Field['Arguments']): boolean {
  const x = a1 ?? [];
  const y = a2 ?? [];
  return x.length === y.length && x.every((a) => y.some((b) => a.Name === b.Name && sameValue(a.Value!, b.Value!)));
}

function typesConflict(w: Walker, t1: Type, t2: Type): boolean {
  if (t1.Elem) return t2.Elem ? typesConflict(w, t1.Elem, t2.Elem) : true;
  if (t2.Elem) return true;
  if (t1.NonNull !== t2.NonNull) return true;
  const d1 = w.type(t1.NamedType)!;
  const d2 = w.type(t2.NamedType)!;
  const leaf = (k: string): boolean => k === 'SCALAR' || k === 'ENUM';
  return leaf(d1.Kind) && leaf(d2.Kind) ? d1.Name !== d2.Name : false;
}

function conflictText(c: Conflict): string {
  if (!c.sub.length) return c.message;
  return c.sub.map((s) => `subfields "${s.responseName}" conflict because ${conflictText(s)}`).join(' and ');
}

class Overlap {
  walker!: Walker;
  /** Fragment pairs already compared, with whether the comparison was mutually exclusive. */
  private readonly pairs = new Map<string, Map<string, boolean>>();
  private compared = new Set<string>();

  within(set: Selection[] | null): Conflict[] {
    if (!set?.length) return [];
    const [fields, spreads] = collect(set);
    const out: Conflict[] = [];
    for (const list of fields.values()) for (let i = 0; i < list.length; i++) for (const b of list.slice(i + 1)) this.push(out, this.conflict(false, list[i]!, b));
    this.compared = new Set();
    spreads.forEach((a, i) => {
      this.fieldsAndFragment(out, false, fields, a);
      for (const b of spreads.slice(i + 1)) this.fragments(out, false, a, b);
    });
    return out;
  }

  private push(out: Conflict[], c: Conflict | null): void {
    if (c) out.push(c);
  }

  private between(out: Conflict[], excl: boolean, a: FieldsMap, b: FieldsMap): void {
    for (const [name, fa] of a) {
      const fb = b.get(name);
      if (fb) for (const x of fa) for (const y of fb) this.push(out, this.conflict(excl, x, y));
    }
  }

  private fieldsAndFragment(out: Conflict[], excl: boolean, fields: FieldsMap, spread: FragmentSpread): void {
    if (this.compared.has(spread.Name)) return;
    this.compared.add(spread.Name);
    if (!spread.Definition) return;
    const [fb, spreadsB] = collect(spread.Definition.SelectionSet);
    if (sameFieldsMap(fields, fb)) return;
    this.between(out, excl, fields, fb);
    for (const s of spreadsB) if (s.Name !== spread.Name) this.fieldsAndFragment(out, excl, fields, s);
  }

  private hasPair(a: string, b: string, excl: boolean): boolean {
    const r = this.pairs.get(a)?.get(b);
    if (r === undefined) return false;
    return excl ? true : !r;
  }

  private addPair(a: string, b: string, excl: boolean): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const m = this.pairs.get(x) ?? new Map<string, boolean>();
      this.pairs.set(x, m);
      m.set(y, excl);
    }
  }

  private fragments(out: Conflict[], excl: boolean, a: FragmentSpread, b: FragmentSpread): void {
    if (a.Name === b.Name || this.hasPair(a.Name, b.Name, excl)) return;
    this.addPair(a.Name, b.Name, excl);
    if (!a.Definition || !b.Definition) return;
    const [fa, sa] = collect(a.Definition.SelectionSet);
    const [fb, sb] = collect(b.Definition.SelectionSet);
    this.between(out, excl, fa, fb);
    for (const s of sb) this.fragments(out, excl, a, s);
    for (const s of sa) this.fragments(out, excl, s, b);
  }

  private subSelections(excl: boolean, setA: Selection[] | null, setB: Selection[] | null): Conflict[] {
    const out: Conflict[] = [];
    const [fa, sa] = collect(setA);
    const [fb, sb] = collect(setB);
    this.between(out, excl, fa, fb);
    for (const s of sb) {
      this.compared = new Set();
      this.fieldsAndFragment(out, excl, fa, s);
    }
    for (const s of sa) {
      this.compared = new Set();
      this.fieldsAndFragment(out, excl, fb, s);
    }
    for (const x of sa) for (const y of sb) this.fragments(out, excl, x, y);
    return out;
  }

  private conflict(parentExcl: boolean, a: Field, b: Field): Conflict | null {
    if (!a.ObjectDefinition || !b.ObjectDefinition) return null;
    const excl = parentExcl || (a.ObjectDefinition.Name !== b.ObjectDefinition.Name && a.ObjectDefinition.Kind === 'OBJECT' && b.ObjectDefinition.Kind === 'OBJECT' && !!a.Definition && !!b.Definition);
    const responseName = a.Alias !== '' ? a.Alias : a.Name;
    const at = (message: string, sub: Conflict[] = []): Conflict => ({ responseName, message, sub, position: b.Position ?? null });
    if (!excl) {
      if (a.Name !== b.Name) return at(`"${a.Name}" and "${b.Name}" are different fields`);
      if (!sameArguments(a.Arguments, b.Arguments)) return at('they have differing arguments');
    }
    if (a.Definition && b.Definition && typesConflict(this.walker, a.Definition.Type!, b.Definition.Type!)) return at(`they return conflicting types "${typeString(a.Definition.Type!)}" and "${typeString(b.Definition.Type!)}"`);
    const sub = this.subSelections(excl, a.SelectionSet, b.SelectionSet);
    return sub.length ? at('', sub) : null;
  }
}

export const overlappingFieldsRule: Rule = {
  name: 'OverlappingFieldsCanBeMerged',
  register(on, report) {
    const m = new Overlap();
    const run = (w: Walker, set: Selection[] | null): void => {
      m.walker = w;
      for (const c of m.within(set)) report(`Fields "${c.responseName}" conflict because ${conflictText(c)}. Use different aliases on the fields to fetch both if this was intentional.`, c.position);
    };
    on.operation.push((w, op) => run(w, op.SelectionSet));
    on.field.push((w, f) => {
      if (w.current) run(w, f.SelectionSet);
    });
    on.inlineFragment.push((w, f) => run(w, f.SelectionSet));
    on.fragment.push((w, f) => run(w, f.SelectionSet));
  },
};
