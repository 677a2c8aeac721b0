// The fast path of parseSource: a hand-written scanner and recursive-descent parser for error-free
// files. It allocates no token objects and no CST, which makes it several times faster than the
// chevrotain parse (grammar-parse.ts), the parser of record, and lets `warden validate` run without
// loading chevrotain at all.
//
// NOTE(fast path): it returns a SourceFile only when it is certain that the chevrotain parser
// (grammar.ts + cst-to-ast.ts) would produce the very same AST (same nodes, spans, key order) with
// no diagnostic at all. Anything else: an unexpected token or character, a lexer diagnostic (bad
// escape, unterminated string or comment, `3x`), a lone CR (chevrotain counts it as a line break,
// the line table does not), nesting past the limit, a condition too deep for the stack, makes it
// give up (undefined), and parseSource runs the chevrotain parser, so every diagnostic still comes
// from it. Each decision below mirrors the LL(1) decision of the grammar rule named beside it;
// test/dsl/fast-parser.test.ts compares both parsers on every model in the repository and on
// generated, mutated and random source. A change to grammar.ts or cst-to-ast.ts needs the same
// change here (that test shows where the two disagree on the repository's models).
import type { Span } from '../diagnostics/index.js';
import type * as A from './ast.js';
import { KEYWORDS } from './keywords.js';
import { hasBadEscape, unquote } from './strings.js';
import { lineIndexAt, lineStartTable } from './span.js';

// Token kinds. Keywords are KEYWORD + their index in KEYWORDS; like the chevrotain lexer's soft
// keywords, every keyword is also accepted where a name is expected (isName).
const EOF = 0;
const NAME = 1;
const STRING = 2;
const NUMBER = 3;
const DATE = 4;
const THREAT_ID = 5;
const ARROW = 6;
const LCURLY = 7;
const RCURLY = 8;
const LBRACKET = 9;
const RBRACKET = 10;
const LPAREN = 11;
const RPAREN = 12;
const COMMA = 13;
const COLON = 14;
const DOT = 15;
const EQUALS = 16;
const EQ_EQ = 17;
const NOT_EQ = 18;
const LT_EQ = 19;
const GT_EQ = 20;
const LT = 21;
const GT = 22;
const KEYWORD = 32;

const KEYWORD_CODE = new Map<string, number>(KEYWORDS.map((w, i) => [w, KEYWORD + i]));
const kw = (w: (typeof KEYWORDS)[number]): number => KEYWORD_CODE.get(w)!;
const K_MODEL = kw('model');
const K_USE = kw('use');
const K_DATA = kw('data');
const K_BOUNDARY = kw('boundary');
const K_FLOW = kw('flow');
const K_KIND = kw('kind');
const K_CONTROL = kw('control');
const K_THREAT = kw('threat');
const K_MITIGATE = kw('mitigate');
const K_ACCEPT = kw('accept');
const K_NOT_APPLICABLE = kw('notApplicable');
const K_WAIVE = kw('waive');
const K_IN = kw('in');
const K_BY = kw('by');
const K_OWNER = kw('owner');
const K_UNTIL = kw('until');
const K_BECAUSE = kw('because');
const K_FOR = kw('for');
const K_TRUE = kw('true');
const K_FALSE = kw('false');
const K_EXTENDS = kw('extends');
const K_ATTR = kw('attr');
const K_PARAM = kw('param');
const K_REQUIRED = kw('required');
const K_REQUIRES = kw('requires');
const K_WHEN = kw('when');
const K_AND = kw('and');
const K_OR = kw('or');
const K_NOT = kw('not');

/** Comparison operators as written, by token kind. */
const OPERATORS = new Map<number, '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in'>([
  [EQ_EQ, '=='],
  [NOT_EQ, '!='],
  [LT_EQ, '<='],
  [GT_EQ, '>='],
  [LT, '<'],
  [GT, '>'],
  [K_IN, 'in'],
]);

/** Thrown (and caught in fastParse only) to give up: the chevrotain parser takes over. */
class GiveUp {}
const GIVE_UP = new GiveUp();

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || isDigit(c);

/**
 * Token stream in parallel arrays: kind, start and end offset (end-exclusive), 0-based line (tokens
 * other than comments never span lines, so one line index serves both ends), and image.
 */
