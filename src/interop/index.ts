// Interop: Warden models to and from other threat-modelling formats. Each format has an import
// (text -> formatted .warden source + located warnings) and an export (resolved model + threat
// register -> text the format's own schema accepts). Used by the CLI (`warden import ...`,
// `warden export otm|threat-dragon|threagile`) and the public API; nothing below it imports it.
// Mapping tables and what is lossy: docs/interop.md.
export { importThreagile } from './threagile-import.js';
export { exportThreagile } from './threagile-export.js';
export { importOtm } from './otm-import.js';
export { exportOtm } from './otm-export.js';
export { importThreatDragon } from './threat-dragon-import.js';
export { exportThreatDragon } from './threat-dragon-export.js';
export { CODES as INTEROP_CODES, type ImportOptions, type ImportResult } from './common.js';
export type { ExportResult } from './model-view.js';
