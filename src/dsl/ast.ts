// The Warden AST: what the parser produces and the checker and formatter consume. Every node carries
// the span it was written at, so diagnostics and the resolved model point back at the model line.
// The AST is syntax only: names are not resolved and values are not typed yet.
import type { Span } from '../diagnostics/index.js';

export interface Ident {
  name: string;
  span: Span;
}

export interface Str {
  value: string;
  span: Span;
}

/** An attribute value as written. */
export type Value =
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'number'; value: number; raw: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'date'; value: string; span: Span }
  | { kind: 'threatId'; value: string; span: Span }
  /** A bare identifier: an enum member or a reference; the checker decides from the attribute's type. */
  | { kind: 'ident'; name: string; span: Span }
  /** `name(args)`: a control with arguments (only meaningful inside `controls [...]`). */
  | { kind: 'call'; name: Ident; args: Value[]; span: Span }
  | { kind: 'list'; items: Value[]; span: Span };

/** `name value` inside a `{ ... }` block. */
export interface Attribute {
  kind: 'attribute';
  name: Ident;
  value: Value;
  span: Span;
}

/** Offsets of a `{ ... }` block: the formatter keeps comments written inside it, inside it. */
export interface BlockRange {
  open: number;
  close: number;
}

export interface ModelDecl {
  kind: 'model';
  name: Str;
  attributes: Attribute[];
  block?: BlockRange;
  span: Span;
}

export interface UseDecl {
  kind: 'use';
  path: Str;
  span: Span;
}

export interface DataDecl {
  kind: 'data';
  name: Ident;
  title?: Str;
  attributes: Attribute[];
  block?: BlockRange;
  span: Span;
}

export interface BoundaryDecl {
  kind: 'boundary';
  name: Ident;
  title?: Str;
  parent?: Ident;
  /** Attributes of the boundary and statements nested in it, in source order. */
  members: (Attribute | BoundaryDecl | ElementDecl | FlowDecl | DataDecl)[];
  block?: BlockRange;
  span: Span;
}

export interface ElementDecl {
  kind: 'element';
  kindName: Ident;
  name: Ident;
  title?: Str;
  parent?: Ident;
  attributes: Attribute[];
  block?: BlockRange;
  span: Span;
}

export interface FlowDecl {
  kind: 'flow';
  name?: Ident;
  from: Ident;
  to: Ident;
  title?: Str;
  attributes: Attribute[];
  block?: BlockRange;
  span: Span;
}

/** A type in `attr x: <type>` / `param x: <type>`: `string`, `enum(a, b)`, `list<T>`, `ref<element>`. */
export interface TypeExpr {
  name: Ident;
  members?: Ident[];
  of?: TypeExpr;
  span: Span;
}

export interface AttrDecl {
  kind: 'attrDecl';
  required: boolean;
  name: Ident;
  type: TypeExpr;
  default?: Value;
  span: Span;
}

export interface RequiresBoundary {
  kind: 'requiresBoundary';
  span: Span;
}

export interface KindDecl {
  kind: 'kind';
  name: Ident;
  extends?: Ident;
  /** `doc "..."` and any other `name value` lines are attributes (the checker knows which exist). */
  items: (AttrDecl | RequiresBoundary | Attribute)[];
  block: BlockRange;
  span: Span;
}

export interface ParamDecl {
  kind: 'paramDecl';
  required: boolean;
  name: Ident;
  type: TypeExpr;
  default?: Value;
  span: Span;
}

export interface ControlDecl {
  kind: 'control';
  name: Ident;
  title?: Str;
  items: (ParamDecl | Attribute)[];
  block: BlockRange;
  span: Span;
}

/** Condition syntax of threat rules; converted to the model's ConditionExpr by the checker. */
export type Cond =
  | { kind: 'and' | 'or'; args: Cond[]; span: Span }
  | { kind: 'not'; arg: Cond; span: Span }
  | { kind: 'compare'; op: '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in'; left: Cond; right: Cond; span: Span }
  | { kind: 'path'; path: Ident[]; span: Span }
  | { kind: 'call'; name: Ident; args: Cond[]; span: Span }
  | { kind: 'literal'; value: Value; span: Span }
  | { kind: 'list'; items: Cond[]; span: Span }
  /** Parentheses as written; kept so spans cover them, dropped by the formatter where not needed. */
  | { kind: 'paren'; inner: Cond; span: Span };

export interface WhenClause {
  kind: 'when';
  cond: Cond;
  span: Span;
}

export interface ThreatDecl {
  kind: 'threat';
  name: Ident;
  title?: Str;
  items: (WhenClause | Attribute)[];
  block: BlockRange;
  span: Span;
}

export type ThreatRefNode =
  | { kind: 'category'; element: Ident; category: Ident; rule?: Ident; span: Span }
  | { kind: 'id'; id: string; span: Span };

export interface MitigateStmt {
  kind: 'mitigate';
  target: ThreatRefNode;
  control?: Ident;
  text?: Str;
  span: Span;
}

export interface AcceptStmt {
  kind: 'accept';
  target: ThreatRefNode;
  owner: Str;
  until: Str;
  reason: Str;
  span: Span;
}

export interface NotApplicableStmt {
  kind: 'notApplicable';
  target: ThreatRefNode;
  reason: Str;
  span: Span;
}

export interface WaiveStmt {
  kind: 'waive';
  check: Str;
  resource: Str;
  owner: Str;
  until: Str;
  reason: Str;
  span: Span;
}

export type Statement =
  | ModelDecl
  | UseDecl
  | DataDecl
  | BoundaryDecl
  | ElementDecl
  | FlowDecl
  | KindDecl
  | ControlDecl
  | ThreatDecl
  | MitigateStmt
  | AcceptStmt
  | NotApplicableStmt
  | WaiveStmt;

/** A comment as written (`// ...` or `/* ... *\/`), kept for the formatter. */
export interface Comment {
  text: string;
  span: Span;
}

export interface SourceFile {
  file: string;
  statements: Statement[];
  comments: Comment[];
}
