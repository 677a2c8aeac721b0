// The GraphQL lexer, reading UTF-8 bytes and counting columns in runes as opa's library does, so
// that error locations match. A lexical error becomes an Invalid token carrying the error: the
// parser reports what it expected at that token, and the lexer's own message only when it consumes it.
import { GqlError } from './errors.js';

export const enum Tok {
  Invalid,
  EOF,
  Bang,
  Dollar,
  Amp,
  ParenL,
  ParenR,
  Spread,
  Colon,
  Equals,
  At,
  BracketL,
  BracketR,
  BraceL,
  BraceR,
  Pipe,
  Name,
  Int,
  Float,
  String,
  BlockString,
  Comment,
}

const TOK_TEXT = ['<Invalid>', '<EOF>', '!', '$', '&', '(', ')', '...', ':', '=', '@', '[', ']', '{', '}', '|', 'Name', 'Int', 'Float', 'String', 'BlockString', 'Comment'];

/** A token kind as gqlparser prints it in messages (`{`, `<EOF>`, `Name`). */
export function tokText(k: Tok): string {
  return TOK_TEXT[k]!;
}

export interface Token {
  kind: Tok;
  value: string;
  line: number;
  column: number;
}

/** A token as messages show it: its kind, then its value quoted as Go's strconv.Quote would. */
export function tokenString(t: Token): string {
  return t.value !== '' ? `${tokText(t.kind)} ${goQuote(t.value)}` : tokText(t.kind);
}

/** Go's strconv.Quote: printable characters kept, the others escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0xfffd || /\p{L}|\p{M}|\p{N}|\p{P}|\p{S}|\u0020/u.test(ch)) out += ch;
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

const isNameStart = (b: number): boolean => b === 0x5f || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const utf8 = new TextDecoder();

const PUNCT: Record<number, Tok> = { 0x21: Tok.Bang, 0x24: Tok.Dollar, 0x26: Tok.Amp, 0x28: Tok.ParenL, 0x29: Tok.ParenR, 0x3a: Tok.Colon, 0x3d: Tok.Equals, 0x40: Tok.At, 0x5b: Tok.BracketL, 0x5d: Tok.BracketR, 0x7b: Tok.BraceL, 0x7d: Tok.BraceR, 0x7c: Tok.Pipe };

/** The byte length of the UTF-8 sequence starting with byte `b`. */
function seqLen(b: number): number {
  return b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
}

export class Lexer {
  private readonly input: Uint8Array;
  private start = 0;
  private startRunes = 0;
  private end = 0;
  private endRunes = 0;
  private line = 1;
  private lineStartRunes = 0;

  constructor(
    source: string,
    private readonly file = '',
  ) {
    this.input = new TextEncoder().encode(source);
  }

  private text(from: number, to: number): string {
    return utf8.decode(this.input.subarray(from, to));
  }

  private make(kind: Tok, value: string): Token {
    return { kind, value, line: this.line, column: this.startRunes - this.lineStartRunes + 1 };
  }

  private error(message: string): [Token, GqlError] {
    const column = this.endRunes - this.lineStartRunes + 1;
    return [{ kind: Tok.Invalid, value: '', line: this.line, column }, new GqlError(message, [{ line: this.line, column }], this.file)];
  }

  /** The next token, skipping whitespace; a lexical error comes back as an Invalid token and the error. */
  read(): [Token, GqlError | null] {
    this.ws();
    this.start = this.end;
    this.startRunes = this.endRunes;
    const inp = this.input;
    if (this.end >= inp.length) return [this.make(Tok.EOF, ''), null];
    const r = inp[this.start]!;
    this.end++;
    this.endRunes++;
    const punct = PUNCT[r];
    if (punct !== undefined) return [this.make(punct, ''), null];
    if (r === 0x2e && inp[this.start + 1] === 0x2e && inp[this.start + 2] === 0x2e) {
      this.end += 2;
      this.endRunes += 2;
      return [this.make(Tok.Spread, ''), null];
    }
    if (r === 0x23) return [this.readComment(), null];
    if (isNameStart(r)) return [this.readName(), null];
    if (r === 0x2d || isDigit(r)) return this.readNumber();
    if (r === 0x22) return inp[this.start + 1] === 0x22 && inp[this.start + 2] === 0x22 ? this.readBlockString() : this.readString();
    this.end--;
    this.endRunes--;
    if (r < 0x20 && r !== 0x09 && r !== 0x0a && r !== 0x0d) return this.error(`Cannot contain the invalid character "\\u${r.toString(16).padStart(4, '0')}"`);
    if (r === 0x27) return this.error(`Unexpected single quote character ('), did you mean to use a double quote (")?`);
    return this.error(`Cannot parse the unexpected character "${String.fromCodePoint(r)}".`);
  }

