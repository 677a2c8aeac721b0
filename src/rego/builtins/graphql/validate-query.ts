// Validation of a query document against a schema: a walk over operations, then fragments, that
// annotates the tree (field and type definitions, expected value types, variable uses) and tells
// each rule what it visits. Rules report into one list, in the order they see problems; the rules
// are the GraphQL specification's validation rules as opa's library implements them (rules.ts,
// rule-values.ts, rule-overlap.ts), run in the order of their names.
import { forName, node, typeName, type Argument, type ArgumentDefinition, type Definition, type Directive, type Field, type FieldDefinition, type FragmentDefinition, type FragmentSpread, type InlineFragment, type OperationDefinition, type Position, type QueryDocument, type Selection, type Type, type Value, type VariableDefinition } from './ast.js';
import { GqlError } from './errors.js';
import { RULES } from './rules.js';
import type { Schema } from './validate-schema.js';

type On<T> = Array<(w: Walker, n: T) => void>;

export interface Events {
  operation: On<OperationDefinition>;
  field: On<Field>;
  fragment: On<FragmentDefinition>;
  inlineFragment: On<InlineFragment>;
  fragmentSpread: On<FragmentSpread>;
  directive: On<Directive>;
  directiveList: On<Directive[] | null>;
  value: On<Value>;
  variable: On<VariableDefinition>;
}

/** Reports a problem: its message and the positions it points at (absent ones skipped). */
export type Report = (message: string, ...at: Array<Position | null | undefined>) => void;

export interface Rule {
  name: string;
  register(on: Events, report: Report): void;
}

export class Walker {
  current: OperationDefinition | null = null;
  private validated = new Set<string>();

  constructor(
    readonly schema: Schema,
    readonly doc: QueryDocument,
    private readonly on: Events,
  ) {}

  type(name: string): Definition | null {
    return this.schema.Types.get(name) ?? null;
  }

  walk(): void {
    for (const op of this.doc.Operations ?? []) {
      this.validated = new Set();
      this.operation(op);
    }
    for (const f of this.doc.Fragments ?? []) {
      this.validated = new Set();
      this.fragment(f);
    }
  }

  private operation(op: OperationDefinition): void {
    this.current = op;
    for (const vd of op.VariableDefinitions ?? []) {
      vd.Definition = this.type(typeName(vd.Type!));
      for (const f of this.on.variable) f(this, vd);
      if (vd.DefaultValue) {
        vd.DefaultValue.ExpectedType = vd.Type;
        vd.DefaultValue.Definition = this.type(typeName(vd.Type!));
      }
    }
    const [def, loc] = this.root(op.Operation);
    for (const vd of op.VariableDefinitions ?? []) {
      if (vd.DefaultValue) this.value(vd.DefaultValue);
      this.directives(vd.Definition, vd.Directives, 'VARIABLE_DEFINITION');
    }
    this.directives(def, op.Directives, loc);
    this.selectionSet(def, op.SelectionSet);
    for (const f of this.on.operation) f(this, op);
    this.current = null;
  }

  /** The root type and directive location of an operation type. */
  root(operation: string): [Definition | null, string] {
    if (operation === 'query' || operation === '') return [this.schema.Query, 'QUERY'];
    if (operation === 'mutation') return [this.schema.Mutation, 'MUTATION'];
    if (operation === 'subscription') return [this.schema.Subscription, 'SUBSCRIPTION'];
    return [null, ''];
  }

  private fragment(fd: FragmentDefinition): void {
    const def = this.type(fd.TypeCondition);
    fd.Definition = def;
    this.directives(def, fd.Directives, 'FRAGMENT_DEFINITION');
    this.selectionSet(def, fd.SelectionSet);
    for (const f of this.on.fragment) f(this, fd);
  }

  private directives(parent: Definition | null, dirs: Directive[] | null, location: string): void {
    for (const dir of dirs ?? []) {
      const def = this.schema.Directives.get(dir.Name) ?? null;
      dir.Definition = def;
      dir.ParentDefinition = parent;
      dir.Location = location;
      for (const arg of dir.Arguments ?? []) this.argument(def ? forName(def.Arguments, arg.Name) : null, arg);
      for (const f of this.on.directive) f(this, dir);
    }
    for (const f of this.on.directiveList) f(this, dirs);
  }

