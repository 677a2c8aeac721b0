// Report stage: presenters over (ResolvedModel, ThreatRegister): the self-contained HTML report,
// Markdown threat tables and phase checklists, and `warden docs` region rewriting.
// This file is the stage's only door.
export { renderHtmlReport, type HtmlReportInput } from './html.js';
export { threatTableMarkdown, checklistMarkdown, sortThreats, categoryLabel, statusLabel, type ThreatTableOptions } from './markdown.js';
export { loadForPresent, type LoadedModel, type LoadForPresentOptions } from './load.js';
export { updateMarkdown, ModelCache, docsRoot, type DocsOptions, type DocsFileResult } from './docs.js';
export { findRegions, rewriteRegions, REGION_CODES, DIRECTIVES, type Region } from './regions.js';