class Tokens {
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  image: string[] = [];
  count = 0;
  /** The line the scanner is on, kept by scan() as it passes line feeds. */
  current = 0;
  constructor(capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
  }
  push(kind: number, start: number, end: number, image: string): void {
    if (this.count === this.kind.length) {
      const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.kind = grow(this.kind, (n) => new Uint8Array(n));
      this.start = grow(this.start, (n) => new Int32Array(n));
      this.end = grow(this.end, (n) => new Int32Array(n));
      this.line = grow(this.line, (n) => new Int32Array(n));
    }
    this.kind[this.count] = kind;
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.line[this.count] = this.current;
    this.image[this.count] = image;
    this.count++;
  }
}

/** Mirrors lexer.ts's token set where it produces no diagnostic; gives up everywhere else. */
function scan(text: string, starts: readonly number[], maxNesting: number, comments: A.Comment[]): Tokens {
  const n = text.length;
  const toks = new Tokens(Math.max(16, n >> 2));
  const names = new Map<string, string>();
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // WhiteSpace: [ \t\r\n\f\uFEFF]
    if (c === 10) {
      toks.current++;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 12 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 13) {
      if (text.charCodeAt(i + 1) !== 10) throw GIVE_UP;
      i++;
      continue;
    }
    if (isNameStart(c)) {
      // ThreatId (TH- and 8 hex digits, not followed by a name character) comes before Identifier.
      if (c === 84 && text.charCodeAt(i + 1) === 72 && text.charCodeAt(i + 2) === 45) {
        let h = 0;
        while (h < 8 && isHex(text.charCodeAt(i + 3 + h))) h++;
        if (h === 8 && !isNameChar(text.charCodeAt(i + 11))) {
          toks.push(THREAT_ID, i, i + 11, text.slice(i, i + 11));
          i += 11;
          continue;
        }
      }
      let j = i + 1;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      // Names repeat (attribute names, enum members, references): one string per distinct name
      // keeps the AST small; the copies die young.
      const slice = text.slice(i, j);
      let image = names.get(slice);
      if (image === undefined) names.set(slice, (image = slice));
      toks.push(j - i <= 13 ? (KEYWORD_CODE.get(image) ?? NAME) : NAME, i, j, image);
      i = j;
      continue;
    }
    if (isDigit(c) || c === 45) {
      if (c === 45 && text.charCodeAt(i + 1) === 62) {
        toks.push(ARROW, i, i + 2, '->');
        i += 2;
        continue;
      }
      // DateLit: \d{4}-\d{2}-\d{2} not followed by a digit.
      if (
        isDigit(c) &&
        isDigit(text.charCodeAt(i + 1)) &&
        isDigit(text.charCodeAt(i + 2)) &&
        isDigit(text.charCodeAt(i + 3)) &&
        text.charCodeAt(i + 4) === 45 &&
        isDigit(text.charCodeAt(i + 5)) &&
        isDigit(text.charCodeAt(i + 6)) &&
        text.charCodeAt(i + 7) === 45 &&
        isDigit(text.charCodeAt(i + 8)) &&
        isDigit(text.charCodeAt(i + 9)) &&
        !isDigit(text.charCodeAt(i + 10))
      ) {
        toks.push(DATE, i, i + 10, text.slice(i, i + 10));
        i += 10;
        continue;
      }
      // NumberLit: -?\d+(\.\d+)? not followed by a name character. Where the regex would backtrack
      // (or BadNumber would match, a diagnostic), give up.
      let j = c === 45 ? i + 1 : i;
      if (!isDigit(text.charCodeAt(j))) throw GIVE_UP;
      while (isDigit(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
        j += 2;
        while (isDigit(text.charCodeAt(j))) j++;
      }
      if (isNameChar(text.charCodeAt(j))) throw GIVE_UP;
      toks.push(NUMBER, i, j, text.slice(i, j));
      i = j;
      continue;
    }
    if (c === 34) {
      // StringLit; an unterminated string or a bad escape is a diagnostic: give up.
      let j = i + 1;
      let escapes = false;
      for (;;) {
        if (j >= n) throw GIVE_UP;
        const d = text.charCodeAt(j);
        if (d === 34) break;
        if (d === 10 || d === 13) throw GIVE_UP;
        if (d === 92) {
          const e = text.charCodeAt(j + 1);
          if (j + 1 >= n || e === 10 || e === 13) throw GIVE_UP;
          escapes = true;
          j += 2;
          continue;
        }
        j++;
      }
      const image = text.slice(i, j + 1);
      if (escapes && hasBadEscape(image)) throw GIVE_UP;
      toks.push(STRING, i, j + 1, image);
      i = j + 1;
      continue;
    }
    if (c === 47) {
      const d = text.charCodeAt(i + 1);
      let j: number;
      if (d === 47) {
        j = i + 2;
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      } else if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) throw GIVE_UP;
        j = close + 2;
        // A lone CR inside the comment would be a line break to chevrotain but not to the line table.
        for (let k = i + 2; k < close; k++) if (text.charCodeAt(k) === 13 && text.charCodeAt(k + 1) !== 10) throw GIVE_UP;
      } else throw GIVE_UP;
      comments.push({ text: text.slice(i, j), span: spanAt(starts, i, j) });
      // A block comment may hold line feeds.
      if (d === 42) toks.current = lineIndexAt(starts, j - 1);
      i = j;
      continue;
    }
    let kind: number;
    switch (c) {
      case 123:
        kind = LCURLY;
        break;
      case 125:
        kind = RCURLY;
        break;
      case 91:
        kind = LBRACKET;
        break;
      case 93:
        kind = RBRACKET;
        break;
      case 40:
        kind = LPAREN;
        break;
      case 41:
        kind = RPAREN;
        break;
      case 44:
        kind = COMMA;
        break;
      case 58:
        kind = COLON;
        break;
      case 46:
        kind = DOT;
        break;
      case 61: // = ==
      case 60: // < <=
      case 62: // > >=
      case 33: {
        // !=; a lone ! is an unexpected character
        const two = text.charCodeAt(i + 1) === 61;
        if (c === 33 && !two) throw GIVE_UP;
        const k2 = c === 61 ? EQ_EQ : c === 60 ? LT_EQ : c === 62 ? GT_EQ : NOT_EQ;
        const k1 = c === 61 ? EQUALS : c === 60 ? LT : GT;
        toks.push(two ? k2 : k1, i, i + (two ? 2 : 1), '');
        i += two ? 2 : 1;
        continue;
      }
      default:
        throw GIVE_UP;
    }
    // The parser's nesting limit (parser.ts tooDeep) counts all three bracket kinds together.
    if (kind === LCURLY || kind === LBRACKET || kind === LPAREN) {
      if (++depth > maxNesting) throw GIVE_UP;
    } else if (kind === RCURLY || kind === RBRACKET || kind === RPAREN) depth = Math.max(0, depth - 1);
    toks.push(kind, i, i + 1, '');
    i++;
  }
  toks.push(EOF, n, n, '');
  return toks;
}

