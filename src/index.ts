// Warden's public API. The CLI (src/cli) is a thin layer over what is exported here: nothing the
// CLI can do is impossible from code. Each stage folder's index.ts is its only door.
export * from './diagnostics/index.js';
export * from './model/types.js';
export { deriveFacts, isProxy, type DerivedFact, type DerivedModel } from './model/derive.js';
export { lintModel, lintDecisions, type DecidedThreat } from './model/lint.js';
export { loadModel, checkSource, parseSource, formatSource, type LoadOptions, type LoadModelResult } from './dsl/index.js';
export {
  scanSources,
  applyTrace,
  traceModel,
  exportThreatsModule,
  exposedThreatId,
  renderTraceText,
  renderTraceMarkdown,
  renderTraceSarif,
  TRACE_CODES,
  UNKNOWN_REFERENCE_CODES,
  type Annotation as TraceAnnotation,
  type TraceRef,
  type ScanOptions,
  type ApplyOptions,
  type ResolvedAnnotation,
  type TraceResult,
  type ExportTsOptions,
} from './trace/index.js';
export * from './threats/index.js';
export { renderDot, renderMermaid, dotToSvg, selectView, DIAGRAM_CODES, type DiagramOptions, type Direction, type ViewSpec, type DiagramView } from './diagrams/index.js';
export { renderHtmlReport, threatTableMarkdown, checklistMarkdown, updateMarkdown, ModelCache, findRegions, REGION_CODES, type HtmlReportInput, type DocsFileResult } from './report/index.js';
export * as escape from './text/escape.js';
export { runCheck, loadManifests, formatReport, REPORT_FORMATS, type CheckReport, type CheckOptions, type Finding, type ManifestSet, type ReportFormat } from './check/index.js';
export { derivePolicy, buildPolicy, writeBundle, loadLibrary, type DerivedBundle, type BuiltPolicy, type PolicyLibrary } from './policy/index.js';
export * as rego from './rego/index.js';
export { opaBuiltins } from './rego/builtins/host.js';
export { exportBundle, readBundle, exportGatekeeper, exportAzurePolicy, coverageOf, writeTarGz, readTar, type ExportedBundle, type OpaManifest, type Coverage, type GatekeeperExport, type AzurePolicyExport } from './export/index.js';
export { importThreagile, exportThreagile, importOtm, exportOtm, importThreatDragon, exportThreatDragon, INTEROP_CODES, type ImportOptions, type ImportResult, type ExportResult } from './interop/index.js';
