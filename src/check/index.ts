// Check stage: manifests in, findings traced to threats and model lines out, rendered by reporters.
export {
  loadManifests,
  parseManifests,
  scanNestingDepth,
  resourceLabel,
  DEFAULT_LIMITS,
  type FieldPath,
  type LoadOptions,
  type ManifestLimits,
  type ManifestPosition,
  type ManifestResource,
  type ManifestSet,
} from './manifests.js';
export { runCheck, preparePolicy, emptyInput, compareFindings, type CheckOptions, type CheckPolicy } from './run.js';
export { applySuppressions, parseWaiverTarget, IGNORE_ANNOTATION, WAIVER_RULE } from './waivers.js';
export { SEVERITY_RANK, START_A_MODEL, noModelNote, type CheckReport, type CheckSummary, type Finding, type RuleInfo, type Suppression } from './types.js';
export * from './report/index.js';
export { loadModelWithThreats, type ModelInput } from './model-input.js';
export { DEFAULT_PROFILE, PROFILES, libraryControls, modellessInfo, profileControls, synthesizeModel, type ModellessInfo, type ProfileName } from './modelless.js';
export { modelFromManifests, pascalId, type StarterModelOptions } from './starter-model.js';
