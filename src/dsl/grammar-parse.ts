// The chevrotain half of parseSource: lexer, grammar, error recovery and CST-to-AST, with the
// diagnostics (codes, messages, hints) that syntax errors are reported with. Loaded by parser.ts
// only when a file leaves the fast path (fast-parser.ts): files with syntax errors, and the odd file
// the fast path is unsure about (a lone CR line end, a condition nested deeper than its stack).
import type { IRecognitionException, IToken } from 'chevrotain';
import { EOF } from './chevrotain.js';
import type { Diagnostic, Result, Span } from '../diagnostics/index.js';
import type { SourceFile } from './ast.js';
import { fileToAst } from './cst-to-ast.js';
import { grammar } from './grammar.js';
import { MAX_NESTING, MAX_SOURCE_LENGTH } from './limits.js';
import { tokenize } from './lexer.js';
import { tokenSpan } from './span.js';

export { tokenize } from './lexer.js';

const CODES: Record<string, string> = {
  MismatchedTokenException: 'WD1010',
  NoViableAltException: 'WD1011',
  EarlyExitException: 'WD1012',
  NotAllInputParsedException: 'WD1013',
};

/** Hints keyed by the innermost grammar rule being parsed when the error happened. */
const STATEMENT_HINT =
  'a statement starts with model, use, data, boundary, flow, kind, control, threat, mitigate, accept, notApplicable, waive or an element kind (actor, process, store, ...)';

const HINTS: Record<string, string> = {
  file: STATEMENT_HINT,
  statement: 'a statement starts with model, use, data, boundary, flow, kind, control, threat, mitigate, accept, notApplicable, waive or an element kind (actor, process, store, ...)',
  block: 'attributes are written `name value` inside { }, without = or :',
  attribute: 'attributes are written `name value`, e.g. `protocol https` or `carries [CardData]`',
  value: 'a value is a string, number, date, true/false, a name, or a list [a, b]',
  list: 'list items are separated by commas: [a, b, c]',
  flowDecl: 'a flow is written `flow [Name:] From -> To ["title"] { ... }`',
  elementDecl: 'an element is written `<kind> Name ["title"] [in Boundary] { ... }`',
  boundaryDecl: 'a boundary is written `boundary Name ["title"] [in Parent] { ... }`',
  acceptStmt: 'write: accept Element.category owner "team" until 2027-01-31 because "reason"',
  notApplicableStmt: 'write: notApplicable Element.category because "reason"',
  waiveStmt: 'write: waive "CHECK-ID" for "kind/name" owner "team" until 2027-01-31 because "reason"',
  mitigateStmt: 'write: mitigate Element.category [by control] ["text"]',
  threatRef: 'a threat is referred to as Element.category (e.g. Api.spoofing) or by id (TH-1a2b3c4d)',
  kindDecl: 'a kind is written `kind name [extends parent] { attr x: type ... }`',
  attrDecl: 'write: [required] attr name: type [= default]',
  typeExpr: 'types: string number bool date enum(a, b) list<T> ref<element|data|boundary|control|Kind>',
  paramDecl: 'write: param name: type [= default]',
  modelDecl: 'write: model "Name" { owner "team" }',
  useDecl: 'write: use "warden/kubernetes" or use "./relative/file.warden"',
};

function endOfText(text: string): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = text.length - lineStart + 1;
  return { line, column, endLine: line, endColumn: column, offset: text.length, endOffset: text.length };
}

/** The innermost `{` still open at the end of the tokens, if any. */
function unclosedBrace(tokens: readonly IToken[]): IToken | undefined {
  const open: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType.name === 'LCurly') open.push(t);
    else if (t.tokenType.name === 'RCurly') open.pop();
  }
  return open[open.length - 1];
}

function errorSpan(text: string, e: IRecognitionException): Span {
  const t: IToken = e.token;
  if (t && t.tokenType !== EOF && Number.isFinite(t.startOffset)) return tokenSpan(t);
  return endOfText(text);
}

function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === 'LCurly' || n === 'LBracket' || n === 'LParen') {
      if (++depth > MAX_NESTING) return t;
    } else if (n === 'RCurly' || n === 'RBracket' || n === 'RParen') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** parseSource through the chevrotain parser only: the parser of record, whose diagnostics parseSource reports. */
export function parseWithGrammar(file: string, text: string): Result<SourceFile> {
  if (text.length > MAX_SOURCE_LENGTH) {
    return {
      value: { file, statements: [], comments: [] },
      diagnostics: [{ code: 'WD1020', severity: 'error', message: `file is too large (${text.length} characters; the limit is ${MAX_SOURCE_LENGTH})`, file, span: { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 }, hint: 'split the model into files joined with use "./part.warden"' }],
    };
  }
  const lexed = tokenize(file, text);
  const deep = tooDeep(lexed.tokens);
  if (deep) {
    return {
      value: { file, statements: [], comments: [] },
      diagnostics: [...lexed.diagnostics, { code: 'WD1021', severity: 'error', message: `nesting is too deep (more than ${MAX_NESTING} levels of brackets)`, file, span: tokenSpan(deep), hint: 'flatten the model: declare nested boundaries with `in Parent` instead' }],
    };
  }
  const parser = grammar();
  parser.input = lexed.tokens;
  let cst;
  try {
    cst = parser.file();
  } catch (e) {
    // Chains such as `not not not ...` recurse without brackets; the stack is the limit there.
    if (!(e instanceof RangeError)) throw e;
    parser.reset();
    return {
      value: { file, statements: [], comments: [] },
      diagnostics: [...lexed.diagnostics, { code: 'WD1021', severity: 'error', message: 'expression is too deeply nested', file, span: endOfText(text), hint: 'simplify the condition' }],
    };
  }
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  // After one syntax error, recovery can trip again on the rest of the same line ("unexpected '}'"
  // after "unexpected '='"): those echoes are dropped, so each line reports its first mistake.
  const errorLines = new Set<number>();
  for (const e of parser.errors) {
    const span = errorSpan(text, e);
    if (errorLines.has(span.line)) continue;
    errorLines.add(span.line);
    const rule = e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? 'statement';
    const actual = e.token?.tokenType?.name;
    const hint =
      (actual === 'Equals' || actual === 'Colon') && (rule === 'value' || rule === 'attribute' || rule === 'block')
        ? 'attributes are written `name value`, without = or :'
        : actual === 'EOF' && e.message.startsWith("expected '}'")
          ? 'a { ... } block is not closed: add the missing }'
          : HINTS[rule];
    const opener = actual === 'EOF' && e.message.startsWith("expected '}'") ? unclosedBrace(lexed.tokens) : undefined;
    if (opener) {
      // Like tsc and rustc: the error sits on the `{` that is never closed, the end of file is related.
      diagnostics.push({
        code: CODES[e.name] ?? 'WD1010',
        severity: 'error',
        message: "this '{' is never closed: expected '}' but found end of file",
        file,
        span: tokenSpan(opener),
        hint: 'add the missing } where the block ends',
        related: [{ message: 'end of file reached here', file, span }],
      });
      continue;
    }
    diagnostics.push({ code: CODES[e.name] ?? 'WD1010', severity: 'error', message: e.message, file, span, ...(hint ? { hint } : {}) });
  }
  const statements = cst ? fileToAst(cst, text) : [];
  const comments = lexed.comments.map((c) => ({ text: c.image, span: tokenSpan(c) }));
  return { value: { file, statements, comments }, diagnostics };
}
