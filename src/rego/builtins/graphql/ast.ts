// The GraphQL syntax tree in the shape opa's GraphQL library (gqlparser v2) gives it: one record
// type per node kind, with that library's field names, because opa hands the tree to policies as
// a Rego object made of exactly these names. Nodes are plain objects; every node carries its kind
// in `$t`, which the JSON conversion (ast-json.ts) reads and never writes out.

/** A source position: 1-based line and column, in runes (code points), as gqlparser counts them. */
export interface Position {
  line: number;
  column: number;
  /** The file an error names ("input" when empty). */
  src: string;
}

/** Value kinds, numbered as gqlparser's ValueKind (the number is part of the Rego object). */
export const enum ValueKind {
  Variable = 0,
  Int = 1,
  Float = 2,
  String = 3,
  Block = 4,
  Boolean = 5,
  Null = 6,
  Enum = 7,
  List = 8,
  Object = 9,
}

export type Node = { $t: string; Position?: Position | null } & Record<string, any>;

export interface CommentGroup extends Node {
  List: Node[] | null;
}

export interface Type extends Node {
  NamedType: string;
  Elem: Type | null;
  NonNull: boolean;
}

export interface Value extends Node {
  Raw: string;
  Children: ChildValue[] | null;
  Kind: number;
  Comment: CommentGroup | null;
  Definition: Definition | null;
  VariableDefinition: VariableDefinition | null;
  ExpectedType: Type | null;
  ExpectedTypeHasDefault: boolean;
}

export interface ChildValue extends Node {
  Name: string;
  Value: Value | null;
}

export interface Argument extends Node {
  Name: string;
  Value: Value | null;
}

export interface Directive extends Node {
  Name: string;
  Arguments: Argument[] | null;
  ParentDefinition: Definition | null;
  Definition: DirectiveDefinition | null;
  Location: string;
}

export interface VariableDefinition extends Node {
  Variable: string;
  Type: Type | null;
  DefaultValue: Value | null;
  Directives: Directive[] | null;
  Definition: Definition | null;
  Used: boolean;
}

export interface Field extends Node {
  Alias: string;
  Name: string;
  Arguments: Argument[] | null;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Definition: FieldDefinition | null;
  ObjectDefinition: Definition | null;
}

export interface FragmentSpread extends Node {
  Name: string;
  Directives: Directive[] | null;
  ObjectDefinition: Definition | null;
  Definition: FragmentDefinition | null;
}

export interface InlineFragment extends Node {
  TypeCondition: string;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  ObjectDefinition: Definition | null;
}

export type Selection = Field | FragmentSpread | InlineFragment;

export interface OperationDefinition extends Node {
  Operation: string;
  Name: string;
  VariableDefinitions: VariableDefinition[] | null;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
}

export interface FragmentDefinition extends Node {
  Name: string;
  VariableDefinition: VariableDefinition[] | null;
  TypeCondition: string;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Definition: Definition | null;
}

export interface QueryDocument extends Node {
  Operations: OperationDefinition[] | null;
  Fragments: FragmentDefinition[] | null;
}

export interface FieldDefinition extends Node {
  Description: string;
  Name: string;
  Arguments: ArgumentDefinition[] | null;
  DefaultValue: Value | null;
  Type: Type | null;
  Directives: Directive[] | null;
}

export interface ArgumentDefinition extends Node {
  Description: string;
  Name: string;
  DefaultValue: Value | null;
  Type: Type | null;
  Directives: Directive[] | null;
}

export interface EnumValueDefinition extends Node {
  Description: string;
  Name: string;
  Directives: Directive[] | null;
}

export interface Definition extends Node {
  Kind: string;
  Description: string;
  Name: string;
  Directives: Directive[] | null;
  Interfaces: string[] | null;
  Fields: FieldDefinition[] | null;
  Types: string[] | null;
  EnumValues: EnumValueDefinition[] | null;
  BuiltIn: boolean;
  /** Where each member of Types was written (parser only; never in the Rego object). */
  TypePositions?: Position[];
}

export interface DirectiveDefinition extends Node {
  Description: string;
  Name: string;
  Arguments: ArgumentDefinition[] | null;
  Locations: string[] | null;
  IsRepeatable: boolean;
}

export interface OperationTypeDefinition extends Node {
  Operation: string;
  Type: string;
}

export interface SchemaDefinition extends Node {
  Description: string;
  Directives: Directive[] | null;
  OperationTypes: OperationTypeDefinition[] | null;
}

export interface SchemaDocument extends Node {
  Schema: SchemaDefinition[] | null;
  SchemaExtension: SchemaDefinition[] | null;
  Directives: DirectiveDefinition[] | null;
  Definitions: Definition[] | null;
  Extensions: Definition[] | null;
}

/**
 * Field layout of every node kind, in gqlparser's declaration order: a field's type is `s` (string),
 * `b` (bool), `n` (integer), `*Kind` (pointer to a node), `[]Kind` (list of node pointers), `[]s`
 * (list of strings), `sel` (a selection set) or `pos` (a position, never in the Rego object).
 */
