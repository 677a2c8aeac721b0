// The Warden lexer (chevrotain). Keywords are *soft*: every keyword token also belongs to the
// Identifier category, so `owner`, `data` or `kind` still work as attribute names and condition
// paths (`data.classification`, `to.kind`). The parser picks the keyword reading only where the
// grammar asks for that keyword.
import type { IToken, TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { tokenSpan } from './span.js';
import { ESCAPE } from './strings.js';
import { KEYWORDS } from './keywords.js';

// Whitespace is very common, so it is tried first.
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\uFEFF]+/, group: Lexer.SKIPPED, line_breaks: true });
// Comments go to their own group: the parser never sees them, the formatter puts them back.
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
/** A `/*` with no closing `*\/`: swallowed to the end so one mistake yields one diagnostic. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'errors', line_breaks: true });

export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/ });
/** A string cut by the end of the line: reported, then treated as if it had been closed. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/ });
/** 'text': reported (Warden strings use double quotes), then read as a string so parsing goes on. */
export const SingleQuoted = createToken({ name: 'SingleQuoted', pattern: /'[^'\n\r]*'/ });
/** `3x`, `1.2.3`: a number glued to letters or dots; reported, then read as a number. */
export const BadNumber = createToken({ name: 'BadNumber', pattern: /-?\d+(?:\.\d+)*[A-Za-z_.][A-Za-z0-9_.]*/ });
export const ThreatId = createToken({ name: 'ThreatId', pattern: /TH-[0-9a-fA-F]{8}(?![A-Za-z0-9_])/ });
export const DateLit = createToken({ name: 'DateLit', pattern: /\d{4}-\d{2}-\d{2}(?![0-9])/ });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /-?\d+(?:\.\d+)?(?![A-Za-z_0-9])/ });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(word: string): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(`${word}(?![A-Za-z0-9_])`),
    // Telling the lexer the first character spares it analysing the regex at start-up.
    start_chars_hint: [word[0]],
    longer_alt: Identifier,
    categories: [Identifier],
  });
}

/** Keyword token types by word, in KEYWORDS order (which is also their order in allTokens). */
export const Kw = Object.fromEntries(KEYWORDS.map((w) => [w, keyword(w)])) as Record<(typeof KEYWORDS)[number], TokenType>;

export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/ });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/ });
export const LtEq = createToken({ name: 'LtEq', pattern: /<=/ });
export const GtEq = createToken({ name: 'GtEq', pattern: />=/ });
export const Lt = createToken({ name: 'Lt', pattern: /</ });
export const Gt = createToken({ name: 'Gt', pattern: />/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });

// Order matters: longer and more specific patterns first; keywords before Identifier.
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLit,
  UnterminatedString,
  SingleQuoted,
  ThreatId,
  DateLit,
  NumberLit,
  BadNumber,
  Arrow,
  ...Object.values(Kw),
  Identifier,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Colon,
  Dot,
];

/** `validate` runs chevrotain's token-set checks (slow at start-up); the tests do, the CLI does not. */
export function createLexer(validate = false): InstanceType<typeof Lexer> {
  return new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: validate, skipValidations: !validate });
}

// Built on first use (tens of ms): a run whose files all come from the parse cache never pays.
let lexerInstance: InstanceType<typeof Lexer> | undefined;

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

/**
 * Tokenises `text`. Never throws: unknown characters, unterminated strings and comments and bad
 * escapes become WD1xxx diagnostics, and the token stream stays usable for the parser.
 */
export function tokenize(file: string, text: string): LexResult {
  lexerInstance ??= createLexer();
  const r = lexerInstance.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  // Runs of unexpected characters are merged into one diagnostic per run.
  for (const e of r.errors) {
    const offset = e.offset;
    const length = e.length;
    const bad = text.slice(offset, offset + length);
    diagnostics.push({
      code: 'WD1001',
      severity: 'error',
      message: `unexpected character${length > 1 ? 's' : ''} ${JSON.stringify(bad.length > 20 ? bad.slice(0, 20) + '…' : bad)}`,
      file,
      span: spanOf(text, offset, length, e.line ?? 1, e.column ?? 1),
      hint: bad.startsWith("'") ? 'strings use double quotes: "..."' : 'remove it, or put it inside a string or comment',
    });
  }
  const tokens: IToken[] = [];
  for (const t of r.tokens) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push({
        code: 'WD1002',
        severity: 'error',
        message: 'unterminated string',
        file,
        span: tokenSpan(t),
        hint: 'close the string with " on the same line; write \\n for a line break',
      });
      // Give the parser a well-formed string so one mistake does not cascade.
      t.tokenType = StringLit;
      t.tokenTypeIdx = StringLit.tokenTypeIdx!;
      t.image = t.image.endsWith('\\') ? t.image.slice(0, -1) + '"' : t.image + '"';
    }
    if (t.tokenType === SingleQuoted) {
      diagnostics.push({ code: 'WD1002', severity: 'error', message: 'strings use double quotes', file, span: tokenSpan(t), hint: `write "${t.image.slice(1, -1)}"` });
      t.tokenType = StringLit;
      t.tokenTypeIdx = StringLit.tokenTypeIdx!;
      t.image = JSON.stringify(t.image.slice(1, -1));
    }
    if (t.tokenType === BadNumber) {
      diagnostics.push({ code: 'WD1005', severity: 'error', message: `invalid number ${JSON.stringify(t.image)}`, file, span: tokenSpan(t), hint: 'numbers are written 42, 3.5 or -1; names cannot start with a digit' });
      t.tokenType = NumberLit;
      t.tokenTypeIdx = NumberLit.tokenTypeIdx!;
    }
    if (t.tokenType === StringLit) checkEscapes(file, t, diagnostics);
    tokens.push(t);
  }
  for (const t of (r.groups.errors ?? []) as IToken[]) {
    diagnostics.push({
      code: 'WD1004',
      severity: 'error',
      message: 'unterminated block comment',
      file,
      span: { ...tokenSpan(t), endLine: t.startLine ?? 1, endColumn: (t.startColumn ?? 1) + 2, endOffset: t.startOffset + 2 },
      hint: 'close the comment with */',
    });
  }
  return { tokens, comments: (r.groups.comments ?? []) as IToken[], diagnostics };
}

function spanOf(text: string, offset: number, length: number, line: number, column: number) {
  let endLine = line;
  let endColumn = column;
  for (let i = offset; i < offset + length; i++) {
    if (text.charCodeAt(i) === 10) {
      endLine++;
      endColumn = 1;
    } else endColumn++;
  }
  return { line, column, endLine, endColumn, offset, endOffset: offset + length };
}

function checkEscapes(file: string, t: IToken, diagnostics: Diagnostic[]): void {
  if (!t.image.includes('\\')) return;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(t.image); m; m = ESCAPE.exec(t.image)) {
    let bad = m[1] === undefined;
    if (!bad && m[1].startsWith('u{')) bad = parseInt(m[1].slice(2, -1), 16) > 0x10ffff;
    if (!bad) continue;
    const col = (t.startColumn ?? 1) + m.index;
    diagnostics.push({
      code: 'WD1003',
      severity: 'error',
      message: `invalid escape sequence ${JSON.stringify(m[0])} in string`,
      file,
      span: { line: t.startLine ?? 1, column: col, endLine: t.startLine ?? 1, endColumn: col + m[0].length, offset: t.startOffset + m.index, endOffset: t.startOffset + m.index + m[0].length },
      hint: 'valid escapes: \\" \\\\ \\n \\t \\r \\uXXXX \\u{X...}',
    });
  }
}

export { quote, unquote } from './strings.js';