/** The span of [start, end), as chevrotain's tokenSpan and cst-to-ast's nodeSpan compute it. */
function spanAt(starts: readonly number[], start: number, end: number): Span {
  const li = lineIndexAt(starts, start);
  const ei = lineIndexAt(starts, end - 1);
  return { line: li + 1, column: start - starts[li] + 1, endLine: ei + 1, endColumn: end - starts[ei] + 1, offset: start, endOffset: end };
}

class Parser {
  private p = 0;
  /** Items of the lists being parsed, innermost last (see collect). */
  private readonly scratch: unknown[] = [];
  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly line: Int32Array;
  private readonly image: string[];

  constructor(
    toks: Tokens,
    private readonly starts: readonly number[],
  ) {
    this.kind = toks.kind;
    this.start = toks.start;
    this.end = toks.end;
    this.line = toks.line;
    this.image = toks.image;
  }

  private la(k = 0): number {
    return this.kind[this.p + k];
  }

  private isName(k = 0): boolean {
    const t = this.kind[this.p + k];
    return t === NAME || t >= KEYWORD;
  }

  private expect(kind: number): number {
    if (this.kind[this.p] !== kind) throw GIVE_UP;
    return this.p++;
  }

  private expectName(): number {
    if (!this.isName()) throw GIVE_UP;
    return this.p++;
  }

  /** From the start of token `first` to the end of token `last` (as chevrotain's node locations). */
  private span(first: number, last: number): Span {
    const line = this.line[first];
    const endLine = this.line[last];
    const starts = this.starts;
    return { line: line + 1, column: this.start[first] - starts[line] + 1, endLine: endLine + 1, endColumn: this.end[last] - starts[endLine] + 1, offset: this.start[first], endOffset: this.end[last] };
  }

