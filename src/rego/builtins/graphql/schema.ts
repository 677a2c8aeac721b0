// The schema definition language: type, directive and schema definitions and their extensions.
import { node, type ArgumentDefinition, type CommentGroup, type Definition, type DirectiveDefinition, type EnumValueDefinition, type FieldDefinition, type OperationTypeDefinition, type Position, type SchemaDefinition, type SchemaDocument } from './ast.js';
import type { GqlError } from './errors.js';
import { Tok } from './lexer.js';
import { Parser } from './parser.js';
import { directives, operationType, typeReference, valueLiteral } from './query.js';

interface Description {
  text: string;
  comment: CommentGroup | null;
}

const TYPE_KEYWORDS = new Set(['scalar', 'type', 'interface', 'union', 'enum', 'input']);

/** Parses a schema document (`builtIn` marks the definitions of the prelude); the error is the first syntax error. */
export function parseSchema(source: string, file = '', builtIn = false): { doc: SchemaDocument; err: GqlError | null } {
  const p = new Parser(source, file);
  const doc = node<SchemaDocument>('SchemaDocument');
  while (p.peek().kind !== Tok.EOF && !p.err) {
    let desc: Description = { text: '', comment: null };
    if (p.peek().kind === Tok.BlockString || p.peek().kind === Tok.String) desc = description(p);
    const t = p.peek();
    if (t.kind !== Tok.Name) {
      p.unexpected();
      break;
    }
    if (TYPE_KEYWORDS.has(t.value)) (doc.Definitions ??= []).push(typeDefinition(p, t.value, desc));
    else if (t.value === 'schema') (doc.Schema ??= []).push(schemaDefinition(p, desc));
    else if (t.value === 'directive') (doc.Directives ??= []).push(directiveDefinition(p, desc));
    else if (t.value === 'extend') {
      if (desc.text !== '') p.unexpected(p.prev);
      extension(p, doc);
    } else {
      p.unexpected();
      break;
    }
  }
  doc.Comment = p.comment;
  for (const d of [...(doc.Definitions ?? []), ...(doc.Extensions ?? [])]) d.BuiltIn = builtIn;
  return { doc, err: p.err };
}

function description(p: Parser): Description {
  const comment = p.comment;
  return { comment, text: p.next().value };
}

/** A definition with its description and the comments around it. */
function definition(p: Parser, kind: string, keyword: string, desc: Description | null, afterComment?: CommentGroup | null): Definition {
  const [, comment] = p.expectKeyword(keyword);
  const def = node<Definition>('Definition', { Position: p.peekPos(), Kind: kind });
  if (desc) {
    def['BeforeDescriptionComment'] = desc.comment;
    def.Description = desc.text;
    def['AfterDescriptionComment'] = comment;
  } else def['AfterDescriptionComment'] = afterComment ?? null;
  def.Name = p.name();
  return def;
}

const KIND_OF: Record<string, string> = { scalar: 'SCALAR', type: 'OBJECT', interface: 'INTERFACE', union: 'UNION', enum: 'ENUM', input: 'INPUT_OBJECT' };

function typeDefinition(p: Parser, keyword: string, desc: Description): Definition {
  const def = definition(p, KIND_OF[keyword]!, keyword, desc);
  typeBody(p, def, keyword, true, true);
  return def;
}

/** What follows a type's name; an interface extension takes no `implements` clause in opa's library. */
function typeBody(p: Parser, def: Definition, keyword: string, constDirectives: boolean, definition: boolean): void {
  if (keyword === 'type' || (keyword === 'interface' && definition)) def.Interfaces = implementsInterfaces(p);
  def.Directives = directives(p, constDirectives);
  if (keyword === 'type' || keyword === 'interface') [def.Fields, def['EndOfDefinitionComment']] = list(p, () => fieldDefinition(p, true));
  else if (keyword === 'input') [def.Fields, def['EndOfDefinitionComment']] = list(p, () => fieldDefinition(p, false));
  else if (keyword === 'enum') [def.EnumValues, def['EndOfDefinitionComment']] = list(p, () => enumValue(p));
  else if (keyword === 'union') [def.Types, def.TypePositions] = unionMembers(p);
}

function list<T>(p: Parser, item: () => T): [T[] | null, CommentGroup | null] {
  const out: T[] = [];
  const comment = p.some(Tok.BraceL, Tok.BraceR, () => out.push(item()));
  return [out.length ? out : null, comment];
}

function implementsInterfaces(p: Parser): string[] | null {
  if (p.peek().value !== 'implements') return null;
  p.next();
  p.skip(Tok.Amp);
  const types = [p.name()];
  while (p.skip(Tok.Amp) && !p.err) types.push(p.name());
  return types;
}

function unionMembers(p: Parser): [string[] | null, Position[]] {
  if (!p.skip(Tok.Equals)) return [null, []];
  p.skip(Tok.Pipe);
  const positions = [p.peekPos()!];
  const types = [p.name()];
  while (p.skip(Tok.Pipe) && !p.err) {
    positions.push(p.peekPos()!);
    types.push(p.name());
  }
  return [types, positions];
}

