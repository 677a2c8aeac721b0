// Warden's public API. The CLI (src/cli) is a thin layer over what is exported here: nothing the
// CLI can do is impossible from code. Each stage folder's index.ts is its only door.
export * from './diagnostics/index.js';
export * from './model/types.js';
export { loadModel, checkSource, parseSource, formatSource, type LoadOptions, type LoadModelResult } from './dsl/index.js';
export * from './trace/index.js';
export * from './threats/index.js';
export { runCheck, loadManifests, formatReport, REPORT_FORMATS, type CheckReport, type CheckOptions, type Finding, type ManifestSet, type ReportFormat } from './check/index.js';
export { derivePolicy, buildPolicy, writeBundle, loadLibrary, type DerivedBundle, type BuiltPolicy, type PolicyLibrary } from './policy/index.js';
export * as rego from './rego/index.js';