  private ident(t: number): A.Ident {
    return { name: this.image[t], span: this.span(t, t) };
  }

  private str(t: number): A.Str {
    return { value: unquote(this.image[t]), span: this.span(t, t) };
  }

  private optTitle(): A.Str | undefined {
    return this.la() === STRING ? this.str(this.p++) : undefined;
  }

  /** file: MANY(statement), then end of input. */
  file(): A.Statement[] {
    const out: A.Statement[] = [];
    while (this.la() !== EOF) out.push(this.statement());
    return out;
  }

  /** statement: the keyword alternatives in grammar order, then elementDecl for any other name. */
  private statement(): A.Statement {
    switch (this.la()) {
      case K_MODEL:
        return this.modelDecl();
      case K_USE: {
        const first = this.p++;
        const path = this.str(this.expect(STRING));
        return { kind: 'use', path, span: this.span(first, this.p - 1) };
      }
      case K_DATA:
        return this.dataDecl();
      case K_BOUNDARY:
        return this.boundaryDecl();
      case K_FLOW:
        return this.flowDecl();
      case K_MITIGATE:
        return this.mitigateStmt();
      case K_ACCEPT:
        return this.acceptStmt();
      case K_NOT_APPLICABLE: {
        const first = this.p++;
        const target = this.threatRef();
        this.expect(K_BECAUSE);
        const reason = this.str(this.expect(STRING));
        return { kind: 'notApplicable', target, reason, span: this.span(first, this.p - 1) };
      }
      case K_WAIVE:
        return this.waiveStmt();
      case K_KIND:
        return this.kindDecl();
      case K_CONTROL:
        return this.controlDecl();
      case K_THREAT:
        return this.threatDecl();
    }
    if (!this.isName()) throw GIVE_UP;
    return this.elementDecl();
  }

  /** block: { MANY(attribute) }. Declarations have a `block` key only when written with one, as cst-to-ast's attrBlock spreads it. */
  private attrBlock(): { attributes: A.Attribute[]; block?: A.BlockRange } {
    if (this.la() !== LCURLY) return { attributes: [] };
    const open = this.p++;
    const base = this.scratch.length;
    while (this.isName()) this.scratch.push(this.attribute());
    const attributes = this.collect<A.Attribute>(base);
    const close = this.expect(RCURLY);
    return { attributes, block: { open: this.start[open], close: this.start[close] } };
  }

  private modelDecl(): A.ModelDecl {
    const first = this.p++;
    const name = this.str(this.expect(STRING));
    const { attributes, block } = this.attrBlock();
    const span = this.span(first, this.p - 1);
    return block ? { kind: 'model', name, attributes, block, span } : { kind: 'model', name, attributes, span };
  }

  private dataDecl(): A.DataDecl {
    const first = this.p++;
    const name = this.ident(this.expectName());
    const title = this.optTitle();
    const { attributes, block } = this.attrBlock();
    const span = this.span(first, this.p - 1);
    return block ? { kind: 'data', name, title, attributes, block, span } : { kind: 'data', name, title, attributes, span };
  }

  private boundaryDecl(): A.BoundaryDecl {
    const first = this.p++;
    const name = this.ident(this.expectName());
    const title = this.optTitle();
    let parent: A.Ident | undefined;
    if (this.la() === K_IN) {
      this.p++;
      parent = this.ident(this.expectName());
    }
    const members: A.BoundaryDecl['members'] = [];
    let block: A.BlockRange | undefined;
    if (this.la() === LCURLY) {
      const open = this.p++;
      for (;;) {
        // boundaryMember: boundary, flow, data; an element when the second token is a name and the
        // third a title, `in` or `{`; otherwise an attribute (`tags ["a"]` is an attribute).
        const t = this.la();
        if (t === K_BOUNDARY) members.push(this.boundaryDecl());
        else if (t === K_FLOW) members.push(this.flowDecl());
        else if (t === K_DATA) members.push(this.dataDecl());
        else if (this.isName()) {
          const la3 = this.la(2);
          members.push(this.isName(1) && (la3 === STRING || la3 === K_IN || la3 === LCURLY) ? this.elementDecl() : this.attribute());
        } else break;
      }
      const close = this.expect(RCURLY);
      block = { open: this.start[open], close: this.start[close] };
    }
    return { kind: 'boundary', name, title, parent, members, block, span: this.span(first, this.p - 1) };
  }

