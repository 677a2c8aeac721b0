// Builds a schema from a schema document (the prelude's definitions first) and checks it, stopping
// at the first problem as opa's library does: redeclared types and directives, extensions of the
// wrong kind, root operation types, type references, interface implementations, input-object
// cycles, directive uses. Definitions are checked in the order of their names.
import { forName, node, typeName, typeString, type ArgumentDefinition, type Definition, type Directive, type DirectiveDefinition, type FieldDefinition, type SchemaDocument, type Type } from './ast.js';
import { errorAt } from './errors.js';
import { parseSchema } from './schema.js';
import { PRELUDE } from './prelude.js';

export interface Schema {
  Query: Definition | null;
  Mutation: Definition | null;
  Subscription: Definition | null;
  Types: Map<string, Definition>;
  Directives: Map<string, DirectiveDefinition>;
  PossibleTypes: Map<string, Array<Definition | null>>;
}

const BUILTIN_DIRECTIVES = new Set(['include', 'skip', 'deprecated', 'specifiedBy', 'defer', 'oneOf']);

/** The prelude's definitions, parsed afresh for every schema (validation adds fields to them). */
function prelude(): SchemaDocument {
  const { doc, err } = parseSchema(PRELUDE, 'prelude.graphql', true);
  if (err) throw new Error(`GraphQL prelude: ${err.message}`);
  return doc;
}

const cat = <T>(...lists: Array<T[] | null | undefined>): T[] => lists.flatMap((l) => l ?? []);

/** The schema of `doc` merged after the prelude; throws the first GqlError found. */
export function buildSchema(doc: SchemaDocument): Schema {
  const pre = prelude();
  const defs = cat(pre.Definitions, doc.Definitions);
  const schema: Schema = { Query: null, Mutation: null, Subscription: null, Types: new Map(), Directives: new Map(), PossibleTypes: new Map() };
  for (const def of defs) {
    if (schema.Types.get(def.Name)) throw errorAt(def.Position, `Cannot redeclare type ${def.Name}.`);
    schema.Types.set(def.Name, def);
  }
  const all = [...defs];
  for (const ext of cat(pre.Extensions, doc.Extensions)) {
    let def = schema.Types.get(ext.Name);
    if (!def) {
      def = node<Definition>('Definition', { Kind: ext.Kind, Name: ext.Name, Position: ext.Position });
      schema.Types.set(ext.Name, def);
      all.push(def);
    }
    if (def.Kind !== ext.Kind) throw errorAt(ext.Position, `Cannot extend type ${ext.Name} because the base type is a ${def.Kind}, not ${ext.Kind}.`);
    def.Directives = cat(def.Directives, ext.Directives);
    def.Interfaces = cat(def.Interfaces, ext.Interfaces);
    def.Fields = cat(def.Fields, ext.Fields);
    def.Types = cat(def.Types, ext.Types);
    def.TypePositions = cat(def.TypePositions, ext.TypePositions);
    def.EnumValues = cat(def.EnumValues, ext.EnumValues);
  }
  possibleTypes(schema, all);
  for (const dir of cat(pre.Directives, doc.Directives)) {
    if (schema.Directives.get(dir.Name) && !BUILTIN_DIRECTIVES.has(dir.Name)) throw errorAt(dir.Position, `Cannot redeclare directive ${dir.Name}.`);
    schema.Directives.set(dir.Name, dir);
  }
  rootTypes(schema, doc);
  for (const name of [...schema.Types.keys()].sort()) validateDefinition(schema, schema.Types.get(name)!);
  inputObjectCycles(schema);
  for (const name of [...schema.Directives.keys()].sort()) {
    const d = schema.Directives.get(name)!;
    validateName(d.Position, d.Name);
    validateArgs(schema, d.Arguments, d);
  }
  if (!cat(pre.Schema, doc.Schema).length) {
    schema.Query ??= schema.Types.get('Query') ?? null;
    schema.Mutation ??= schema.Types.get('Mutation') ?? null;
    schema.Subscription ??= schema.Types.get('Subscription') ?? null;
  }
  if (schema.Query) {
    const named = (n: string, nonNull: boolean): Type => node<Type>('Type', { NamedType: n, NonNull: nonNull });
    const nameArg = node('ArgumentDefinition', { Name: 'name', Type: named('String', true) });
    schema.Query.Fields = cat(schema.Query.Fields, [node<FieldDefinition>('FieldDefinition', { Name: '__schema', Type: named('__Schema', true) }), node<FieldDefinition>('FieldDefinition', { Name: '__type', Type: named('__Type', false), Arguments: [nameArg] as ArgumentDefinition[] })]);
  }
  return schema;
}

