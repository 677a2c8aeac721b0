// Rego's logic operators (OPA 1.22): `a and b`, `a or b` and not-bodies (`not { ... }`,
// `not (a or b)`). They are keywords only in a module that imports them: `future.keywords.and`,
// `future.keywords.or`, `future.keywords.not`, all three with `future.keywords` or `rego.v2`.
//
// Grammar, as OPA's parser reads it: `and` binds tighter than `or`, both are left-associative,
// newlines around them do not end the statement. An operand is a `{ ... }` body (explicit, a scope
// of its own), a parenthesized group `( ... )` holding an and/or chain or a negation, `not` and an
// operand, or one expression (implicit). A `with` after the last operand applies to the whole
// expression; one on an inner operand is an error unless the operand is parenthesized.
// Each operand is evaluated on its own for existence (planned by plan/logic-ops.ts).
import type { Span } from '../../diagnostics/index.js';
import type { Import, Literal, LogicOperand, Term, With } from './ast.js';
import type { Tok } from './lexer.js';

export interface LogicKeywords {
  and: boolean;
  or: boolean;
  /** not-bodies: every `not` negates a body (an implicit one for `not x`) */
  not: boolean;
}

/** Which logic keywords a module's imports turn on. */
export function logicKeywords(imports: Import[]): LogicKeywords {
  const on: LogicKeywords = { and: false, or: false, not: false };
  for (const im of imports) {
    const p = im.path.join('.');
    if (p === 'future.keywords' || p === 'rego.v2') on.and = on.or = on.not = true;
    else if (p === 'future.keywords.and') on.and = true;
    else if (p === 'future.keywords.or') on.or = true;
    else if (p === 'future.keywords.not') on.not = true;
  }
  return on;
}

/** Turns the `and`/`or` identifiers from token `from` on into operator tokens, where imported. */
export function promoteLogicTokens(toks: Tok[], from: number, kw: LogicKeywords): void {
  for (let j = from; j < toks.length; j++) {
    const t = toks[j]!;
    if (t.kind !== 'Ident' || !((t.image === 'and' && kw.and) || (t.image === 'or' && kw.or))) continue;
    // `x.and` is a ref, not an operator
    const prev = toks[j - 1];
    if (prev && prev.kind === 'Dot' && prev.end === t.offset) continue;
    toks[j] = { ...t, kind: t.image };
  }
}

/** Hint for a parse error at an `and`/`or` identifier in a module that does not import it. */
export function missingLogicImportHint(t: Tok | undefined): string | undefined {
  if (!t || t.kind !== 'Ident' || (t.image !== 'and' && t.image !== 'or')) return undefined;
  return `\`import future.keywords.${t.image}\` for \`x ${t.image} y\` expressions`;
}

/** What the logic parser needs from the Rego parser. */
export interface LogicHost {
  i: number;
  peek(k?: number): Tok | undefined;
  at(kind: string): boolean;
  next(): Tok;
  expect(kind: string, what: string): Tok;
  /** the token before the current one */
  prev(): Tok;
  literals(endKind: string): Literal[];
  /** a literal as read without logic keywords (some, every, expressions with `not` and `with`) */
  plainLiteral(): Literal;
  exprTop(): Term;
  withs(): With[];
  fail(message: string, tok: Tok | undefined): never;
  failAt(message: string, span: Span): never;
  isParseError(e: unknown): boolean;
}

type Ctx = 'stmt' | 'group' | 'and' | 'or';

function join(a: Span, b: Span): Span {
  return { line: a.line, column: a.column, offset: a.offset, endLine: b.endLine, endColumn: b.endColumn, endOffset: b.endOffset };
}

function tokSpan(t: Tok): Span {
  return { line: t.line, column: t.col, endLine: t.endLine, endColumn: t.endCol, offset: t.offset, endOffset: t.end };
}

class LogicParser {
  constructor(
    private p: LogicHost,
    private kw: LogicKeywords,
  ) {}

  private span(start: Tok): Span {
    return join(tokSpan(start), tokSpan(this.p.prev()));
  }

  private atOp(): boolean {
    return this.p.at('and') || this.p.at('or');
  }

