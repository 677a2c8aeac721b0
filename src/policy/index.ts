// Policy stage: from a resolved model and its threat register to a Rego bundle (library checks the
// model's controls promise, drift checks, a generated join package) and its compiled Wasm.
export { loadLibrary, defaultPolicyRoot, readPackageMetadata, type CheckInfo, type PolicyLibrary, type RegoModule } from './library.js';
export {
  derivePolicy,
  parseSelector,
  parseWorkload,
  FINDINGS_ENTRYPOINT,
  MAIN_MODULE_FILE,
  type BundleManifest,
  type DerivedBundle,
  type DeriveOptions,
  type ElementData,
  type EnforceEntry,
  type WardenData,
} from './derive.js';
export { DEFAULT_POLICY_MEMORY, wardenEngine, opaEngine, engineFromEnv, type CompiledPolicy, type LoadedPolicy, type PolicyEngine } from './engine.js';
export { buildPolicy, writeBundle, stableJson, type BuildOptions, type BuiltPolicy } from './build.js';