function addPossible(schema: Schema, name: string, def: Definition | null): void {
  const l = schema.PossibleTypes.get(name);
  if (l) l.push(def);
  else schema.PossibleTypes.set(name, [def]);
}

function possibleTypes(schema: Schema, defs: Definition[]): void {
  for (const def of defs) {
    if (def.Kind === 'UNION') for (const t of def.Types ?? []) addPossible(schema, def.Name, schema.Types.get(t) ?? null);
    else if (def.Kind === 'INPUT_OBJECT' || def.Kind === 'OBJECT' || def.Kind === 'INTERFACE') {
      for (const intf of def.Interfaces ?? []) addPossible(schema, intf, def);
      if (def.Kind !== 'INTERFACE') addPossible(schema, def.Name, def);
    }
  }
}

/** The root operation types of the schema definition and its extensions. */
function rootTypes(schema: Schema, doc: SchemaDocument): void {
  const defs = doc.Schema ?? [];
  if (defs.length > 1) throw errorAt(defs[1]!.Position, 'Cannot have multiple schema entry points, consider schema extensions instead.');
  for (const sd of [...defs, ...(doc.SchemaExtension ?? [])]) {
    for (const ep of sd.OperationTypes ?? []) {
      const def = schema.Types.get(ep.Type);
      if (!def) throw errorAt(ep.Position, `Schema root ${ep.Operation} refers to a type ${ep.Type} that does not exist.`);
      if (ep.Operation === 'query') schema.Query = def;
      else if (ep.Operation === 'mutation') schema.Mutation = def;
      else if (ep.Operation === 'subscription') schema.Subscription = def;
    }
    validateDirectives(schema, sd.Directives, 'SCHEMA', null, true);
  }
}

function validateName(pos: Definition['Position'], name: string): void {
  if (name.startsWith('__')) throw errorAt(pos, `Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`);
}

function validateTypeRef(schema: Schema, t: Type): void {
  if (!schema.Types.get(typeName(t))) throw errorAt(t.Position, `Undefined type ${typeName(t)}.`);
}

function validateArgs(schema: Schema, args: ArgumentDefinition[] | null, current: DirectiveDefinition | null): void {
  for (const arg of args ?? []) {
    validateName(arg.Position, arg.Name);
    validateTypeRef(schema, arg.Type!);
    const def = schema.Types.get(typeName(arg.Type!))!;
    if (!['SCALAR', 'ENUM', 'INPUT_OBJECT'].includes(def.Kind)) throw errorAt(arg.Position, `cannot use ${typeString(arg.Type!)} as argument ${arg.Name} because ${def.Kind} is not a valid input type`);
    validateDirectives(schema, arg.Directives, 'ARGUMENT_DEFINITION', current, true);
  }
}

/** Directive uses at one location (`single`: one written location, where a directive may appear once unless repeatable). */
function validateDirectives(schema: Schema, dirs: Directive[] | null, location: string, current: DirectiveDefinition | null, single: boolean): void {
  const seen = new Set<string>();
  for (const dir of dirs ?? []) {
    validateName(dir.Position, dir.Name);
    if (current && dir.Name === current.Name) throw errorAt(dir.Position, `Directive ${current.Name} cannot refer to itself.`);
    const def = schema.Directives.get(dir.Name);
    if (!def) throw errorAt(dir.Position, `Undefined directive ${dir.Name}.`);
    if (single) {
      if (seen.has(dir.Name) && !def.IsRepeatable) throw errorAt(dir.Position, `The directive ${dir.Name} can only be used once at this location.`);
      seen.add(dir.Name);
    }
    if (!(def.Locations ?? []).includes(location)) throw errorAt(dir.Position, `Directive ${dir.Name} is not applicable on ${location}.`);
    for (const arg of dir.Arguments ?? []) if (!forName(def.Arguments, arg.Name)) throw errorAt(arg.Position, `Undefined argument ${arg.Name} for directive ${dir.Name}.`);
    for (const sa of def.Arguments ?? []) {
      if (!sa.Type!.NonNull || sa.DefaultValue) continue;
      const arg = forName(dir.Arguments, sa.Name);
      if (!arg || arg.Value!.Kind === 6) throw errorAt(dir.Position, `Argument ${sa.Name} for directive ${dir.Name} cannot be null.`);
    }
    dir.Definition = def;
  }
}