  private elementDecl(): A.ElementDecl {
    const first = this.p;
    const kindName = this.ident(this.expectName());
    const name = this.ident(this.expectName());
    const title = this.optTitle();
    let parent: A.Ident | undefined;
    if (this.la() === K_IN) {
      this.p++;
      parent = this.ident(this.expectName());
    }
    const { attributes, block } = this.attrBlock();
    const span = this.span(first, this.p - 1);
    return block ? { kind: 'element', kindName, name, title, parent, attributes, block, span } : { kind: 'element', kindName, name, title, parent, attributes, span };
  }

  private flowDecl(): A.FlowDecl {
    const first = this.p++;
    let name: A.Ident | undefined;
    // `flow Name: A -> B`: the grammar's one two-token decision.
    if (this.isName() && this.la(1) === COLON) {
      name = this.ident(this.p);
      this.p += 2;
    }
    const from = this.ident(this.expectName());
    this.expect(ARROW);
    const to = this.ident(this.expectName());
    const title = this.optTitle();
    const { attributes, block } = this.attrBlock();
    const span = this.span(first, this.p - 1);
    return block ? { kind: 'flow', name, from, to, title, attributes, block, span } : { kind: 'flow', name, from, to, title, attributes, span };
  }

  private attribute(): A.Attribute {
    const first = this.p;
    const name = this.ident(this.expectName());
    const value = this.value();
    return { kind: 'attribute', name, value, span: this.span(first, this.p - 1) };
  }

  /** value: literals, true/false, a list, then a name or call (keywords included). */
  private value(): A.Value {
    const t = this.p;
    switch (this.la()) {
      case STRING:
        this.p++;
        return { kind: 'string', value: unquote(this.image[t]), span: this.span(t, t) };
      case NUMBER:
        this.p++;
        return { kind: 'number', value: Number(this.image[t]), raw: this.image[t], span: this.span(t, t) };
      case DATE:
        this.p++;
        return { kind: 'date', value: this.image[t], span: this.span(t, t) };
      case THREAT_ID:
        this.p++;
        return { kind: 'threatId', value: this.image[t], span: this.span(t, t) };
      case K_TRUE:
        this.p++;
        return { kind: 'bool', value: true, span: this.span(t, t) };
      case K_FALSE:
        this.p++;
        return { kind: 'bool', value: false, span: this.span(t, t) };
      case LBRACKET: {
        this.p++;
        const items = this.values(RBRACKET);
        return { kind: 'list', items, span: this.span(t, this.p - 1) };
      }
    }
    if (!this.isName()) throw GIVE_UP;
    this.p++;
    if (this.la() !== LPAREN) return { kind: 'ident', name: this.image[t], span: this.span(t, t) };
    this.p++;
    const args = this.values(RPAREN);
    return { kind: 'call', name: this.ident(t), args, span: this.span(t, this.p - 1) };
  }

  /** OPTION(value MANY(, value)) then the closing token. */
  private values(close: number): A.Value[] {
    const base = this.scratch.length;
    if (this.la() !== close) {
      this.scratch.push(this.value());
      while (this.la() === COMMA) {
        this.p++;
        this.scratch.push(this.value());
      }
    }
    const items = this.collect<A.Value>(base);
    this.expect(close);
    return items;
  }

  /**
   * The items pushed on the scratch stack since `base`, as an array of exactly their number. A big
   * model has tens of thousands of short lists; arrays grown by push() would keep room for 17.
   */
  private collect<T>(base: number): T[] {
    const items = this.scratch.slice(base) as T[];
    this.scratch.length = base;
    return items;
  }

  /** `{` items `}` of kind, control and threat declarations: the block range and the items in source order. */
  private itemBlock<T>(item: () => T): { items: T[]; block: A.BlockRange } {
    const open = this.expect(LCURLY);
    const items: T[] = [];
    while (this.isName()) items.push(item());
    const close = this.expect(RCURLY);
    return { items, block: { open: this.start[open], close: this.start[close] } };
  }

