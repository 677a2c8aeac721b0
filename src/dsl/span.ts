// Source positions: chevrotain tokens carry inclusive end columns and offsets; Warden spans are
// end-exclusive (see src/diagnostics). These helpers are the one place that converts.
import type { IToken } from 'chevrotain';
import type { Span } from '../diagnostics/index.js';
import type { SourceRef } from '../model/types.js';

export function tokenSpan(t: IToken): Span {
  const line = t.startLine ?? 1;
  const column = t.startColumn ?? 1;
  return {
    line,
    column,
    endLine: t.endLine ?? line,
    endColumn: (t.endColumn ?? column) + 1,
    offset: t.startOffset,
    endOffset: (t.endOffset ?? t.startOffset) + 1,
  };
}

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn, offset: a.offset, endOffset: b.endOffset };
}

export function sourceRef(file: string, s: Span): SourceRef {
  return { file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

/** Offsets at which each line starts (line 1 at index 0): positions are found by binary search, O(log lines). */
export function lineStartTable(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Index (0-based line number) of the line holding `offset`. */
export function lineIndexAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
