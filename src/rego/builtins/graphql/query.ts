// Executable documents (queries, mutations, subscriptions, fragments) and the pieces the schema
// language shares with them: values, directives, type references.
import { node, ValueKind, type Argument, type ChildValue, type Directive, type Field, type FragmentDefinition, type FragmentSpread, type InlineFragment, type OperationDefinition, type QueryDocument, type Selection, type Type, type Value, type VariableDefinition } from './ast.js';
import type { GqlError } from './errors.js';
import { Tok, tokText } from './lexer.js';
import { Parser } from './parser.js';

/** Parses a query document; the error is the first syntax error, if any. */
export function parseQuery(source: string): { doc: QueryDocument; err: GqlError | null } {
  const p = new Parser(source);
  const doc = node<QueryDocument>('QueryDocument');
  while (p.peek().kind !== Tok.EOF) {
    if (p.err) break;
    const t = p.peek();
    if (t.kind === Tok.Name && (t.value === 'query' || t.value === 'mutation' || t.value === 'subscription')) (doc.Operations ??= []).push(operation(p));
    else if (t.kind === Tok.Name && t.value === 'fragment') (doc.Fragments ??= []).push(fragmentDefinition(p));
    else if (t.kind === Tok.BraceL) (doc.Operations ??= []).push(operation(p));
    else p.unexpected();
  }
  return { doc, err: p.err };
}

function operation(p: Parser): OperationDefinition {
  if (p.peek().kind === Tok.BraceL) {
    const Position = p.peekPos();
    const SelectionSet = requiredSelectionSet(p);
    // Go reads the pending comment after the selection set was parsed (composite literal order)
    return node<OperationDefinition>('OperationDefinition', { Position, Operation: 'query', SelectionSet, Comment: p.comment });
  }
  const od = node<OperationDefinition>('OperationDefinition', { Position: p.peekPos(), Comment: p.comment });
  od.Operation = operationType(p);
  if (p.peek().kind === Tok.Name) od.Name = p.next().value;
  od.VariableDefinitions = variableDefinitions(p);
  od.Directives = directives(p, false);
  od.SelectionSet = requiredSelectionSet(p);
  return od;
}

export function operationType(p: Parser): string {
  const t = p.next();
  if (t.value === 'query' || t.value === 'mutation' || t.value === 'subscription') return t.value;
  p.unexpected(t);
  return '';
}

function variableDefinitions(p: Parser): VariableDefinition[] | null {
  const defs: VariableDefinition[] = [];
  p.some(Tok.ParenL, Tok.ParenR, () => {
    const def = node<VariableDefinition>('VariableDefinition', { Position: p.peekPos(), Comment: p.comment });
    p.expect(Tok.Dollar);
    def.Variable = p.name();
    p.expect(Tok.Colon);
    def.Type = typeReference(p);
    if (p.skip(Tok.Equals)) def.DefaultValue = valueLiteral(p, true);
    def.Directives = directives(p, false);
    defs.push(def);
  });
  return defs.length ? defs : null;
}

function selections(p: Parser): Selection[] | null {
  const sels: Selection[] = [];
  p.some(Tok.BraceL, Tok.BraceR, () => sels.push(p.peek().kind === Tok.Spread ? fragment(p) : field(p)));
  return sels.length ? sels : null;
}

function requiredSelectionSet(p: Parser): Selection[] | null {
  if (p.peek().kind !== Tok.BraceL) {
    p.error(p.peek(), `Expected {, found ${tokText(p.peek().kind)}`);
    return null;
  }
  return selections(p);
}

function field(p: Parser): Field {
  const f = node<Field>('Field', { Position: p.peekPos(), Comment: p.comment });
  f.Alias = p.name();
  f.Name = p.skip(Tok.Colon) ? p.name() : f.Alias;
  f.Arguments = argumentList(p, false);
  f.Directives = directives(p, false);
  if (p.peek().kind === Tok.BraceL) f.SelectionSet = selections(p);
  return f;
}

export function argumentList(p: Parser, isConst: boolean): Argument[] | null {
  const args: Argument[] = [];
  p.some(Tok.ParenL, Tok.ParenR, () => {
    const a = node<Argument>('Argument', { Position: p.peekPos(), Comment: p.comment });
    a.Name = p.name();
    p.expect(Tok.Colon);
    a.Value = valueLiteral(p, isConst);
    args.push(a);
  });
  return args.length ? args : null;
}