  private expect(v: Value, t: Type, hasDefault: boolean): void {
    v.ExpectedType = t;
    v.ExpectedTypeHasDefault = hasDefault;
    v.Definition = this.type(typeName(t));
  }

  private value(v: Value): void {
    if (v.Kind === 0 && this.current) {
      v.VariableDefinition = forName(this.current.VariableDefinitions, v.Raw, 'Variable');
      if (v.VariableDefinition) v.VariableDefinition.Used = true;
    }
    if (v.Kind === 9)
      for (const child of v.Children ?? []) {
        const fd = v.Definition ? forName(v.Definition.Fields, child.Name) : null;
        if (fd) this.expect(child.Value!, fd.Type!, !!fd.DefaultValue && fd.DefaultValue.Kind !== 6);
        this.value(child.Value!);
      }
    if (v.Kind === 8)
      for (const child of v.Children ?? []) {
        if (v.ExpectedType?.Elem) {
          child.Value!.ExpectedType = v.ExpectedType.Elem;
          child.Value!.Definition = v.Definition;
        }
        this.value(child.Value!);
      }
    for (const f of this.on.value) f(this, v);
  }

  private argument(def: ArgumentDefinition | null, arg: Argument): void {
    if (def) this.expect(arg.Value!, def.Type!, !!def.DefaultValue && def.DefaultValue.Kind !== 6);
    this.value(arg.Value!);
  }

  private selectionSet(parent: Definition | null, set: Selection[] | null): void {
    for (const s of set ?? []) {
      if (s.$t === 'Field') this.field(parent, s as Field);
      else if (s.$t === 'InlineFragment') this.inlineFragment(parent, s as InlineFragment);
      else this.fragmentSpread(parent, s as FragmentSpread);
    }
  }

  private field(parent: Definition | null, f: Field): void {
    let def: FieldDefinition | null = null;
    if (f.Name === '__typename') def = node<FieldDefinition>('FieldDefinition', { Name: '__typename', Type: node<Type>('Type', { NamedType: 'String' }) });
    else if (parent) def = forName(parent.Fields, f.Name);
    f.Definition = def;
    f.ObjectDefinition = parent;
    const next = def ? this.type(typeName(def.Type!)) : null;
    for (const arg of f.Arguments ?? []) this.argument(def ? forName(def.Arguments, arg.Name) : null, arg);
    this.directives(next, f.Directives, 'FIELD');
    this.selectionSet(next, f.SelectionSet);
    for (const h of this.on.field) h(this, f);
  }

  private inlineFragment(parent: Definition | null, f: InlineFragment): void {
    f.ObjectDefinition = parent;
    const next = f.TypeCondition !== '' ? this.type(f.TypeCondition) : parent;
    this.directives(next, f.Directives, 'INLINE_FRAGMENT');
    this.selectionSet(next, f.SelectionSet);
    for (const h of this.on.inlineFragment) h(this, f);
  }

  private fragmentSpread(parent: Definition | null, s: FragmentSpread): void {
    const def = forName(this.doc.Fragments, s.Name);
    s.Definition = def;
    s.ObjectDefinition = parent;
    const next = def ? this.type(def.TypeCondition) : null;
    this.directives(next, s.Directives, 'FRAGMENT_SPREAD');
    if (def && !this.validated.has(def.Name)) {
      this.validated.add(def.Name);
      this.directives(next, def.Directives, 'FRAGMENT_DEFINITION');
      this.selectionSet(next, def.SelectionSet);
    }
    for (const h of this.on.fragmentSpread) h(this, s);
  }
}

/** Every problem of `doc` against `schema`, in the order opa's library reports them. */
export function validateQuery(schema: Schema, doc: QueryDocument): GqlError[] {
  const errors: GqlError[] = [];
  const on: Events = { operation: [], field: [], fragment: [], inlineFragment: [], fragmentSpread: [], directive: [], directiveList: [], value: [], variable: [] };
  const report: Report = (message, ...at) => {
    const locs = at.filter((p): p is Position => !!p);
    const file = locs.reduce((f, p) => p.src || f, '');
    errors.push(new GqlError(message, locs.map((p) => ({ line: p.line, column: p.column })), file));
  };
  for (const rule of [...RULES].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) rule.register(on, report);
  new Walker(schema, doc, on).walk();
  return errors;
}