  private kindDecl(): A.KindDecl {
    const first = this.p++;
    const name = this.ident(this.expectName());
    let ext: A.Ident | undefined;
    if (this.la() === K_EXTENDS) {
      this.p++;
      ext = this.ident(this.expectName());
    }
    // kindItem: `requires boundary`, an attribute declaration, or an attribute (`doc "..."`).
    const { items, block } = this.itemBlock((): A.KindDecl['items'][number] => {
      const t = this.la();
      if (t === K_REQUIRES) {
        const at = this.p++;
        this.expect(K_BOUNDARY);
        return { kind: 'requiresBoundary', span: this.span(at, this.p - 1) };
      }
      if (t === K_REQUIRED || t === K_ATTR) return this.typedDecl('attrDecl', K_ATTR);
      return this.attribute();
    });
    return { kind: 'kind', name, extends: ext, items, block, span: this.span(first, this.p - 1) };
  }

  /** attrDecl / paramDecl: [required] attr|param name: type [= default]. */
  private typedDecl<K extends 'attrDecl' | 'paramDecl'>(kind: K, keyword: number): { kind: K; required: boolean; name: A.Ident; type: A.TypeExpr; default?: A.Value; span: Span } {
    const first = this.p;
    let required = false;
    if (this.la() === K_REQUIRED) {
      this.p++;
      required = true;
    }
    this.expect(keyword);
    const name = this.ident(this.expectName());
    this.expect(COLON);
    const type = this.typeExpr();
    let def: A.Value | undefined;
    if (this.la() === EQUALS) {
      this.p++;
      def = this.value();
    }
    return { kind, required, name, type, default: def, span: this.span(first, this.p - 1) };
  }

  /** typeExpr: name, name(member, ...) or name<type>. */
  private typeExpr(): A.TypeExpr {
    const first = this.p;
    const name = this.ident(this.expectName());
    if (this.la() === LPAREN) {
      this.p++;
      const members = [this.ident(this.expectName())];
      while (this.la() === COMMA) {
        this.p++;
        members.push(this.ident(this.expectName()));
      }
      this.expect(RPAREN);
      return { name, members, span: this.span(first, this.p - 1) };
    }
    if (this.la() === LT) {
      this.p++;
      const of = this.typeExpr();
      this.expect(GT);
      return { name, of, span: this.span(first, this.p - 1) };
    }
    return { name, span: this.span(first, this.p - 1) };
  }

  private controlDecl(): A.ControlDecl {
    const first = this.p++;
    const name = this.ident(this.expectName());
    const title = this.optTitle();
    const { items, block } = this.itemBlock((): A.ControlDecl['items'][number] => {
      const t = this.la();
      return t === K_REQUIRED || t === K_PARAM ? this.typedDecl('paramDecl', K_PARAM) : this.attribute();
    });
    return { kind: 'control', name, title, items, block, span: this.span(first, this.p - 1) };
  }

  private threatDecl(): A.ThreatDecl {
    const first = this.p++;
    const name = this.ident(this.expectName());
    const title = this.optTitle();
    const { items, block } = this.itemBlock((): A.ThreatDecl['items'][number] => {
      if (this.la() !== K_WHEN) return this.attribute();
      const at = this.p++;
      const cond = this.orExpr();
      return { kind: 'when', cond, span: this.span(at, this.p - 1) };
    });
    return { kind: 'threat', name, title, items, block, span: this.span(first, this.p - 1) };
  }

  /** orExpr / andExpr: one operand stands for itself; more make an `or` / `and` node. */
  private orExpr(): A.Cond {
    const first = this.p;
    const args = [this.andExpr()];
    while (this.la() === K_OR) {
      this.p++;
      args.push(this.andExpr());
    }
    return args.length === 1 ? args[0] : { kind: 'or', args, span: this.span(first, this.p - 1) };
  }

  private andExpr(): A.Cond {
    const first = this.p;
    const args = [this.notExpr()];
    while (this.la() === K_AND) {
      this.p++;
      args.push(this.notExpr());
    }
    return args.length === 1 ? args[0] : { kind: 'and', args, span: this.span(first, this.p - 1) };
  }

  private notExpr(): A.Cond {
    if (this.la() === K_NOT) {
      const first = this.p++;
      const arg = this.notExpr();
      return { kind: 'not', arg, span: this.span(first, this.p - 1) };
    }
    const first = this.p;
    const left = this.primary();
    const op = OPERATORS.get(this.la());
    if (op === undefined) return left;
    this.p++;
    const right = this.primary();
    return { kind: 'compare', op, left, right, span: this.span(first, this.p - 1) };
  }