  private newline(): void {
    this.line++;
    this.lineStartRunes = this.endRunes;
  }

  private ws(): void {
    const inp = this.input;
    while (this.end < inp.length) {
      const b = inp[this.end]!;
      if (b === 0x09 || b === 0x20 || b === 0x2c) {
        this.end++;
        this.endRunes++;
      } else if (b === 0x0a || b === 0x0d) {
        this.end++;
        this.endRunes++;
        this.newline();
        if (b === 0x0d && inp[this.end] === 0x0a) {
          this.end++;
          this.endRunes++;
        }
      } else if (b === 0xef && inp[this.end + 1] === 0xbb && inp[this.end + 2] === 0xbf) {
        this.end += 3;
        this.endRunes++;
      } else return;
    }
  }

  /** Advances over one rune; returns its first byte. */
  private stepRune(): number {
    const b = this.input[this.end]!;
    this.end += Math.min(seqLen(b), this.input.length - this.end);
    this.endRunes++;
    return b;
  }

  private readComment(): Token {
    while (this.end < this.input.length) {
      const b = this.input[this.end]!;
      if (b > 0x1f || b === 0x09) this.stepRune();
      else break;
    }
    return this.make(Tok.Comment, this.text(this.start, this.end));
  }

  private readName(): Token {
    while (this.end < this.input.length && (isNameStart(this.input[this.end]!) || isDigit(this.input[this.end]))) {
      this.end++;
      this.endRunes++;
    }
    return this.make(Tok.Name, this.text(this.start, this.end));
  }

  private accept(...bytes: number[]): boolean {
    if (this.end < this.input.length && bytes.includes(this.input[this.end]!)) {
      this.end++;
      this.endRunes++;
      return true;
    }
    return false;
  }

  private digits(): number {
    let n = 0;
    while (isDigit(this.input[this.end])) {
      this.end++;
      this.endRunes++;
      n++;
    }
    return n;
  }

  private describeNext(): string {
    return this.end < this.input.length ? `"${String.fromCodePoint(this.input[this.end]!)}"` : '<EOF>';
  }

