// Azure infrastructure as code, recognised by content: ARM templates (what `bicep build` emits: a
// JSON object whose `$schema` is a deploymentTemplate schema, with `resources`) and Terraform plans
// (`terraform show -json`: `format_version`, `terraform_version` and `planned_values` or
// `resource_changes`). Each file is one resource (`ArmTemplate`, `TerraformPlan`) whose `spec` is
// the JSON document, read with the limits and positions of the other YAML/JSON sources. No check of
// the library reads these kinds yet; they are recognised so they are not mistaken for manifests.
import type { Result } from '../../diagnostics/index.js';
import type { ManifestLimits, ManifestResource } from '../manifests.js';
import type { ExpansionBudget } from '../yaml-value.js';
import { readYamlSource } from './workflow.js';

const JSON_OBJECT = /^\uFEFF?\s*\{/;
const ARM_SCHEMA = /"\$schema"\s*:\s*"[^"]*\/deploymentTemplate\.json#?"/;
const HAS_RESOURCES = /"resources"\s*:/;
const TF_FORMAT = /"format_version"\s*:/;
const TF_VERSION = /"terraform_version"\s*:/;
const TF_PLAN = /"(?:planned_values|resource_changes)"\s*:/;

export function isArmTemplate(text: string): boolean {
  return JSON_OBJECT.test(text) && ARM_SCHEMA.test(text) && HAS_RESOURCES.test(text);
}

export function isTerraformPlan(text: string): boolean {
  return JSON_OBJECT.test(text) && TF_FORMAT.test(text) && TF_VERSION.test(text) && TF_PLAN.test(text);
}

export function readArmTemplate(file: string, text: string, limits: ManifestLimits, index: number, budget: ExpansionBudget): Result<ManifestResource[]> {
  return readYamlSource('ArmTemplate', 'ARM template', file, text, limits, index, budget);
}

export function readTerraformPlan(file: string, text: string, limits: ManifestLimits, index: number, budget: ExpansionBudget): Result<ManifestResource[]> {
  return readYamlSource('TerraformPlan', 'Terraform plan', file, text, limits, index, budget);
}
