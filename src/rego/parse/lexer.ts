// Rego tokens, lexed with chevrotain. Newlines matter in Rego (they separate body literals), so the
// lexer drops them but marks the next token with `nl`; the parser reads that flag where it matters.
// chevrotain's single-file bundle (see src/dsl/chevrotain.ts): its package entry point pulls in
// hundreds of lodash-es modules, about 30 MB of memory and a slow start for every check.
import type { IToken } from 'chevrotain';
import { createToken, Lexer } from '../../dsl/chevrotain.js';

const Ident = createToken({ name: 'Ident', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
const kw = (name: string) => createToken({ name, pattern: new RegExp(name), longer_alt: Ident });

export const T = {
  WS: createToken({ name: 'WS', pattern: /[ \t\r]+/, group: Lexer.SKIPPED }),
  NL: createToken({ name: 'NL', pattern: /\n/, group: 'nl' }),
  Comment: createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' }),
  TemplateString: createToken({ name: 'TemplateString', pattern: { exec: (text, offset) => matchTemplate(text, offset, '"') }, line_breaks: true, start_chars_hint: ['$'] }),
  RawTemplateString: createToken({ name: 'RawTemplateString', pattern: { exec: (text, offset) => matchTemplate(text, offset, '`') }, line_breaks: true, start_chars_hint: ['$'] }),
  RawString: createToken({ name: 'RawString', pattern: /`[^`]*`/ }),
  String: createToken({ name: 'String', pattern: /"(?:[^"\\\n]|\\.)*"/ }),
  Number: createToken({ name: 'Number', pattern: /(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/ }),
  Assign: createToken({ name: 'Assign', pattern: /:=/ }),
  EqEq: createToken({ name: 'EqEq', pattern: /==/ }),
  Neq: createToken({ name: 'Neq', pattern: /!=/ }),
  Lte: createToken({ name: 'Lte', pattern: /<=/ }),
  Gte: createToken({ name: 'Gte', pattern: /\>=/ }),
  Lt: createToken({ name: 'Lt', pattern: /</ }),
  Gt: createToken({ name: 'Gt', pattern: />/ }),
  Eq: createToken({ name: 'Eq', pattern: /=/ }),
  Colon: createToken({ name: 'Colon', pattern: /:/ }),
  Semi: createToken({ name: 'Semi', pattern: /;/ }),
  Comma: createToken({ name: 'Comma', pattern: /,/ }),
  Dot: createToken({ name: 'Dot', pattern: /\./ }),
  LBrace: createToken({ name: 'LBrace', pattern: /\{/ }),
  RBrace: createToken({ name: 'RBrace', pattern: /\}/ }),
  LBrack: createToken({ name: 'LBrack', pattern: /\[/ }),
  RBrack: createToken({ name: 'RBrack', pattern: /\]/ }),
  LParen: createToken({ name: 'LParen', pattern: /\(/ }),
  RParen: createToken({ name: 'RParen', pattern: /\)/ }),
  Plus: createToken({ name: 'Plus', pattern: /\+/ }),
  Minus: createToken({ name: 'Minus', pattern: /-/ }),
  Star: createToken({ name: 'Star', pattern: /\*/ }),
  Slash: createToken({ name: 'Slash', pattern: /\// }),
  Percent: createToken({ name: 'Percent', pattern: /%/ }),
  Pipe: createToken({ name: 'Pipe', pattern: /\|/ }),
  Amp: createToken({ name: 'Amp', pattern: /&/ }),
  Ident,
};

/**
 * `$"...{expr}..."` and `` $`...{expr}...` ``: the string ends at its closing quote outside the
 * `{...}` expressions, which may hold strings, braces and templates of their own.
 */
function matchTemplate(text: string, offset: number, quote: string): RegExpExecArray | null {
  if (text[offset] !== '$' || text[offset + 1] !== quote) return null;
  let i = offset + 2;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return execResult(text, offset, i + 1);
    if (c === '\\' && (quote === '"' || text[i + 1] === '{')) i += 2;
    else if (c === '\n' && quote === '"') return null;
    else if (c === '{') {
      const end = templateExprEnd(text, i + 1);
      if (end < 0) return null;
      i = end;
    } else i++;
  }
  return null;
}

/** The index just past the `}` closing an expression that starts at `i`, or -1. */
export function templateExprEnd(text: string, i: number): number {
  let depth = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === '`') {
      const m = c === '"' ? /^"(?:[^"\\\n]|\\.)*"/.exec(text.slice(i)) : /^`[^`]*`/.exec(text.slice(i));
      if (!m) return -1;
      i += m[0].length;
    } else if (c === '$' && (text[i + 1] === '"' || text[i + 1] === '`')) {
      const m = matchTemplate(text, i, text[i + 1]!);
      if (!m) return -1;
      i += m[0].length;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i + 1;
      i++;
    }
  }
  return -1;
}

