// The readers of inputs that are not Kubernetes manifests, chosen by content (never by file name
// alone, so standard input works too): GitHub Actions workflows, Dockerfiles, ARM templates and
// Terraform plans (JSON). Each gives one
// resource per file under the same limits as manifests (size and encoding are checked before, by
// the loader; depth and alias expansion by the YAML reader). undefined: the text is a manifest.
import type { Result } from '../../diagnostics/index.js';
import type { ManifestLimits, ManifestResource } from '../manifests.js';
import type { ExpansionBudget } from '../yaml-value.js';
import { isArmTemplate, isTerraformPlan, readArmTemplate, readTerraformPlan } from './azure.js';
import { isDockerfile, readDockerfile } from './dockerfile.js';
import { isWorkflow, readWorkflow } from './workflow.js';

export { SOURCE_API_VERSION, type SourceKind } from './resource.js';

/** File names a directory walk takes besides `*.yaml`, `*.yml` and `*.json`: Dockerfiles and Containerfiles. */
export const SOURCE_FILE_NAME = /^(?:(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?|[\w.-]+\.(?:Dockerfile|Containerfile|dockerfile))$/;

export function readSource(file: string, text: string, limits: ManifestLimits, index: number, budget: ExpansionBudget): Result<ManifestResource[]> | undefined {
  if (isDockerfile(text)) return readDockerfile(file, text, index);
  if (isWorkflow(text)) return readWorkflow(file, text, limits, index, budget);
  if (isArmTemplate(text)) return readArmTemplate(file, text, limits, index, budget);
  if (isTerraformPlan(text)) return readTerraformPlan(file, text, limits, index, budget);
  return undefined;
}