  /** primary: ( orExpr ), [ list ], a literal, or a path or call (names include keywords). */
  private primary(): A.Cond {
    const first = this.p;
    switch (this.la()) {
      case LPAREN: {
        this.p++;
        const inner = this.orExpr();
        this.expect(RPAREN);
        return { kind: 'paren', inner, span: this.span(first, this.p - 1) };
      }
      case LBRACKET: {
        this.p++;
        const items = this.conds(RBRACKET);
        return { kind: 'list', items, span: this.span(first, this.p - 1) };
      }
      case STRING:
      case NUMBER:
      case DATE:
      case K_TRUE:
      case K_FALSE: {
        const value = this.value();
        return { kind: 'literal', value, span: this.span(first, first) };
      }
    }
    if (!this.isName()) throw GIVE_UP;
    const segs = [this.ident(this.p++)];
    while (this.la() === DOT) {
      this.p++;
      segs.push(this.ident(this.expectName()));
    }
    if (this.la() !== LPAREN) return { kind: 'path', path: segs, span: this.span(first, this.p - 1) };
    const nameEnd = this.p - 1;
    this.p++;
    const args = this.conds(RPAREN);
    // A dotted call name (`a.b(x)`) is kept whole, as cst-to-ast does.
    const name = { name: segs.map((x) => x.name).join('.'), span: this.span(first, nameEnd) };
    return { kind: 'call', name, args, span: this.span(first, this.p - 1) };
  }

  /** OPTION(orExpr MANY(, orExpr)) then the closing token. */
  private conds(close: number): A.Cond[] {
    const items: A.Cond[] = [];
    if (this.la() !== close) {
      items.push(this.orExpr());
      while (this.la() === COMMA) {
        this.p++;
        items.push(this.orExpr());
      }
    }
    this.expect(close);
    return items;
  }

  private threatRef(): A.ThreatRefNode {
    const first = this.p;
    if (this.la() === THREAT_ID) {
      this.p++;
      return { kind: 'id', id: this.image[first], span: this.span(first, first) };
    }
    const element = this.ident(this.expectName());
    this.expect(DOT);
    const category = this.ident(this.expectName());
    let rule: A.Ident | undefined;
    if (this.la() === DOT) {
      this.p++;
      rule = this.ident(this.expectName());
    }
    return { kind: 'category', element, category, rule, span: this.span(first, this.p - 1) };
  }

  private mitigateStmt(): A.MitigateStmt {
    const first = this.p++;
    const target = this.threatRef();
    let control: A.Ident | undefined;
    if (this.la() === K_BY) {
      this.p++;
      control = this.ident(this.expectName());
    }
    const text = this.optTitle();
    return { kind: 'mitigate', target, control, text, span: this.span(first, this.p - 1) };
  }

  private acceptStmt(): A.AcceptStmt {
    const first = this.p++;
    const target = this.threatRef();
    this.expect(K_OWNER);
    const owner = this.str(this.expect(STRING));
    this.expect(K_UNTIL);
    const u = this.expect(DATE);
    this.expect(K_BECAUSE);
    const reason = this.str(this.expect(STRING));
    return { kind: 'accept', target, owner, until: { value: this.image[u], span: this.span(u, u) }, reason, span: this.span(first, this.p - 1) };
  }

  private waiveStmt(): A.WaiveStmt {
    const first = this.p++;
    const check = this.str(this.expect(STRING));
    this.expect(K_FOR);
    const resource = this.str(this.expect(STRING));
    this.expect(K_OWNER);
    const owner = this.str(this.expect(STRING));
    this.expect(K_UNTIL);
    const u = this.expect(DATE);
    this.expect(K_BECAUSE);
    const reason = this.str(this.expect(STRING));
    return { kind: 'waive', check, resource, owner, until: { value: this.image[u], span: this.span(u, u) }, reason, span: this.span(first, this.p - 1) };
  }
}

/**
 * The AST of `text` when it is error-free and within this path's subset, exactly as the chevrotain
 * parser would build it; undefined otherwise (then parse with the chevrotain parser).
 */
export function fastParse(file: string, text: string, maxNesting: number): A.SourceFile | undefined {
  const starts = lineStartTable(text);
  const comments: A.Comment[] = [];
  try {
    const toks = scan(text, starts, maxNesting, comments);
    const statements = new Parser(toks, starts).file();
    return { file, statements, comments };
  } catch (e) {
    // A RangeError is a chain such as `not not not ...` deeper than the stack: chevrotain reports it.
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }
}