function execResult(text: string, offset: number, end: number): RegExpExecArray {
  const r = [text.slice(offset, end)] as unknown as RegExpExecArray;
  r.index = offset;
  r.input = text;
  return r;
}

const keywords = ['package', 'import', 'default', 'if', 'contains', 'else', 'some', 'every', 'in', 'not', 'with', 'as', 'true', 'false', 'null'];
export const K: Record<string, ReturnType<typeof createToken>> = {};
for (const k of keywords) K[k] = kw(k);

const all = [T.WS, T.NL, T.Comment, T.TemplateString, T.RawTemplateString, T.RawString, T.String, T.Number, T.Assign, T.EqEq, T.Neq, T.Lte, T.Gte, T.Lt, T.Gt, T.Eq, T.Colon, T.Semi, T.Comma, T.Dot, T.LBrace, T.RBrace, T.LBrack, T.RBrack, T.LParen, T.RParen, T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Pipe, T.Amp, ...keywords.map((k) => K[k]!), Ident];

/** `validate` runs chevrotain's token-set checks (tens of ms at start-up); the tests do, the CLI does not. */
export function createRegoLexer(validate = false): InstanceType<typeof Lexer> {
  return new Lexer(all, { positionTracking: 'full', ensureOptimizations: false, skipValidations: !validate });
}

// Built on first use: a command that compiles nothing never pays for it.
let lexer: InstanceType<typeof Lexer> | undefined;

export interface Tok {
  kind: string;
  image: string;
  offset: number;
  end: number;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** A newline separates this token from the previous one. */
  nl: boolean;
}

export interface CommentTok {
  text: string;
  offset: number;
  line: number;
  col: number;
}

export interface LexResult {
  tokens: Tok[];
  comments: CommentTok[];
  errors: Array<{ offset: number; line: number; col: number; message: string }>;
}

export function lex(text: string): LexResult {
  const r = (lexer ??= createRegoLexer()).tokenize(text);
  const nlOffsets = ((r.groups['nl'] ?? []) as IToken[]).map((t) => t.startOffset);
  const tokens: Tok[] = [];
  let ni = 0;
  let prevEnd = -1;
  for (const t of r.tokens) {
    let nl = false;
    while (ni < nlOffsets.length && nlOffsets[ni]! < t.startOffset) {
      if (nlOffsets[ni]! > prevEnd) nl = true;
      ni++;
    }
    tokens.push({
      kind: t.tokenType.name,
      image: t.image,
      offset: t.startOffset,
      end: (t.endOffset ?? t.startOffset) + 1,
      line: t.startLine ?? 1,
      col: t.startColumn ?? 1,
      endLine: t.endLine ?? 1,
      endCol: (t.endColumn ?? 1) + 1,
      nl,
    });
    prevEnd = t.startOffset;
  }
  const comments = ((r.groups['comments'] ?? []) as IToken[]).map((c) => ({ text: c.image, offset: c.startOffset, line: c.startLine ?? 1, col: c.startColumn ?? 1 }));
  const errors = r.errors.map((e) => ({ offset: e.offset, line: e.line ?? 1, col: e.column ?? 1, message: e.message }));
  return { tokens, comments, errors };
}
