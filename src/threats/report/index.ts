// Renderers of a ThreatRegister: pure functions from the register to text.
export { renderText } from './text.js';
export { renderJson, registerJson, THREATS_SCHEMA_VERSION, THREATS_SCHEMA_ID } from './json.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif, registerSarif, type SarifOptions } from './sarif.js';
export { renderCsv, csvField, CSV_COLUMNS } from './csv.js';
export { summarize as summarizeRegister, summaryLine, type RegisterSummary } from './summary.js';