/** A described item (field, argument, input field, enum value): its description, comments, position and name. */
function describedItem<T extends FieldDefinition | ArgumentDefinition | EnumValueDefinition>(p: Parser, t: string): T {
  const item = node<T>(t);
  if (p.peek().kind === Tok.BlockString || p.peek().kind === Tok.String) {
    const d = description(p);
    if (d.text !== '') {
      item['BeforeDescriptionComment'] = d.comment;
      item.Description = d.text;
    }
  }
  p.peek();
  item['AfterDescriptionComment'] = p.comment;
  item.Position = p.peekPos();
  item.Name = p.name();
  return item;
}

/** A field of an object or interface (withArgs), or an input field. */
function fieldDefinition(p: Parser, withArgs: boolean): FieldDefinition {
  const def = describedItem<FieldDefinition>(p, 'FieldDefinition');
  if (withArgs) def.Arguments = argumentDefinitions(p);
  p.expect(Tok.Colon);
  def.Type = typeReference(p);
  if (!withArgs && p.skip(Tok.Equals)) def.DefaultValue = valueLiteral(p, true);
  def.Directives = directives(p, true);
  return def;
}

function argumentDefinitions(p: Parser): ArgumentDefinition[] | null {
  const out: ArgumentDefinition[] = [];
  p.some(Tok.ParenL, Tok.ParenR, () => {
    const def = describedItem<ArgumentDefinition>(p, 'ArgumentDefinition');
    p.expect(Tok.Colon);
    def.Type = typeReference(p);
    if (p.skip(Tok.Equals)) def.DefaultValue = valueLiteral(p, true);
    def.Directives = directives(p, true);
    out.push(def);
  });
  return out.length ? out : null;
}

function enumValue(p: Parser): EnumValueDefinition {
  const def = describedItem<EnumValueDefinition>(p, 'EnumValueDefinition');
  def.Directives = directives(p, true);
  return def;
}

function operationTypes(p: Parser, def: SchemaDefinition): void {
  const ops: OperationTypeDefinition[] = [];
  def['EndOfDefinitionComment'] = p.some(Tok.BraceL, Tok.BraceR, () => {
    const op = node<OperationTypeDefinition>('OperationTypeDefinition', { Position: p.peekPos(), Comment: p.comment });
    op.Operation = operationType(p);
    p.expect(Tok.Colon);
    op.Type = p.name();
    ops.push(op);
  });
  def.OperationTypes = ops.length ? ops : null;
}

function schemaDefinition(p: Parser, desc: Description): SchemaDefinition {
  const [, comment] = p.expectKeyword('schema');
  const def = node<SchemaDefinition>('SchemaDefinition', { Position: p.peekPos(), BeforeDescriptionComment: desc.comment, Description: desc.text, AfterDescriptionComment: comment });
  def.Directives = directives(p, true);
  operationTypes(p, def);
  return def;
}

function directiveDefinition(p: Parser, desc: Description): DirectiveDefinition {
  const [, comment] = p.expectKeyword('directive');
  p.expect(Tok.At);
  const def = node<DirectiveDefinition>('DirectiveDefinition', { Position: p.peekPos(), BeforeDescriptionComment: desc.comment, Description: desc.text, AfterDescriptionComment: comment });
  def.Name = p.name();
  def.Arguments = argumentDefinitions(p);
  const t = p.peek();
  if (t.kind === Tok.Name && t.value === 'repeatable') {
    def.IsRepeatable = true;
    p.skip(Tok.Name);
  }
  p.expectKeyword('on');
  p.skip(Tok.Pipe);
  const locations = [directiveLocation(p)];
  while (p.skip(Tok.Pipe) && !p.err) locations.push(directiveLocation(p));
  def.Locations = locations;
  return def;
}

const LOCATIONS = new Set(['QUERY', 'MUTATION', 'SUBSCRIPTION', 'FIELD', 'FRAGMENT_DEFINITION', 'FRAGMENT_SPREAD', 'INLINE_FRAGMENT', 'VARIABLE_DEFINITION', 'SCHEMA', 'SCALAR', 'OBJECT', 'FIELD_DEFINITION', 'ARGUMENT_DEFINITION', 'INTERFACE', 'UNION', 'ENUM', 'ENUM_VALUE', 'INPUT_OBJECT', 'INPUT_FIELD_DEFINITION']);

function directiveLocation(p: Parser): string {
  const [t] = p.expect(Tok.Name);
  if (LOCATIONS.has(t.value)) return t.value;
  p.unexpected(t);
  return '';
}

function extension(p: Parser, doc: SchemaDocument): void {
  const [, comment] = p.expectKeyword('extend');
  const keyword = p.peek().value;
  if (keyword === 'schema') {
    p.expectKeyword('schema');
    const def = node<SchemaDefinition>('SchemaDefinition', { Position: p.peekPos(), AfterDescriptionComment: comment });
    def.Directives = directives(p, true);
    operationTypes(p, def);
    if (!def.Directives && !def.OperationTypes) p.unexpected();
    (doc.SchemaExtension ??= []).push(def);
    return;
  }
  if (!TYPE_KEYWORDS.has(keyword)) {
    p.unexpected();
    return;
  }
  const def = definition(p, KIND_OF[keyword]!, keyword, null, comment);
  // an input extension's directives may take variables (as opa's library parses them)
  typeBody(p, def, keyword, keyword !== 'input', false);
  const empty = !def.Interfaces && !def.Directives && !def.Fields && !def.EnumValues && !def.Types;
  if (empty) p.unexpected();
  (doc.Extensions ??= []).push(def);
}
