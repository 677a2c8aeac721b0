// The threats stage: a ResolvedModel in, a ThreatRegister out (see types.ts), plus the renderers
// of the register (text, JSON, Markdown, SARIF, CSV), the register diff and the phase checklists.
export type { Threat, ThreatRegister, ThreatStatus, MitigationEvidence } from './types.js';
export { generateThreats, checkRules, type GenerateOptions } from './engine.js';
export { isOutstanding, formatRef } from './decisions.js';
export { threatId, assignIds } from './ids.js';
export { severityOf, severityRank, securityScore } from './severity.js';
export { BASELINE_CATEGORIES, baselineRuleId, CATEGORY_LABEL } from './baseline.js';
export * from './report/index.js';
export { diffRegisters, diffIsEmpty, renderDiffText, renderDiffJson, renderDiffMarkdown, type RegisterDiff, type ThreatChange } from './diff.js';
export { buildChecklist, renderChecklist, type Checklist, type ChecklistItem } from './checklist.js';
export type { RuleInfo } from './types.js';
