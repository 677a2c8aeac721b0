// Export stage: the model's derived policies packaged for the admission engines clusters already
// run: an OPA bundle, Gatekeeper ConstraintTemplates and Constraints, Azure Policy definitions.
// Every export reports which controls it covers at admission and which stay CI-only.
export { writeTar, writeTarGz, readTar, gzipDeterministic, formatBytes, DEFAULT_TAR_LIMITS, TarLimitError, type TarEntry, type TarLimits } from './tar.js';
export { exportBundle, bundleEntries, readBundle, bundleCheckPolicy, type BundleCheckPolicy, type ExportedBundle, type OpaManifest, type ReadBundle } from './bundle.js';
export {
  coverageOf,
  coverageSummary,
  checkMode,
  checkKinds,
  type Coverage,
  type ControlCoverage,
  type CheckCoverage,
  type CheckMode,
} from './coverage.js';
export {
  exportGatekeeper,
  enforcementActionFor,
  toGatekeeperLib,
  toYaml,
  coverageJson,
  coverageReadme,
  GATEKEEPER_LABEL,
  type GatekeeperExport,
  type GatekeeperTemplate,
  type EnforcementAction,
} from './gatekeeper.js';
export { exportAzurePolicy, azureEffectFor, AZURE_SYSTEM_NAMESPACES, type AzurePolicyExport, type AzurePolicyOptions, type AzureDefinition } from './azure-policy.js';
export { writeExportFiles } from './write.js';
