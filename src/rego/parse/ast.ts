// Rego abstract syntax produced by the parser. Every node carries its source span.
import type { Span } from '../../diagnostics/index.js';

export type Term =
  | { type: 'null'; span: Span }
  | { type: 'boolean'; value: boolean; span: Span }
  | { type: 'number'; value: number; text: string; span: Span }
  | { type: 'string'; value: string; span: Span }
  | { type: 'var'; name: string; span: Span }
  | { type: 'ref'; head: Term; path: Term[]; span: Span }
  | { type: 'array'; items: Term[]; span: Span }
  | { type: 'object'; entries: Array<[Term, Term]>; span: Span }
  | { type: 'set'; items: Term[]; span: Span }
  | { type: 'arraycomp'; head: Term; body: Literal[]; span: Span }
  | { type: 'setcomp'; head: Term; body: Literal[]; span: Span }
  | { type: 'objcomp'; key: Term; value: Term; body: Literal[]; span: Span }
  | { type: 'call'; name: string; nameSpan: Span; args: Term[]; span: Span }
  | { type: 'binop'; op: string; left: Term; right: Term; span: Span }
  | { type: 'membership'; key: Term | undefined; value: Term; collection: Term; span: Span }
  /** Template string $"a {expr} b": literal text parts and interpolated expressions. */
  | { type: 'template'; parts: Array<string | Term>; span: Span };

export interface With {
  target: Term;
  value: Term;
  span: Span;
}

export type Literal =
  | { type: 'expr'; expr: Term; negated: boolean; with: With[]; span: Span; /** a some/every literal the `with` modifiers apply to */ inner?: Literal }
  | { type: 'some'; vars: Array<{ name: string; span: Span }>; span: Span }
  | { type: 'somein'; key: Term | undefined; value: Term; collection: Term; span: Span }
  | { type: 'every'; key: Term | undefined; value: Term; domain: Term; body: Literal[]; span: Span }
  /**
   * `a and b`, `a or b` (future.keywords.and/or, rego.v2) and, where not-bodies are on
   * (future.keywords.not, rego.v2), `not a` / `not { ... }`: each operand is a body of its own,
   * evaluated for existence (at most one success), binding nothing outside it. See parse/logic-ops.ts.
   */
  | { type: 'logic'; op: 'and' | 'or' | 'not'; operands: LogicOperand[]; span: Span };

/** An operand of a logic literal: `{ ... }` (explicit, a scope of its own) or one literal (implicit). */
export interface LogicOperand {
  body: Literal[];
  explicit: boolean;
  span: Span;
}

export interface ElseClause {
  value: Term | undefined;
  body: Literal[];
  span: Span;
}

export interface Rule {
  /** Name segments after the package, e.g. ['deny'] or ['a', 'b'] for `a.b := 1`. */
  name: string[];
  nameSpan: Span;
  isDefault: boolean;
  /** Function parameters when the head is `f(x, y)`. */
  args: Term[] | undefined;
  /** Partial set member (`contains x`). */
  contains: Term | undefined;
  /** Partial object key (`p[k] := v`). */
  key: Term | undefined;
  /** Further keys of a nested object head (`p[k][j] := v`: [j]). */
  subKeys?: Term[];
  value: Term | undefined;
  assign: ':=' | '=' | undefined;
  body: Literal[];
  elses: ElseClause[];
  span: Span;
  file: string;
  annotations: Annotation | undefined;
}

export interface Annotation {
  scope: string | undefined;
  title: string | undefined;
  description: string | undefined;
  custom: Record<string, unknown> | undefined;
  raw: Record<string, unknown>;
  location: { file: string; row: number; col: number };
}

export interface Import {
  path: string[];
  alias: string | undefined;
  span: Span;
}

export interface Module {
  file: string;
  package: string[];
  packageSpan: Span;
  imports: Import[];
  rules: Rule[];
  annotations: Annotation[];
  /** Parsed as Rego v0 (`v0Compatible`): deprecated builtins are allowed there, as in opa. */
  v0?: boolean;
}