const quote = (s: string): string => JSON.stringify(s);

function validateDefinition(schema: Schema, def: Definition): void {
  for (const f of def.Fields ?? []) {
    validateName(f.Position, f.Name);
    validateTypeRef(schema, f.Type!);
    validateArgs(schema, f.Arguments, null);
    validateDirectives(schema, f.Directives, def.Kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION', null, true);
  }
  for (const t of def.Types ?? []) {
    const td = schema.Types.get(t);
    if (!td) throw errorAt(def.Position, `Undefined type ${quote(t)}.`);
    if (td.Kind !== 'OBJECT') throw errorAt(def.Position, `${def.Kind} type ${quote(t)} must be OBJECT.`);
  }
  for (const intf of def.Interfaces ?? []) validateImplements(schema, def, intf);
  validateKindRules(schema, def);
  validateUniqueness(def);
  if (!def.BuiltIn) validateName(def.Position, def.Name);
  validateDirectives(schema, def.Directives, def.Kind, null, false);
}

function fieldKinds(schema: Schema, def: Definition, allowed: string[], owner: (f: FieldDefinition, kind: string) => string): void {
  for (const f of def.Fields ?? []) {
    const t = schema.Types.get(typeName(f.Type!));
    if (t && !allowed.includes(t.Kind)) throw errorAt(f.Position, `${owner(f, t.Kind)}: field must be one of ${allowed.join(', ')}.`);
  }
}

function validateKindRules(schema: Schema, def: Definition): void {
  if (def.Kind === 'OBJECT' || def.Kind === 'INTERFACE') {
    if (!def.Fields?.length) throw errorAt(def.Position, `${def.Kind} ${def.Name}: must define one or more fields.`);
    fieldKinds(schema, def, ['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'], () => `${def.Kind} ${def.Name}`);
  } else if (def.Kind === 'ENUM') {
    if (!def.EnumValues?.length) throw errorAt(def.Position, `${def.Kind} ${def.Name}: must define one or more unique enum values.`);
    for (const v of def.EnumValues) {
      if (['true', 'false', 'null'].includes(v.Name)) throw errorAt(def.Position, `${def.Kind} ${def.Name}: non-enum value ${v.Name}.`);
      validateDirectives(schema, v.Directives, 'ENUM_VALUE', null, true);
    }
  } else if (def.Kind === 'INPUT_OBJECT') {
    if (!def.Fields?.length) throw errorAt(def.Position, `${def.Kind} ${def.Name}: must define one or more input fields.`);
    fieldKinds(schema, def, ['SCALAR', 'ENUM', 'INPUT_OBJECT'], (f, kind) => `${kind} ${f.Name}`);
  }
}

function validateUniqueness(def: Definition): void {
  const fields = def.Fields ?? [];
  for (let i = 0; i < fields.length; i++) for (const f2 of fields.slice(i + 1)) if (fields[i]!.Name === f2.Name) throw errorAt(f2.Position, `Field ${def.Name}.${f2.Name} can only be defined once.`);
  const values = def.EnumValues ?? [];
  for (let i = 0; i < values.length; i++) for (const v2 of values.slice(i + 1)) if (values[i]!.Name === v2.Name) throw errorAt(v2.Position, `Enum value ${def.Name}.${v2.Name} can only be defined once.`);
  const types = def.Types ?? [];
  const aligned = (def.TypePositions ?? []).length === types.length;
  for (let i = 0; i < types.length; i++)
    for (let j = i + 1; j < types.length; j++) {
      if (types[i] !== types[j]) continue;
      const pos = aligned && def.TypePositions![j] ? def.TypePositions![j] : def.Position;
      throw errorAt(pos, `Union type ${def.Name} can only include type ${types[j]} once.`);
    }
}

function validateImplements(schema: Schema, def: Definition, intfName: string): void {
  const intf = schema.Types.get(intfName);
  if (!intf) throw errorAt(def.Position, `Undefined type ${quote(intfName)}.`);
  if (intf.Kind !== 'INTERFACE') throw errorAt(def.Position, `${quote(intfName)} is a non interface type ${intf.Kind}.`);
  const pre = `For ${def.Name} to implement ${intf.Name}`;
  for (const req of intf.Fields ?? []) {
    const found = forName(def.Fields, req.Name);
    if (!found) throw errorAt(def.Position, `${pre} it must have a field called ${req.Name}.`);
    if (!isCovariant(schema, req.Type!, found.Type!)) throw errorAt(found.Position, `${pre} the field ${req.Name} must have type ${typeString(req.Type!)}.`);
    for (const ra of req.Arguments ?? []) {
      const fa = forName(found.Arguments, ra.Name);
      if (!fa) throw errorAt(found.Position, `${pre} the field ${req.Name} must have the same arguments but it is missing ${ra.Name}.`);
      if (!isCompatible(ra.Type!, fa.Type!)) throw errorAt(fa.Position, `${pre} the field ${req.Name} must have the same arguments but ${ra.Name} has the wrong type.`);
    }
    for (const fa of found.Arguments ?? [])
      if (!forName(req.Arguments, fa.Name) && fa.Type!.NonNull && !fa.DefaultValue) throw errorAt(fa.Position, `${pre} any additional arguments on ${found.Name} must be optional or have a default value but ${fa.Name} is required.`);
  }
  for (const t of intf.Interfaces ?? []) {
    if ((def.Interfaces ?? []).includes(t)) continue;
    if (t === def.Name) throw errorAt(def.Position, `Type ${def.Name} cannot implement ${intfName} because it would create a circular reference.`);
    throw errorAt(def.Position, `Type ${def.Name} must implement ${t} because it is implemented by ${intfName}.`);
  }
}

/** gqlparser's Type.IsCompatible: same named type, list shape, and non-null where `other` is. */
export function isCompatible(t: Type, other: Type): boolean {
  if (t.NamedType !== other.NamedType) return false;
  if (t.Elem && !other.Elem) return false;
  if (t.Elem && !isCompatible(t.Elem, other.Elem!)) return false;
  return other.NonNull ? t.NonNull : true;
}

function isCovariant(schema: Schema, req: Type, actual: Type): boolean {
  if (req.NonNull && !actual.NonNull) return false;
  if (req.NamedType !== '') {
    if (req.NamedType === actual.NamedType) return true;
    return (schema.PossibleTypes.get(req.NamedType) ?? []).some((pt) => pt!.Name === actual.NamedType);
  }
  if (req.Elem && !actual.Elem) return false;
  return isCovariant(schema, req.Elem!, actual.Elem!);
}

/** Input objects that contain themselves through non-null, non-list fields. */
function inputObjectCycles(schema: Schema): void {
  const visited = new Set<string>();
  const path: FieldDefinition[] = [];
  const indexOf = new Map<string, number>();
  const detect = (def: Definition): void => {
    if (visited.has(def.Name)) return;
    visited.add(def.Name);
    indexOf.set(def.Name, path.length);
    for (const f of def.Fields ?? []) {
      if (!f.Type!.NonNull || f.Type!.NamedType === '') continue;
      const ft = schema.Types.get(f.Type!.NamedType);
      if (!ft || ft.Kind !== 'INPUT_OBJECT') continue;
      path.push(f);
      const at = indexOf.get(ft.Name);
      if (at !== undefined) {
        const cycle = path.slice(at);
        throw errorAt(cycle[0]!.Position, `Cannot reference Input Object ${quote(ft.Name)} within itself through a series of non-null fields: ${quote(cycle.map((c) => c.Name).join('.'))}.`);
      }
      detect(ft);
      path.pop();
    }
    indexOf.delete(def.Name);
  };
  for (const name of [...schema.Types.keys()].sort()) {
    const def = schema.Types.get(name)!;
    if (def.Kind === 'INPUT_OBJECT') detect(def);
  }
}