  /** One body literal: a plain literal, or an and/or chain, or a not-body. */
  statement(): Literal {
    const p = this.p;
    if (p.at('some') || p.at('every')) return p.plainLiteral();
    const start = p.peek()!;
    const first = this.operand('stmt');
    let lit: Literal;
    if (this.atOp()) {
      if (start.kind === 'LBrace' && !first.explicit) this.braceLed(start, first);
      lit = this.chain(first, start);
    } else lit = first.body[0]!;
    if (!p.at('with')) return lit;
    const withs = p.withs();
    if (lit.type === 'expr' && !lit.inner && lit.with.length === 0) return { ...lit, with: withs, span: this.span(start) };
    return { type: 'expr', expr: { type: 'var', name: '', span: lit.span }, negated: false, with: withs, span: this.span(start), inner: lit };
  }

  /** `{1, 2} == s and x`: braces leading an operand must hold a body. */
  private braceLed(start: Tok, first: LogicOperand): never {
    const op = this.p.peek()!.image;
    const e = first.body[0];
    if (e && e.type === 'expr' && e.expr.type === 'object' && e.expr.entries.length === 0) this.p.fail('found empty body', start);
    this.p.fail(`operand of \`${op}\` cannot begin with \`{\` unless the braces hold a body`, start);
  }

  /** An or-chain of and-chains, starting with an operand already read. */
  private chain(first: LogicOperand, start: Tok): Literal {
    const ors = [this.andChain(first, start)];
    while (this.p.at('or')) {
      this.p.next();
      const s = this.p.peek();
      const o = this.operand('or');
      ors.push(this.andChain(o, s ?? start));
    }
    if (ors.length === 1) return ors[0]!.body[0]!;
    this.checkVoid(ors, 'or');
    return { type: 'logic', op: 'or', operands: ors, span: this.span(start) };
  }

  private andChain(first: LogicOperand, start: Tok): LogicOperand {
    const ands = [first];
    while (this.p.at('and')) {
      this.p.next();
      ands.push(this.operand('and'));
    }
    if (ands.length === 1) return first;
    this.checkVoid(ands, 'and');
    const span = this.span(start);
    return { body: [{ type: 'logic', op: 'and', operands: ands, span }], explicit: false, span };
  }

  /** An operand only of `print` calls could never fail: OPA rejects it. */
  private checkVoid(ops: LogicOperand[], op: string): void {
    for (const o of ops) {
      const calls = o.body.every((l) => l.type === 'expr' && !l.negated && !l.inner && l.expr.type === 'call' && l.expr.name === 'print');
      if (o.body.length && calls) {
        this.p.failAt(`operand of \`${op}\` cannot consist only of calls to \`print\`, which always succeed`, o.body[0]!.span);
      }
    }
  }

  /** One operand; in a statement or a group a `{...}` or `(...)` that is not one is read as a term. */
  private operand(ctx: Ctx): LogicOperand {
    const p = this.p;
    const start = p.peek();
    if (!start) return p.fail('unexpected eof token', undefined);
    if (start.kind === 'LBrace') {
      const b = this.braces(ctx);
      if (b) return b;
    }
    if (start.kind === 'not') return this.negation(start);
    if (start.kind === 'LParen') {
      const g = this.group(ctx !== 'stmt');
      if (g) return this.noWithOnOperand(g);
    }
    const expr = p.exprTop();
    const span = this.span(start);
    return this.noWithOnOperand({ body: [{ type: 'expr', expr, negated: false, with: [], span }], explicit: false, span });
  }

  /** A `with` may follow the last operand (it then applies to the whole expression), not an inner one. */
  private noWithOnOperand(o: LogicOperand): LogicOperand {
    const p = this.p;
    if (!p.at('with')) return o;
    const save = p.i;
    const w = p.peek()!;
    p.withs();
    if (this.atOp()) {
      p.fail(`\`with\` modifier is not allowed on operand of \`${p.peek()!.image}\` (wrap the operand in \`(...)\` or \`{...}\` to scope it, or move \`with\` after the whole expression)`, w);
    }
    p.i = save;
    return o;
  }

  /** `{ body }`: an explicit operand. In a statement or group it must be followed by and/or. */
  private braces(ctx: Ctx): LogicOperand | undefined {
    const p = this.p;
    const save = p.i;
    const open = p.next();
    if (p.at('RBrace') && (ctx === 'and' || ctx === 'or')) p.fail('found empty body', p.peek());
    let body: Literal[];
    try {
      body = p.literals('RBrace');
      p.expect('RBrace', '}');
    } catch (e) {
      if (!p.isParseError(e)) throw e;
      if (ctx === 'stmt' || ctx === 'group') {
        p.i = save;
        return undefined;
      }
      // the braces may hold a value: say how to keep it
      this.valueInBraces(save, e, `operand of \`${ctx}\` cannot begin with \`{\` unless the braces hold a body (wrap a value in \`(...)\`)`, open);
    }
    if (body.length === 0) {
      p.i = save;
      return undefined;
    }
    if ((ctx === 'stmt' || ctx === 'group') && !this.atOp()) {
      p.i = save;
      return undefined;
    }
    return { body, explicit: true, span: this.span(open) };
  }

