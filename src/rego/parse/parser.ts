// Recursive-descent parser over the chevrotain token stream. Hand-written descent (rather than a
// chevrotain CstParser) because Rego's newline-sensitive bodies and adjacency rules (`a[x]` vs `a [x]`)
// are simpler to express directly, and it lets error messages say what OPA says.
import type { Diagnostic, Span } from '../../diagnostics/index.js';
import { lex, templateExprEnd, type Tok, type CommentTok } from './lexer.js';
import type { Annotation, ElseClause, Import, Literal, Module, Rule, Term, With } from './ast.js';
import { parseAnnotations } from './annotations.js';
import { logicKeywords, missingLogicImportHint, parseLogicLiteral, promoteLogicTokens, type LogicHost, type LogicKeywords } from './logic-ops.js';
import { numberLiteralError } from './number-size.js';

class ParseError extends Error {
  constructor(
    message: string,
    readonly tok: Tok | undefined,
    readonly span?: Span,
  ) {
    super(message);
  }
}

export interface ParseOptions {
  v0Compatible?: boolean;
}

export function parseModule(file: string, text: string, options: ParseOptions = {}): { module: Module | undefined; diagnostics: Diagnostic[] } {
  const lx = lex(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of lx.errors) {
    diagnostics.push({ code: 'rego_parse_error', severity: 'error', message: `illegal token: ${e.message}`, file, span: spanOf(e.line, e.col, e.offset, 1) });
  }
  if (diagnostics.length) return { module: undefined, diagnostics };
  const p = new Parser(file, text, lx.tokens, lx.comments, options);
  try {
    const module = p.module();
    diagnostics.push(...p.diagnostics);
    return { module, diagnostics };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const t = e.tok;
    const span = e.span ?? (t ? tokSpan(t) : spanOf(lineCount(text), 1, text.length, 0));
    const d: Diagnostic = { code: 'rego_parse_error', severity: 'error', message: e.message, file, span };
    // a v0 module that uses a keyword it did not import: say which import would make it parse
    // (the keyword on the error's line, else the last one before it)
    const kw = p.demoted.find((k) => k.line === span.line) ?? p.demoted.filter((k) => k.offset <= span.offset).pop();
    if (kw) d.hint = FUTURE_HINT[kw.image] ?? 'import future.keywords';
    else if (missingLogicImportHint(t)) d.hint = missingLogicImportHint(t);
    diagnostics.push(d);
    return { module: undefined, diagnostics };
  }
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

function spanOf(line: number, col: number, offset: number, len: number): Span {
  return { line, column: col, endLine: line, endColumn: col + len, offset, endOffset: offset + len };
}

export function tokSpan(t: Tok): Span {
  return { line: t.line, column: t.col, endLine: t.endLine, endColumn: t.endCol, offset: t.offset, endOffset: t.end };
}

function join(a: Span, b: Span): Span {
  return { line: a.line, column: a.column, offset: a.offset, endLine: b.endLine, endColumn: b.endColumn, endOffset: b.endOffset };
}

const FUTURE_KEYWORDS = ['in', 'every', 'contains', 'if'];
const FUTURE_HINT: Record<string, string> = {
  in: '`import future.keywords.in` for `some x in xs` expressions',
  every: '`import future.keywords.every` for `every x in xs { ... }` expressions',
  contains: '`import future.keywords.contains` for `p contains x` rules',
  if: '`import future.keywords.if` for `p if { ... }` rules',
};

const BIN_LEVELS: string[][] = [['|'], ['&'], ['==', '!=', '<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];
const TOK_OP: Record<string, string> = { Pipe: '|', Amp: '&', EqEq: '==', Neq: '!=', Lt: '<', Lte: '<=', Gt: '>', Gte: '>=', Plus: '+', Minus: '-', Star: '*', Slash: '/', Percent: '%' };

class Parser {
  i = 0;
  diagnostics: Diagnostic[] = [];
  private pkg: string[] = [];
  /** v0: future keywords that were not imported (demoted to identifiers), in source order. */
  demoted: Tok[] = [];
  private annotationsByLine: Map<number, Annotation>;
  private allAnnotations: Annotation[];
  /** `and`, `or` and not-bodies, where this module's imports turn them on (logic-ops.ts) */
  private logic: LogicKeywords = { and: false, or: false, not: false };
  /**
   * A bracketed term read once stays read: `[` is first tried as a comprehension and then, when no
   * `|` follows its head, reread as an array, so without this each nesting level doubled the work
   * (20 nested arrays took seconds). Keyed by the index of the token after `[`.
   */
  private bracketMemo = new Map<number, { term: Term; end: number }>();

  constructor(
    private file: string,
    private text: string,
    private toks: Tok[],
    comments: CommentTok[],
    private options: ParseOptions,
  ) {
    refKeywordsToIdents(toks);
    const a = parseAnnotations(file, comments, this.diagnostics);
    this.annotationsByLine = a.byNextLine;
    this.allAnnotations = a.all;
  }

  private peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  private at(kind: string, k = 0): boolean {
    return this.toks[this.i + k]?.kind === kind;
  }
  private next(): Tok {
    const t = this.toks[this.i];
    if (!t) throw new ParseError('unexpected eof token', undefined);
    this.i++;
    return t;
  }
  private expect(kind: string, what: string): Tok {
    const t = this.peek();
    if (!t || t.kind !== kind) throw new ParseError(t ? `unexpected ${describe(t)} token: expected ${what}` : `unexpected eof token: expected ${what}`, t);
    this.i++;
    return t;
  }

  module(): Module {
    const pk = this.peek();
    if (!pk || pk.kind !== 'package') throw new ParseError('package expected', pk);
    this.next();
    const pathStart = this.peek();
    this.pkg = this.dottedPath();
    const packageSpan = join(tokSpan(pk), tokSpan(this.toks[this.i - 1]!));
    void pathStart;
    const imports: Import[] = [];
    while (this.at('import')) {
      const it = this.next();
      const path = this.dottedPath();
      let alias: string | undefined;
      if (this.at('as')) {
        this.next();
        alias = this.expect('Ident', 'identifier').image;
      }
      imports.push({ path, alias, span: join(tokSpan(it), tokSpan(this.toks[this.i - 1]!)) });
    }
    if (this.options.v0Compatible) this.gateFutureKeywords(imports);
    this.logic = logicKeywords(imports);
    promoteLogicTokens(this.toks, this.i, this.logic);
    const rules: Rule[] = [];
    while (this.i < this.toks.length) {
      if (this.at('import')) throw new ParseError('imports must appear before rules', this.peek());
      rules.push(...this.rules());
    }
    return { file: this.file, package: this.pkg, packageSpan, imports, rules, annotations: this.allAnnotations, ...(this.options.v0Compatible ? { v0: true } : {}) };
  }

  /**
   * In v0, `in`, `every`, `contains` and `if` are keywords only when imported (`future.keywords[.x]`
   * or `rego.v1`); otherwise they are plain names, so v1-only syntax fails to parse as OPA's v0 parser
   * does. Their tokens after the imports are demoted to identifiers, and the first parse error they
   * cause carries OPA's hint.
   */
  private gateFutureKeywords(imports: Import[]): void {
    const enabled = new Set<string>();
    for (const im of imports) {
      const p = im.path.join('.');
      if (p === 'future.keywords' || p === 'rego.v1') for (const k of FUTURE_KEYWORDS) enabled.add(k);
      else if (p.startsWith('future.keywords.')) enabled.add(p.slice('future.keywords.'.length));
    }
    for (let j = this.i; j < this.toks.length; j++) {
      const t = this.toks[j]!;
      if (FUTURE_KEYWORDS.includes(t.kind) && !enabled.has(t.kind)) {
        this.demoted.push(t);
        this.toks[j] = { ...t, kind: 'Ident' };
      }
    }
  }

  private dottedPath(): string[] {
    const parts: string[] = [];
    const first = this.next();
    if (first.kind !== 'Ident' && !isKeywordIdent(first)) throw new ParseError(`unexpected ${describe(first)} token: expected identifier`, first);
    parts.push(first.image);
    for (;;) {
      if (this.at('Dot') && !this.peek()!.nl) {
        this.next();
        const t = this.next();
        if (t.kind !== 'Ident' && !isKeywordIdent(t)) throw new ParseError(`unexpected ${describe(t)} token: expected identifier`, t);
        parts.push(t.image);
      } else if (this.at('LBrack') && !this.peek()!.nl) {
        this.next();
        const s = this.expect('String', 'string');
        parts.push(JSON.parse(s.image) as string);
        this.expect('RBrack', ']');
      } else break;
    }
    return parts;
  }

  /**
   * A rule, and in v0 the further bodies after it (`p { a } { b }`, `f(x) = y { .. } { .. }`): each
   * is another definition with the same head.
   */
  private rules(): Rule[] {
    const first = this.rule();
    const out = [first];
    while (this.options.v0Compatible && this.at('LBrace') && first.body.length && !first.elses.length) {
      const start = this.peek()!;
      const body = this.braceBody();
      out.push({ ...first, body, elses: [], span: join(tokSpan(start), tokSpan(this.toks[this.i - 1]!)), annotations: undefined });
    }
    return out;
  }

  private rule(): Rule {
    const start = this.peek()!;
    const annotations = this.annotationsByLine.get(start.line);
    let isDefault = false;
    if (this.at('default')) {
      this.next();
      isDefault = true;
    }
    const nameTok = this.next();
    if (nameTok.kind !== 'Ident') throw new ParseError(`unexpected ${describe(nameTok)} token: expected rule name`, nameTok);
    const name = [nameTok.image];
    let key: Term | undefined;
    let subKeys: Term[] | undefined;
    let args: Term[] | undefined;
    // ref head: a.b.c, a.b[k], a["x"]
    for (;;) {
      if (this.at('Dot') && !this.peek()!.nl) {
        this.next();
        const t = this.next();
        if (t.kind !== 'Ident' && !isKeywordIdent(t)) throw new ParseError(`unexpected ${describe(t)} token: expected identifier`, t);
        name.push(t.image);
      } else if (this.at('LBrack') && !this.peek()!.nl && adjacent(this.toks[this.i - 1]!, this.peek()!)) {
        this.next();
        const k = this.term();
        this.expect('RBrack', ']');
        if (k.type === 'string' && !this.at('LBrack')) name.push(k.value);
        else {
          key = k;
          // `p[k][j] := v`, `p[k].r := v`: an object of objects
          for (;;) {
            const nx = this.peek();
            if (!nx || nx.nl || !adjacent(this.toks[this.i - 1]!, nx)) break;
            if (nx.kind === 'LBrack') {
              this.next();
              (subKeys ??= []).push(this.term());
              this.expect('RBrack', ']');
            } else if (nx.kind === 'Dot') {
              this.next();
              const f = this.next();
              if (f.kind !== 'Ident' && !isKeywordIdent(f)) throw new ParseError(`unexpected ${describe(f)} token: expected identifier`, f);
              (subKeys ??= []).push({ type: 'string', value: f.image, span: tokSpan(f) });
            } else break;
          }
          break;
        }
      } else break;
    }
    if (this.at('LParen') && adjacent(this.toks[this.i - 1]!, this.peek()!)) {
      this.next();
      args = [];
      if (!this.at('RParen')) {
        args.push(this.term());
        while (this.at('Comma')) {
          this.next();
          args.push(this.term());
        }
      }
      this.expect('RParen', ')');
      // `g() = x { ... }` is the rule g (referred to as `g`; opa rejects the call `g()`)
      if (args.length === 0) args = undefined;
    }
    let contains: Term | undefined;
    let value: Term | undefined;
    let assign: ':=' | '=' | undefined;
    if (this.at('contains')) {
      this.next();
      contains = this.binary(0);
    } else if (this.at('Assign') || this.at('Eq')) {
      assign = this.next().kind === 'Assign' ? ':=' : '=';
      value = this.membership();
    }
    if (key && !value && !contains) {
      // v0 `p[x] { ... }` is a partial set; v1 requires `contains`
      if (this.options.v0Compatible && !subKeys) {
        contains = key;
        key = undefined;
      }
      // in v1, `p[k] if ...` is an object rule whose values are true
    }
    let body: Literal[] = [];
    const hasBody = this.ruleBody();
    if (hasBody) body = hasBody;
    else if (isDefault || value || contains || args) body = [];
    else if (!this.options.v0Compatible || !hasBody) {
      throw new ParseError(`rule must have a value or a body`, nameTok);
    }
    const elses: ElseClause[] = [];
    while (this.at('else')) {
      const et = this.next();
      let ev: Term | undefined;
      if (this.at('Assign') || this.at('Eq')) {
        this.next();
        ev = this.membership();
      }
      const eb = this.ruleBody() ?? [];
      elses.push({ value: ev, body: eb, span: join(tokSpan(et), tokSpan(this.toks[this.i - 1]!)) });
    }
    const end = this.toks[this.i - 1]!;
    if (subKeys && args) throw new ParseError(`unsupported rule head: ${name.join('.')}[...][...] with arguments`, nameTok);
    return { name, nameSpan: tokSpan(nameTok), isDefault, args, contains, key, ...(subKeys ? { subKeys } : {}), value, assign, body, elses, span: join(tokSpan(start), tokSpan(end)), file: this.file, annotations };
  }

  /** `if { ... }`, `if literal`, or (v0) `{ ... }`; undefined when the rule has no body. */
  private ruleBody(): Literal[] | undefined {
    if (this.at('if')) {
      this.next();
      if (this.at('LBrace')) {
        // `if { ... }` is a body unless it only parses as a set/object literal (`if {1, 2} == x`)
        const save = this.i;
        try {
          const b = this.braceBody();
          const nx = this.peek();
          if (!nx || nx.nl || nx.kind === 'else' || nx.kind === 'Semi') return b;
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          this.i = save;
          try {
            return [this.literal()];
          } catch {
            this.i = save;
            return this.braceBody();
          }
        }
        this.i = save;
        return [this.literal()];
      }
      return [this.literal()];
    }
    if (this.at('LBrace') && (this.options.v0Compatible || !this.peek()!.nl)) {
      if (!this.options.v0Compatible) throw new ParseError('`if` keyword is required before rule body', this.peek());
      return this.braceBody();
    }
    return undefined;
  }

  private braceBody(): Literal[] {
    this.expect('LBrace', '{');
    const lits = this.literals('RBrace');
    this.expect('RBrace', '}');
    if (lits.length === 0) throw new ParseError('found empty body', this.toks[this.i - 1]);
    return lits;
  }

  /** Literals separated by `;` or newlines, up to (not including) `endKind`. */
  private literals(endKind: string): Literal[] {
    const out: Literal[] = [];
    while (!this.at(endKind)) {
      if (this.i >= this.toks.length) throw new ParseError(`unexpected eof token: expected ${endKind === 'RBrace' ? '}' : ']'}`, undefined);
      out.push(this.literal());
      if (this.at('Semi')) {
        this.next();
        continue;
      }
      if (this.at(endKind)) break;
      const t = this.peek();
      if (t && !t.nl) throw new ParseError(`unexpected ${describe(t)} token: expected \\n or ; or ${endKind === 'RBrace' ? '}' : ']'}`, t);
    }
    return out;
  }

  private literal(): Literal {
    if (this.logic.and || this.logic.or || this.logic.not) return parseLogicLiteral(this.logicHost(), this.logic);
    return this.plainLiteral();
  }

  private logicHost(): LogicHost {
    const self = this;
    return {
      get i() {
        return self.i;
      },
      set i(v: number) {
        self.i = v;
      },
      peek: (k) => this.peek(k),
      at: (kind) => this.at(kind),
      next: () => this.next(),
      expect: (kind, what) => this.expect(kind, what),
      prev: () => this.toks[this.i - 1]!,
      literals: (end) => this.literals(end),
      plainLiteral: () => this.plainLiteral(),
      exprTop: () => this.exprTop(),
      withs: () => this.withs(),
      fail: (message, tok) => {
        throw new ParseError(message, tok);
      },
      failAt: (message, span) => {
        throw new ParseError(message, undefined, span);
      },
      isParseError: (e) => e instanceof ParseError,
    };
  }

  private plainLiteral(): Literal {
    const lit = this.literalCore();
    if (lit.type === 'expr' || !this.at('with')) return lit;
    // `some x in xs with input as y`: wrap as an expression literal carrying the modifiers
    const withs = this.withs();
    return { type: 'expr', expr: { type: 'var', name: '', span: lit.span }, negated: false, with: withs, span: lit.span, inner: lit } as Literal;
  }

  private withs(): With[] {
    const withs: With[] = [];
    while (this.at('with')) {
      const wt = this.next();
      const target = this.term();
      this.expect('as', 'as');
      const value = this.binary(0);
      withs.push({ target, value, span: join(tokSpan(wt), tokSpan(this.toks[this.i - 1]!)) });
    }
    return withs;
  }

  private literalCore(): Literal {
    const start = this.peek()!;
    if (this.at('some')) {
      this.next();
      const first = this.term();
      if (this.at('Comma')) {
        // `some k, v in xs` or `some x, y`
        this.next();
        const second = this.term();
        if (this.at('in')) {
          this.next();
          const coll = this.binary(0);
          return { type: 'somein', key: first, value: second, collection: coll, span: join(tokSpan(start), tokSpan(this.toks[this.i - 1]!)) };
        }
        const vars = [first, second];
        while (this.at('Comma')) {
          this.next();
          vars.push(this.term());
        }
        return { type: 'some', vars: vars.map((v) => this.asVar(v)), span: join(tokSpan(start), tokSpan(this.toks[this.i - 1]!)) };
      }
      if (this.at('in')) {
        this.next();
        const coll = this.binary(0);
        return { type: 'somein', key: undefined, value: first, collection: coll, span: join(tokSpan(start), tokSpan(this.toks[this.i - 1]!)) };
      }
      return { type: 'some', vars: [this.asVar(first)], span: join(tokSpan(start), tokSpan(this.toks[this.i - 1]!)) };
    }
    if (this.at('every')) {
      this.next();
      const first = this.term();
      let key: Term | undefined;
      let value = first;
      if (this.at('Comma')) {
        this.next();
        key = first;
        value = this.term();
      }
      this.expect('in', 'in');
      const domain = this.binary(0);
      this.expect('LBrace', '{');
      const body = this.literals('RBrace');
      this.expect('RBrace', '}');
      return { type: 'every', key, value, domain, body, span: join(tokSpan(start), tokSpan(this.toks[this.i - 1]!)) };
    }
    let negated = false;
    if (this.at('not')) {
      this.next();
      negated = true;
    }
    const expr = this.exprTop();
    const withs = this.withs();
    return { type: 'expr', expr, negated, with: withs, span: join(tokSpan(start), tokSpan(this.toks[this.i - 1]!)) };
  }

  private asVar(t: Term): { name: string; span: Span } {
    if (t.type !== 'var') throw new ParseError('expected var in some declaration', undefined);
    return { name: t.name, span: t.span };
  }

  /** Assignment/unification level, with `k, v in xs` membership. */
  private exprTop(kv = true): Term {
    const left = this.membership(0, kv);
    if (this.at('Assign') || this.at('Eq')) {
      const op = this.next().kind === 'Assign' ? ':=' : '=';
      const right = this.membership(0, kv);
      return { type: 'binop', op, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  membership(level = 0, kv = true): Term {
    const first = this.binary(level);
    // `k, v in xs`; in a list (array, set, call arguments) the comma separates items instead
    if (kv && this.at('Comma') && this.isKeyValueIn()) {
      this.next();
      const value = this.binary(0);
      this.expect('in', 'in');
      const coll = this.binary(0);
      return { type: 'membership', key: first, value, collection: coll, span: join(first.span, coll.span) };
    }
    let left = first;
    while (this.at('in')) {
      this.next();
      const coll = this.binary(0);
      left = { type: 'membership', key: undefined, value: left, collection: coll, span: join(left.span, coll.span) };
    }
    return left;
  }

  /** `[...]` after its `[`: an array comprehension, else an array literal. */
  private bracketed(span: Span): Term {
    if (this.at('RBrack')) return { type: 'array', items: [], span: join(span, tokSpan(this.next())) };
    // A comprehension head is a single term (OPA's parser): `[x | ...]` is a comprehension,
    // while in `[x * 2 | ...]` the `|` is set union inside an array literal.
    // When the comprehension does not parse, the brackets are reread as an array literal
    // (`[{1} | {2}, 3]` is an array of a union and a number), as OPA's parser does.
    // If neither reading works, the comprehension's error is the one reported.
    const save = this.i;
    let compError: ParseError | undefined;
    try {
      const head = this.unary();
      if (this.at('Pipe')) {
        this.next();
        const body = this.literals('RBrack');
        const rb = this.expect('RBrack', ']');
        return { type: 'arraycomp', head, body, span: join(span, tokSpan(rb)) };
      }
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      compError = e;
    }
    this.i = save;
    try {
      const items = [this.membership(0, false)];
      while (this.at('Comma')) {
        this.next();
        if (this.at('RBrack')) break;
        items.push(this.membership(0, false));
      }
      const rb = this.expect('RBrack', ']');
      return { type: 'array', items, span: join(span, tokSpan(rb)) };
    } catch (e) {
      throw compError ?? e;
    }
  }

  /** Looks ahead for `, <term> in` at this nesting level. */
  private isKeyValueIn(): boolean {
    let depth = 0;
    for (let j = this.i + 1; j < this.toks.length; j++) {
      const k = this.toks[j]!.kind;
      if (k === 'LParen' || k === 'LBrack' || k === 'LBrace') depth++;
      else if (k === 'RParen' || k === 'RBrack' || k === 'RBrace') {
        if (depth === 0) return false;
        depth--;
      } else if (depth === 0 && (k === 'Comma' || k === 'Semi' || this.toks[j]!.nl)) return false;
      else if (depth === 0 && k === 'in') return true;
    }
    return false;
  }

  private binary(level: number): Term {
    if (level >= BIN_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.nl) break;
      const op = TOK_OP[t.kind];
      if (!op || !BIN_LEVELS[level]!.includes(op)) break;
      this.next();
      const right = this.binary(level + 1);
      left = { type: 'binop', op, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private unary(): Term {
    if (this.at('Minus')) {
      const m = this.next();
      const t = this.unary();
      if (t.type === 'number') return { type: 'number', value: -t.value, text: '-' + t.text, span: join(tokSpan(m), t.span) };
      return { type: 'binop', op: '-', left: { type: 'number', value: 0, text: '0', span: tokSpan(m) }, right: t, span: join(tokSpan(m), t.span) };
    }
    return this.term();
  }

  term(): Term {
    let t = this.primary();
    // postfix: .field, [index], (args) for calls on dotted names
    for (;;) {
      const nx = this.peek();
      if (!nx) break;
      const prev = this.toks[this.i - 1]!;
      if (nx.kind === 'Dot' && adjacent(prev, nx)) {
        this.next();
        const f = this.next();
        if (f.kind !== 'Ident' && !isKeywordIdent(f)) throw new ParseError(`unexpected ${describe(f)} token: expected identifier`, f);
        t = appendRef(t, { type: 'string', value: f.image, span: tokSpan(f) }, tokSpan(f));
      } else if (nx.kind === 'LBrack' && adjacent(prev, nx)) {
        this.next();
        const k = this.exprTop();
        const rb = this.expect('RBrack', ']');
        t = appendRef(t, k, tokSpan(rb));
      } else if (nx.kind === 'LParen' && adjacent(prev, nx) && isCallable(t)) {
        this.next();
        const args: Term[] = [];
        if (!this.at('RParen')) {
          args.push(this.exprTop(false));
          while (this.at('Comma')) {
            this.next();
            if (this.at('RParen')) break;
            args.push(this.exprTop(false));
          }
        }
        const rp = this.expect('RParen', ')');
        t = { type: 'call', name: refName(t), nameSpan: t.span, args, span: join(t.span, tokSpan(rp)) };
      } else break;
    }
    return t;
  }

  /** Splits $"..." into literal text and `{expr}` parts; each expression is parsed on its own. */
  private template(t: Tok): Term {
    const raw = t.kind === 'RawTemplateString';
    const body = t.image.slice(2, -1);
    const parts: Array<string | Term> = [];
    let text = '';
    let i = 0;
    while (i < body.length) {
      const c = body[i]!;
      if (c === '\\' && body[i + 1] === '{') {
        text += '{';
        i += 2;
      } else if (c === '\\' && !raw) {
        const esc = body.slice(i, i + (body[i + 1] === 'u' ? 6 : 2));
        try {
          text += JSON.parse(`"${esc}"`) as string;
        } catch {
          throw new ParseError('invalid escape in template string', t);
        }
        i += esc.length;
      } else if (c === '{') {
        const j = templateExprEnd(body, i + 1);
        if (j < 0) throw new ParseError('unterminated expression in template string', t);
        if (text) parts.push(text);
        text = '';
        const src = body.slice(i + 1, j - 1);
        const sub = lex(src);
        if (sub.errors.length) throw new ParseError(`illegal token in template expression: ${src}`, t);
        const base = t.offset + 2 + i + 1;
        const shifted = sub.tokens.map((x) => ({ ...x, line: t.line, col: t.col, endLine: t.line, endCol: t.endCol, offset: base + x.offset, end: base + x.end }));
        const p = new Parser(this.file, src, shifted, [], this.options);
        let e = p.membership();
        if (p.at('with')) e = withPart(e, p.withs());
        if (p.i < shifted.length) throw new ParseError(`unexpected token in template expression: ${src}`, t);
        parts.push(e);
        i = j;
      } else {
        text += c;
        i++;
      }
    }
    if (text) parts.push(text);
    return { type: 'template', parts, span: tokSpan(t) };
  }

  private primary(): Term {
    const t = this.next();
    const span = tokSpan(t);
    switch (t.kind) {
      case 'Number':
        const bad = numberLiteralError(t.image);
        if (bad) throw new ParseError(bad, t);
        return { type: 'number', value: Number(t.image), text: t.image, span };
      case 'Dot':
        // `.5` is a number (OPA's parseNumber takes a dot then a number); its digits may lex as
        // several adjacent number tokens (`.05`: "0", "5"). Its text becomes 0.5: a float to
        // sprintf as in opa (which cannot print `.5` as JSON at all)
        if (this.at('Number') && adjacent(t, this.peek()!)) {
          let text = '.';
          let last = t;
          while (this.at('Number') && adjacent(last, this.peek()!)) text += (last = this.next()).image;
          if (text !== '.' && !/[.]/.test(text.slice(1)) && /^\.[0-9]+(?:[eE][+-]?[0-9]+)?$/.test(text)) {
            const bad = numberLiteralError(text);
            if (bad) throw new ParseError(bad, t);
            return { type: 'number', value: Number(text), text: '0' + text, span: join(span, tokSpan(last)) };
          }
        }
        throw new ParseError('unexpected . token', t);
      case 'String':
        return { type: 'string', value: decodeString(t.image, t), span };
      case 'RawString':
        return { type: 'string', value: t.image.slice(1, -1), span };
      case 'TemplateString':
      case 'RawTemplateString':
        return this.template(t);
      case 'true':
        return { type: 'boolean', value: true, span };
      case 'false':
        return { type: 'boolean', value: false, span };
      case 'null':
        return { type: 'null', span };
      case 'Ident':
        return { type: 'var', name: t.image, span };
      case 'contains':
        // the builtin contains(s, x); the keyword only appears in rule heads
        return { type: 'var', name: t.image, span };
      case 'and':
      case 'or':
        // the builtins and(a, b), or(a, b) where the keywords are imported
        if (this.at('LParen') && adjacent(t, this.peek()!)) return { type: 'var', name: t.image, span };
        throw new ParseError(`unexpected ${t.image} keyword`, t);
      case 'LParen': {
        const e = this.exprTop();
        this.expect('RParen', ')');
        return e;
      }
      case 'LBrack': {
        const memo = this.bracketMemo.get(this.i);
        if (memo) {
          this.i = memo.end;
          return memo.term;
        }
        const start = this.i;
        const term = this.bracketed(span);
        this.bracketMemo.set(start, { term, end: this.i });
        return term;
      }
      case 'LBrace': {
        if (this.at('RBrace')) return { type: 'object', entries: [], span: join(span, tokSpan(this.next())) };
        // Unlike arrays, set and object comprehension heads still accept an expression
        // (`{x * x | ...}`), which opa rejects as a parse error: existing tests rely on it.
        const first = this.binary(1);
        if (this.at('Colon')) {
          this.next();
          const v = this.membership(1, false);
          if (this.at('Pipe')) {
            this.next();
            const body = this.literals('RBrace');
            const rb = this.expect('RBrace', '}');
            return { type: 'objcomp', key: first, value: v, body, span: join(span, tokSpan(rb)) };
          }
          const entries: Array<[Term, Term]> = [[first, v]];
          while (this.at('Comma')) {
            this.next();
            if (this.at('RBrace')) break;
            const k = this.binary(0);
            this.expect('Colon', ':');
            entries.push([k, this.membership(0, false)]);
          }
          const rb = this.expect('RBrace', '}');
          return { type: 'object', entries, span: join(span, tokSpan(rb)) };
        }
        if (this.at('Pipe')) {
          this.next();
          const body = this.literals('RBrace');
          const rb = this.expect('RBrace', '}');
          return { type: 'setcomp', head: first, body, span: join(span, tokSpan(rb)) };
        }
        const items = [first];
        while (this.at('Comma')) {
          this.next();
          if (this.at('RBrace')) break;
          items.push(this.membership(0, false));
        }
        const rb = this.expect('RBrace', '}');
        return { type: 'set', items, span: join(span, tokSpan(rb)) };
      }
      default:
        throw new ParseError(`unexpected ${describe(t)} token`, t);
    }
  }
}

/**
 * A keyword directly followed by `.name` at the start of a rule or of a body literal starts a ref,
 * as in opa: `if.foo := 1`, `default if.f(_) := 0`, `{ import.x == 2 }`. Such keyword tokens are
 * read as identifiers (elsewhere opa rejects them: `x := if.foo`). Keywords after a dot
 * (`input.in`) are names already.
 */
function refKeywordsToIdents(toks: Tok[]): void {
  const STARTS = new Set(['LBrace', 'Semi', 'Pipe', 'if', 'default']);
  for (let j = 1; j < toks.length; j++) {
    const t = toks[j]!;
    if (t.kind === 'Ident' || !/^[a-z]+$/.test(t.kind)) continue;
    const prev = toks[j - 1]!;
    if (prev.kind === 'Dot' && adjacent(prev, t)) {
      toks[j] = { ...t, kind: 'Ident' };
      continue;
    }
    if (!t.nl && !STARTS.has(prev.kind)) continue;
    const dot = toks[j + 1];
    const name = toks[j + 2];
    if (dot && name && dot.kind === 'Dot' && adjacent(t, dot) && adjacent(dot, name) && isKeywordIdent(name)) toks[j] = { ...t, kind: 'Ident' };
  }
}

/** Name of the head of the comprehension standing for `{e with ...}` in a template string. */
export const TEMPLATE_WITH = '$with';

/** `$"{e with input as x}"`: the part is `[$with | $with = e with input as x]`. */
function withPart(e: Term, withs: With[]): Term {
  const v: Term = { type: 'var', name: TEMPLATE_WITH, span: e.span };
  const lit: Literal = { type: 'expr', expr: { type: 'binop', op: '=', left: v, right: e, span: e.span }, negated: false, with: withs, span: e.span };
  return { type: 'arraycomp', head: v, body: [lit], span: e.span };
}

function adjacent(a: Tok, b: Tok): boolean {
  return a.end === b.offset;
}

function isKeywordIdent(t: Tok): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.image);
}

function describe(t: Tok): string {
  if (t.kind === 'Ident') return 'ident';
  if (t.kind === 'String' || t.kind === 'RawString') return 'string';
  if (t.kind === 'Number') return 'number';
  return t.image;
}

function isCallable(t: Term): boolean {
  if (t.type === 'var') return true;
  if (t.type !== 'ref' || t.head.type !== 'var') return false;
  return t.path.every((p) => p.type === 'string');
}

function refName(t: Term): string {
  if (t.type === 'var') return t.name;
  if (t.type === 'ref' && t.head.type === 'var') return [t.head.name, ...t.path.map((p) => (p as { value: string }).value)].join('.');
  return '';
}

function appendRef(t: Term, key: Term, end: Span): Term {
  if (t.type === 'ref') return { type: 'ref', head: t.head, path: [...t.path, key], span: join(t.span, end) };
  return { type: 'ref', head: t, path: [key], span: join(t.span, end) };
}

function decodeString(image: string, t: Tok): string {
  try {
    return JSON.parse(image) as string;
  } catch {
    throw new ParseError('invalid string literal', t);
  }
}
