// The code trace stage: Warden tags in TypeScript/JavaScript comments (docs/trace.md), read with
// ts-morph, resolved against a model and folded into its threat register; and the generated
// constants module (`warden export ts`) that lets code name threats with type checking.
export type { Annotation, TraceRef, TraceTag } from './types.js';
export { TRACE_TAGS } from './types.js';
export { TRACE_CODES, UNKNOWN_REFERENCE_CODES } from './codes.js';
export { scanSources, type ScanOptions } from './scan.js';
export { applyTrace, exposedThreatId, traceModel, EXPOSES_RULE, type ApplyOptions, type ResolvedAnnotation, type TraceResult } from './apply.js';
export { identifierFor as constantIdentifierFor, readableThreatKey, threatConstants } from './constants.js';
export { exportThreatsModule, type ExportTsOptions } from './export-ts.js';
export { renderTraceText, summarizeTrace, type TraceSummary } from './report-text.js';
export { renderTraceMarkdown } from './report-markdown.js';
export { renderTraceSarif } from './report-sarif.js';