function fragment(p: Parser): Selection {
  const [, comment] = p.expect(Tok.Spread);
  const t = p.peek();
  if (t.kind === Tok.Name && t.value !== 'on') {
    const Position = p.peekPos();
    const Name = fragmentName(p);
    return node<FragmentSpread>('FragmentSpread', { Position, Comment: comment, Name, Directives: directives(p, false) });
  }
  const def = node<InlineFragment>('InlineFragment', { Position: p.peekPos(), Comment: comment });
  if (p.peek().value === 'on') {
    p.next();
    def.TypeCondition = p.name();
  }
  def.Directives = directives(p, false);
  def.SelectionSet = requiredSelectionSet(p);
  return def;
}

function fragmentDefinition(p: Parser): FragmentDefinition {
  const def = node<FragmentDefinition>('FragmentDefinition', { Position: p.peekPos(), Comment: p.comment });
  p.expectKeyword('fragment');
  def.Name = fragmentName(p);
  def.VariableDefinition = variableDefinitions(p);
  p.expectKeyword('on');
  def.TypeCondition = p.name();
  def.Directives = directives(p, false);
  def.SelectionSet = requiredSelectionSet(p);
  return def;
}

function fragmentName(p: Parser): string {
  if (p.peek().value === 'on') {
    p.unexpected();
    return '';
  }
  return p.name();
}

const SCALAR_KINDS: Partial<Record<Tok, ValueKind>> = { [Tok.Int]: ValueKind.Int, [Tok.Float]: ValueKind.Float, [Tok.String]: ValueKind.String, [Tok.BlockString]: ValueKind.Block };

export function valueLiteral(p: Parser, isConst: boolean): Value | null {
  const t = p.peek();
  const pos = { line: t.line, column: t.column, src: p.file };
  if (t.kind === Tok.BracketL || t.kind === Tok.BraceL) return compositeValue(p, isConst, t.kind === Tok.BracketL);
  if (t.kind === Tok.Dollar) {
    if (isConst) {
      p.unexpected();
      return null;
    }
    p.expect(Tok.Dollar);
    const Raw = p.name();
    return node<Value>('Value', { Position: pos, Raw, Kind: ValueKind.Variable, Comment: p.comment });
  }
  let kind = SCALAR_KINDS[t.kind];
  if (t.kind === Tok.Name) kind = t.value === 'true' || t.value === 'false' ? ValueKind.Boolean : t.value === 'null' ? ValueKind.Null : ValueKind.Enum;
  if (kind === undefined) {
    p.unexpected();
    return null;
  }
  p.next();
  return node<Value>('Value', { Position: pos, Raw: t.value, Kind: kind, Comment: p.comment });
}

function compositeValue(p: Parser, isConst: boolean, list: boolean): Value {
  const children: ChildValue[] = [];
  const Position = p.peekPos();
  const Comment = p.comment;
  if (list) p.many(Tok.BracketL, Tok.BracketR, () => children.push(node<ChildValue>('ChildValue', { Value: valueLiteral(p, isConst) })));
  else
    p.many(Tok.BraceL, Tok.BraceR, () => {
      const f = node<ChildValue>('ChildValue', { Position: p.peekPos(), Comment: p.comment });
      f.Name = p.name();
      p.expect(Tok.Colon);
      f.Value = valueLiteral(p, isConst);
      children.push(f);
    });
  return node<Value>('Value', { Children: children.length ? children : null, Kind: list ? ValueKind.List : ValueKind.Object, Position, Comment });
}

export function directives(p: Parser, isConst: boolean): Directive[] | null {
  const dirs: Directive[] = [];
  while (p.peek().kind === Tok.At) {
    if (p.err) break;
    p.expect(Tok.At);
    const Position = p.peekPos();
    const Name = p.name();
    dirs.push(node<Directive>('Directive', { Position, Name, Arguments: argumentList(p, isConst) }));
  }
  return dirs.length ? dirs : null;
}

export function typeReference(p: Parser): Type {
  const t = node<Type>('Type');
  if (p.skip(Tok.BracketL)) {
    t.Position = p.peekPos();
    t.Elem = typeReference(p);
    p.expect(Tok.BracketR);
  } else {
    t.Position = p.peekPos();
    t.NamedType = p.name();
  }
  if (p.skip(Tok.Bang)) t.NonNull = true;
  return t;
}