export const LAYOUT: Record<string, Array<[string, string]>> = {
  QueryDocument: [['Operations', '[]OperationDefinition'], ['Fragments', '[]FragmentDefinition'], ['Comment', '*CommentGroup']],
  SchemaDocument: [['Schema', '[]SchemaDefinition'], ['SchemaExtension', '[]SchemaDefinition'], ['Directives', '[]DirectiveDefinition'], ['Definitions', '[]Definition'], ['Extensions', '[]Definition'], ['Comment', '*CommentGroup']],
  SchemaDefinition: [['Description', 's'], ['Directives', '[]Directive'], ['OperationTypes', '[]OperationTypeDefinition'], ...comments('Before', 'After', 'End')],
  OperationTypeDefinition: [['Operation', 's'], ['Type', 's'], ['Comment', '*CommentGroup']],
  Definition: [['Kind', 's'], ['Description', 's'], ['Name', 's'], ['Directives', '[]Directive'], ['Interfaces', '[]s'], ['Fields', '[]FieldDefinition'], ['Types', '[]s'], ['EnumValues', '[]EnumValueDefinition'], ['BuiltIn', 'b'], ...comments('Before', 'After', 'End')],
  FieldDefinition: [['Description', 's'], ['Name', 's'], ['Arguments', '[]ArgumentDefinition'], ['DefaultValue', '*Value'], ['Type', '*Type'], ['Directives', '[]Directive'], ...comments('Before', 'After')],
  ArgumentDefinition: [['Description', 's'], ['Name', 's'], ['DefaultValue', '*Value'], ['Type', '*Type'], ['Directives', '[]Directive'], ...comments('Before', 'After')],
  EnumValueDefinition: [['Description', 's'], ['Name', 's'], ['Directives', '[]Directive'], ...comments('Before', 'After')],
  DirectiveDefinition: [['Description', 's'], ['Name', 's'], ['Arguments', '[]ArgumentDefinition'], ['Locations', '[]s'], ['IsRepeatable', 'b'], ...comments('Before', 'After')],
  OperationDefinition: [['Operation', 's'], ['Name', 's'], ['VariableDefinitions', '[]VariableDefinition'], ['Directives', '[]Directive'], ['SelectionSet', 'sel'], ['Comment', '*CommentGroup']],
  VariableDefinition: [['Variable', 's'], ['Type', '*Type'], ['DefaultValue', '*Value'], ['Directives', '[]Directive'], ['Comment', '*CommentGroup'], ['Definition', '*Definition'], ['Used', 'b']],
  Field: [['Alias', 's'], ['Name', 's'], ['Arguments', '[]Argument'], ['Directives', '[]Directive'], ['SelectionSet', 'sel'], ['Comment', '*CommentGroup'], ['Definition', '*FieldDefinition'], ['ObjectDefinition', '*Definition']],
  Argument: [['Name', 's'], ['Value', '*Value'], ['Comment', '*CommentGroup']],
  FragmentSpread: [['Name', 's'], ['Directives', '[]Directive'], ['ObjectDefinition', '*Definition'], ['Definition', '*FragmentDefinition'], ['Comment', '*CommentGroup']],
  InlineFragment: [['TypeCondition', 's'], ['Directives', '[]Directive'], ['SelectionSet', 'sel'], ['ObjectDefinition', '*Definition'], ['Comment', '*CommentGroup']],
  FragmentDefinition: [['Name', 's'], ['VariableDefinition', '[]VariableDefinition'], ['TypeCondition', 's'], ['Directives', '[]Directive'], ['SelectionSet', 'sel'], ['Definition', '*Definition'], ['Comment', '*CommentGroup']],
  Directive: [['Name', 's'], ['Arguments', '[]Argument'], ['ParentDefinition', '*Definition'], ['Definition', '*DirectiveDefinition'], ['Location', 's']],
  Value: [['Raw', 's'], ['Children', '[]ChildValue'], ['Kind', 'n'], ['Comment', '*CommentGroup'], ['Definition', '*Definition'], ['VariableDefinition', '*VariableDefinition'], ['ExpectedType', '*Type'], ['ExpectedTypeHasDefault', 'b']],
  ChildValue: [['Name', 's'], ['Value', '*Value'], ['Comment', '*CommentGroup']],
  Type: [['NamedType', 's'], ['Elem', '*Type'], ['NonNull', 'b']],
  CommentGroup: [['List', '[]Comment']],
  Comment: [['Value', 's'], ['Position', 'pos']],
};

function comments(...which: string[]): Array<[string, string]> {
  const names: Record<string, string> = { Before: 'BeforeDescriptionComment', After: 'AfterDescriptionComment', End: 'EndOfDefinitionComment' };
  return which.map((w) => [names[w]!, '*CommentGroup']);
}

/** A node of kind `t` with every field at Go's zero value (strings "", bools false, pointers null). */
export function node<T extends Node>(t: string, fields: Partial<T> = {}): T {
  const n: Record<string, unknown> = { $t: t };
  for (const [name, ty] of LAYOUT[t]!) n[name] = ty === 's' ? '' : ty === 'b' ? false : ty === 'n' ? 0 : null;
  n['Position'] = null;
  return Object.assign(n, fields) as T;
}

/** A type's innermost named type (gqlparser's Type.Name()). */
export function typeName(t: Type): string {
  return t.NamedType !== '' ? t.NamedType : typeName(t.Elem!);
}

/** A type as GraphQL writes it: `[Int!]!`. */
export function typeString(t: Type): string {
  const nn = t.NonNull ? '!' : '';
  return t.NamedType !== '' ? t.NamedType + nn : `[${typeString(t.Elem!)}]${nn}`;
}

/** The first element named `name` of a list of nodes (ForName), or null. */
export function forName<T extends Node>(list: T[] | null | undefined, name: string, key = 'Name'): T | null {
  for (const it of list ?? []) if (it[key] === name) return it;
  return null;
}
