// The edge between Warden's data and the protocol's: spans (1-based line and column, end column
// exclusive) to LSP ranges (0-based), diagnostics to LSP diagnostics (same code, the hint kept as
// part of the message so every editor shows it), file paths to file: URIs and back.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver/node.js';
import type { Diagnostic, Span } from '../diagnostics/index.js';

export function rangeOf(span: Span): Range {
  return { start: { line: span.line - 1, character: span.column - 1 }, end: { line: span.endLine - 1, character: span.endColumn - 1 } };
}

/** Absolute path of a document URI (`file:` URIs; other schemes keep their path, so unsaved buffers still analyse). */
export function fileOf(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  return resolve('/', decodeURIComponent(uri.replace(/^[a-z]+:\/*/i, '')));
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** `cwd` is the directory the diagnostic's file names are relative to (the analysed document's). */
export function toLspDiagnostic(d: Diagnostic, cwd: string): LspDiagnostic {
  return {
    range: rangeOf(d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'warden',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    ...(d.related && d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: uriOf(resolve(cwd, r.file)), range: rangeOf(r.span) }, message: r.message })) }
      : {}),
  };
}
