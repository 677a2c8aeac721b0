// Diagnostics are data: every stage reports problems as Diagnostic records and carries on where it can.
// Codes are stable and grouped by stage:
//   WD1xxx syntax (lexer, parser)        WD2xxx names, types, imports (checker)
//   WD3xxx threats and rules             WD4xxx policy derivation
//   WD5xxx check (manifests, waivers)    WD6xxx code trace
//   WD9xxx CLI usage and I/O
// The Rego compiler reports OPA's own codes (rego_parse_error, rego_unsafe_var_error, ...).
// Throw only for internal bugs; the CLI turns an unexpected throw into WD9999 with no stack trace.

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A source range. Lines and columns are 1-based; offsets are 0-based UTF-16 indexes; end is exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

export interface RelatedInformation {
  message: string;
  file: string;
  span: Span;
}

export interface Diagnostic {
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  /** Path as given to the tool (relative to the working directory where possible). */
  file: string;
  span: Span;
  hint?: string;
  related?: RelatedInformation[];
}

/** The shape every stage returns: a value (possibly partial) and what went wrong on the way. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export const emptySpan: Span = { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 };

/** Span of the whole position `offset` in `text`, computing line and column; handy for stages without a lexer. */
export function spanAt(text: string, offset: number, length = 1): Span {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(text.length, offset + length);
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let endLine = line;
  let endLineStart = lineStart;
  for (let i = offset; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      endLine++;
      endLineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, endLine, endColumn: end - endLineStart + 1, offset, endOffset: end };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by file, then position, then code; so output is deterministic whatever order stages ran in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.span.offset - b.span.offset ||
      a.span.line - b.span.line ||
      a.span.column - b.span.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export interface FormatOptions {
  /** Source text per file, for the excerpt with a caret. Files missing here print without an excerpt. */
  sources?: ReadonlyMap<string, string>;
  color?: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/**
 * Human-readable form, one block per diagnostic:
 *
 *   model.warden:4:9: error WD2003: unknown attribute "protocl" on flow
 *      4 | flow A -> B { protocl https }
 *        |               ^^^^^^^
 *     hint: did you mean "protocol"?
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const sevColor = d.severity === 'error' ? '31;1' : d.severity === 'warning' ? '33;1' : '36;1';
  const lines = [
    `${d.file}:${d.span.line}:${d.span.column}: ${paint(color, sevColor, d.severity)} ${d.code}: ${d.message}`,
  ];
  const text = options.sources?.get(d.file);
  const src = text === undefined ? undefined : sourceLine(text, d.span.line);
  if (src !== undefined) {
    const num = String(d.span.line);
    const gutter = ' '.repeat(num.length);
    const width = d.span.endLine === d.span.line ? Math.max(1, d.span.endColumn - d.span.column) : Math.max(1, src.length - d.span.column + 1);
    const shown = excerptWindow(src, d.span.column - 1, width);
    // Tabs keep their width in the caret line so the caret lines up under the token.
    const lead = shown.text.slice(0, shown.caretAt).replace(/[^\t]/g, ' ');
    lines.push(`  ${num} | ${shown.text}`);
    lines.push(`  ${gutter} | ${lead}${paint(color, sevColor, '^'.repeat(shown.caretWidth))}`);
  }
  if (d.hint) lines.push(`  ${paint(color, '36', 'hint')}: ${d.hint}`);
  for (const r of d.related ?? []) lines.push(`  note: ${r.file}:${r.span.line}:${r.span.column}: ${r.message}`);
  return lines.join('\n');
}

/** The widest excerpt line shown; a longer line is cut to a window around the span, marked with …. */
export const EXCERPT_MAX = 160;
/** How much of a long line the window shows before the span. */
const EXCERPT_BEFORE = 40;

/** The part of `src` an excerpt shows, where the caret starts in it, and how many carets. */
export function excerptWindow(src: string, at: number, width: number): { text: string; caretAt: number; caretWidth: number } {
  if (src.length <= EXCERPT_MAX) return { text: src, caretAt: at, caretWidth: Math.min(width, Math.max(1, src.length - at)) };
  const from = Math.max(0, Math.min(at - EXCERPT_BEFORE, src.length - EXCERPT_MAX));
  const to = Math.min(src.length, from + EXCERPT_MAX);
  const head = from > 0 ? '…' : '';
  const text = `${head}${src.slice(from, to)}${to < src.length ? '…' : ''}`;
  const caretAt = head.length + Math.min(at, to) - from;
  return { text, caretAt, caretWidth: Math.max(1, Math.min(width, to - Math.min(at, to))) };
}

/**
 * Line `line` (1-based) of `text`, without its line break. The line starts of the last text asked
 * about are kept: a file with thousands of diagnostics is split once, not once per diagnostic.
 */
let startsOf: { text: string; starts: number[] } | undefined;
function sourceLine(text: string, line: number): string | undefined {
  if (startsOf?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    startsOf = { text, starts };
  }
  const { starts } = startsOf;
  if (line < 1 || line > starts.length) return undefined;
  const end = line < starts.length ? starts[line]! - 1 : text.length;
  const raw = text.slice(starts[line - 1]!, end);
  return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  return sortDiagnostics(diagnostics)
    .map((d) => formatDiagnostic(d, options))
    .join('\n');
}

/** Counts line for the end of a run: "2 errors, 1 warning". */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const e = diagnostics.filter((d) => d.severity === 'error').length;
  const w = diagnostics.filter((d) => d.severity === 'warning').length;
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
}

/** Levenshtein distance, bounded: returns max+1 as soon as the distance is known to exceed max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** "did you mean" candidate: the closest name within a distance that grows with the word's length. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const max = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestScore = max + 1;
  for (const c of candidates) {
    const d = editDistance(name, c, max);
    if (d < bestScore || (d === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = d;
    }
  }
  return bestScore <= max ? best : undefined;
}