  /** `not x`, and with not-bodies `not { ... }` and `not (a or b)`. */
  private negation(notTok: Tok): LogicOperand {
    const p = this.p;
    p.next();
    if (!this.kw.not) {
      const expr = p.exprTop();
      const span = this.span(notTok);
      return this.noWithOnOperand({ body: [{ type: 'expr', expr, negated: true, with: [], span }], explicit: false, span });
    }
    let inner: LogicOperand | undefined;
    if (p.at('LBrace')) inner = this.notBraces();
    else if (p.at('LParen')) inner = this.group(true);
    if (!inner) {
      const s = p.peek();
      const expr = p.exprTop();
      const span = s ? this.span(s) : this.span(notTok);
      inner = { body: [{ type: 'expr', expr, negated: false, with: [], span }], explicit: false, span };
    }
    const span = this.span(notTok);
    return this.noWithOnOperand({ body: [{ type: 'logic', op: 'not', operands: [inner], span }], explicit: false, span });
  }

  /** `not { ... }`: a body, never a set or object. */
  private notBraces(): LogicOperand {
    const p = this.p;
    const save = p.i;
    const open = p.next();
    if (p.at('RBrace')) p.fail('found empty body', p.peek());
    try {
      const body = p.literals('RBrace');
      p.expect('RBrace', '}');
      return { body, explicit: true, span: this.span(open) };
    } catch (e) {
      if (!p.isParseError(e)) throw e;
      this.valueInBraces(save, e, '`{...}` in an operand position must contain expression(s) (write `not (...)` to negate a value)', open);
    }
  }

  /** Braces that do not hold a body: `message` when they hold a value, else the body's own error. */
  private valueInBraces(save: number, bodyError: unknown, message: string, open: Tok): never {
    const p = this.p;
    p.i = save;
    try {
      p.exprTop();
    } catch {
      throw bodyError;
    }
    return p.fail(message, open);
  }

  /**
   * `( ... )` holding an and/or chain, a negation, or one operand with `with`; undefined (nothing
   * read) when the parentheses only group a term, as in `(a == b)`.
   */
  private group(operandContext: boolean): LogicOperand | undefined {
    const p = this.p;
    const save = p.i;
    const open = p.next();
    if (p.at('RParen')) {
      if (operandContext) p.fail('empty parenthesized group', open);
      p.i = save;
      return undefined;
    }
    const firstTok = p.peek()!;
    let first: LogicOperand;
    try {
      first = this.operand('group');
    } catch (e) {
      if (!p.isParseError(e)) throw e;
      p.i = save;
      return undefined;
    }
    if (this.atOp()) {
      let lit = this.chain(first, firstTok);
      if (p.at('with')) {
        const withs = p.withs();
        lit = { type: 'expr', expr: { type: 'var', name: '', span: lit.span }, negated: false, with: withs, span: lit.span, inner: lit };
      }
      p.expect('RParen', ')');
      const span = this.span(open);
      return { body: [lit], explicit: false, span };
    }
    if (p.at('with') && !first.explicit) {
      const lit = first.body[0]!;
      const withs = p.withs();
      p.expect('RParen', ')');
      if (!operandContext && !this.atOp()) {
        p.i = save;
        return undefined;
      }
      const span = this.span(open);
      const wrapped: Literal = lit.type === 'expr' ? { ...lit, with: withs } : { type: 'expr', expr: { type: 'var', name: '', span: lit.span }, negated: false, with: withs, span: lit.span, inner: lit };
      return { body: [wrapped], explicit: false, span };
    }
    const only = first.body[0]!;
    const nested = !first.explicit && (only.type === 'logic' || (only.type === 'expr' && only.negated));
    if (!nested || !p.at('RParen')) {
      p.i = save;
      return undefined;
    }
    p.next();
    return { body: first.body, explicit: false, span: this.span(open) };
  }
}

/** Reads one body literal in a module where logic keywords are on. */
export function parseLogicLiteral(p: LogicHost, kw: LogicKeywords): Literal {
  return new LogicParser(p, kw).statement();
}