  private readNumber(): [Token, GqlError | null] {
    let float = false;
    this.end--;
    this.endRunes--;
    this.accept(0x2d);
    if (this.accept(0x30)) {
      const n = this.digits();
      if (n !== 0) {
        this.end -= n;
        this.endRunes -= n;
        return this.error(`Invalid number, unexpected digit after 0: ${this.describeNext()}.`);
      }
    } else if (this.digits() === 0) return this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    if (this.accept(0x2e)) {
      float = true;
      if (this.digits() === 0) return this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    if (this.accept(0x65, 0x45)) {
      float = true;
      this.accept(0x2d, 0x2b);
      if (this.digits() === 0) return this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    return [this.make(float ? Tok.Float : Tok.Int, this.text(this.start, this.end)), null];
  }

  private readString(): [Token, GqlError | null] {
    const inp = this.input;
    let buf: number[] | null = null;
    this.start++;
    this.startRunes++;
    while (this.end < inp.length) {
      const r = inp[this.end]!;
      if (r === 0x0a || r === 0x0d) break;
      if (r < 0x20 && r !== 0x09) return this.error(`Invalid character within String: "\\u${r.toString(16).padStart(4, '0')}".`);
      if (r === 0x22) {
        const t = this.make(Tok.String, buf ? utf8.decode(Uint8Array.from(buf)) : this.text(this.start, this.end));
        this.end++;
        this.endRunes++;
        return [t, null];
      }
      if (r !== 0x5c) {
        const from = this.end;
        this.stepRune();
        if (buf) for (let i = from; i < this.end; i++) buf.push(inp[i]!);
        continue;
      }
      const err = this.escape((buf ??= Array.from(inp.subarray(this.start, this.end))));
      if (err) return err;
    }
    return this.error('Unterminated string.');
  }

  /** One escape sequence of a string (at a backslash), appended to `buf`; an error if malformed. */
  private escape(buf: number[]): [Token, GqlError] | null {
    const inp = this.input;
    if (this.end + 1 >= inp.length) {
      this.end++;
      this.endRunes++;
      return this.error('Invalid character escape sequence.');
    }
    const esc = inp[this.end + 1]!;
    if (esc === 0x75) {
      if (this.end + 6 >= inp.length) {
        this.end++;
        this.endRunes++;
        return this.error(`Invalid character escape sequence: \\${this.text(this.end, inp.length)}.`);
      }
      const hex = this.text(this.end + 2, this.end + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.end++;
        this.endRunes++;
        return this.error(`Invalid character escape sequence: \\${this.text(this.end, this.end + 5)}.`);
      }
      const cp = parseInt(hex, 16);
      // Go writes U+FFFD for a surrogate half
      buf.push(...new TextEncoder().encode(String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp)));
      this.end += 6;
      this.endRunes += 6;
      return null;
    }
    const simple: Record<number, number> = { 0x22: 0x22, 0x2f: 0x2f, 0x5c: 0x5c, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };
    const out = simple[esc];
    if (out === undefined) {
      this.end++;
      this.endRunes++;
      return this.error(`Invalid character escape sequence: \\${String.fromCodePoint(esc)}.`);
    }
    buf.push(out);
    this.end += 2;
    this.endRunes += 2;
    return null;
  }

  private readBlockString(): [Token, GqlError | null] {
    const inp = this.input;
    const buf: number[] = [];
    this.start += 3;
    this.startRunes += 3;
    this.end += 2;
    this.endRunes += 2;
    while (this.end < inp.length) {
      const r = inp[this.end]!;
      if (r === 0x22) {
        let q = 1;
        while (inp[this.end + q] === 0x22) q++;
        if (q >= 3) {
          for (let i = 0; i < q - 3; i++) buf.push(0x22);
          const t = this.make(Tok.BlockString, blockStringValue(utf8.decode(Uint8Array.from(buf))));
          this.end += q;
          this.endRunes += q;
          return [t, null];
        }
      }
      if (r < 0x20 && r !== 0x09 && r !== 0x0a && r !== 0x0d) return this.error(`Invalid character within String: "\\u${r.toString(16).padStart(4, '0')}".`);
      if (r === 0x5c && inp[this.end + 1] === 0x22 && inp[this.end + 2] === 0x22 && inp[this.end + 3] === 0x22) {
        buf.push(0x22, 0x22, 0x22);
        this.end += 4;
        this.endRunes += 4;
      } else if (r === 0x0d) {
        if (inp[this.end + 1] === 0x0a) {
          this.end++;
          this.endRunes++;
        }
        buf.push(0x0a);
        this.end++;
        this.endRunes++;
        this.newline();
      } else {
        const from = this.end;
        this.stepRune();
        for (let i = from; i < this.end; i++) buf.push(inp[i]!);
        if (r === 0x0a) this.newline();
      }
    }
    return this.error('Unterminated string.');
  }
}

/** The value of a block string: common indentation removed (the first line counts towards it, as in opa's library), blank first and last lines dropped. */
export function blockStringValue(raw: string): string {
  const lines = raw.split('\n');
  const lead = (l: string): number => {
    const m = /^[ \t]*/.exec(l)![0].length;
    return m === l.length ? Infinity : m;
  };
  let common = Infinity;
  for (const l of lines) {
    const i = lead(l);
    if (i < common) common = i;
    if (common === 0) break;
  }
  if (common !== Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.length < common ? '' : lines[i]!.slice(common);
  let s = 0;
  let e = lines.length;
  while (s < e && lead(lines[s]!) === Infinity) s++;
  while (s < e && lead(lines[e - 1]!) === Infinity) e--;
  return lines.slice(s, e).join('\n');
}
