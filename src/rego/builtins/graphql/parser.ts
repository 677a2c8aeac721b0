// The parser's token stream: one token of lookahead, comments gathered into the group that precedes
// the next token, and the first error kept (later ones are dropped, and every step becomes a no-op,
// as in opa's library, so a failed parse reports where it first went wrong).
import { node, type CommentGroup, type Node, type Position } from './ast.js';
import { GqlError } from './errors.js';
import { Lexer, Tok, tokenString, tokText, type Token } from './lexer.js';

export class Parser {
  err: GqlError | null = null;
  private readonly lexer: Lexer;
  private peeked = false;
  private peekToken: Token = { kind: Tok.EOF, value: '', line: 1, column: 1 };
  private peekError: GqlError | null = null;
  prev: Token = { kind: Tok.EOF, value: '', line: 1, column: 1 };
  /** The comments just before the lookahead token (null when there were none). */
  comment: CommentGroup | null = null;
  private commentConsuming = false;

  constructor(
    source: string,
    readonly file = '',
  ) {
    this.lexer = new Lexer(source, file);
  }

  peek(): Token {
    if (this.err) return this.prev;
    if (!this.peeked) {
      [this.peekToken, this.peekError] = this.lexer.read();
      this.peeked = true;
      if (this.peekToken.kind === Tok.Comment) this.consumeCommentGroup();
    }
    return this.peekToken;
  }

  next(): Token {
    if (this.err) return this.prev;
    if (!this.peeked) this.peek();
    this.peeked = false;
    this.comment = null;
    this.prev = this.peekToken;
    this.err = this.peekError;
    return this.prev;
  }

  private consumeCommentGroup(): void {
    if (this.err || this.commentConsuming) return;
    this.commentConsuming = true;
    const list: Node[] = [];
    while (!this.err && this.peek().kind === Tok.Comment) list.push(node('Comment', { Value: this.next().value }));
    this.comment = node<CommentGroup>('CommentGroup', { List: list });
    this.commentConsuming = false;
  }

  peekPos(): Position | null {
    if (this.err) return null;
    const t = this.peek();
    return { line: t.line, column: t.column, src: this.file };
  }

  error(t: Token, message: string): void {
    if (!this.err) this.err = new GqlError(message, [{ line: t.line, column: t.column }], this.file);
  }

  expectKeyword(value: string): [Token, CommentGroup | null] {
    const t = this.peek();
    const c = this.comment;
    if (t.kind === Tok.Name && t.value === value) return [this.next(), c];
    this.error(t, `Expected "${value}", found ${tokenString(t)}`);
    return [t, c];
  }

  expect(kind: Tok): [Token, CommentGroup | null] {
    const t = this.peek();
    const c = this.comment;
    if (t.kind === kind) return [this.next(), c];
    this.error(t, `Expected ${tokText(kind)}, found ${tokText(t.kind)}`);
    return [t, c];
  }

  skip(kind: Tok): boolean {
    if (this.err || this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  unexpected(t: Token = this.peek()): void {
    this.error(t, `Unexpected ${tokenString(t)}`);
  }

  /** `start item* end`, when the next token is `start`. */
  many(start: Tok, end: Tok, item: () => void): void {
    if (!this.skip(start)) return;
    while (this.peek().kind !== end && !this.err) item();
    this.next();
  }

  /** `start item+ end`, when the next token is `start`; returns the comments before `end`. */
  some(start: Tok, end: Tok, item: () => void): CommentGroup | null {
    if (!this.skip(start)) return null;
    let called = false;
    while (this.peek().kind !== end && !this.err) {
      called = true;
      item();
    }
    if (!called) {
      this.error(this.peek(), `expected at least one definition, found ${tokText(this.peek().kind)}`);
      return null;
    }
    const c = this.comment;
    this.next();
    return c;
  }

  name(): string {
    return this.expect(Tok.Name)[0].value;
  }
}
