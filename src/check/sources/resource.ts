// Files that are not Kubernetes manifests (GitHub Actions workflows, Dockerfiles) enter the policy
// input as resources of their own kinds, so every check, position, report format and fingerprint
// works for them as for manifests. Each becomes one object
//   {"apiVersion": "warden.dev/v1", "kind": <KIND>, "metadata": {"name": <file>}, "spec": <content>}
// whose `spec` is what its reader made of the file. No Kubernetes check matches these kinds, and a
// resource with no namespace is covered by every element whose controls the model applies, so a
// finding is traced to the element that promised the check (see policies/model/bindings.rego).
import type { FieldPath, ManifestPosition, ManifestResource } from '../manifests.js';

export const SOURCE_API_VERSION = 'warden.dev/v1';

/** The kinds the non-manifest readers produce. */
export type SourceKind = 'GitHubWorkflow' | 'Dockerfile' | 'ArmTemplate' | 'TerraformPlan';

/**
 * A resource for a whole file. `locate` maps a path inside `spec` to a position in the file; a
 * path outside `spec` (or `spec` itself) points at the file's first line.
 */
export function sourceResource(
  kind: SourceKind,
  file: string,
  index: number,
  spec: unknown,
  locate: (path: FieldPath) => { line: number; column: number; path: FieldPath },
): ManifestResource {
  const object = { apiVersion: SOURCE_API_VERSION, kind, metadata: { name: file }, spec };
  return {
    index,
    object,
    file,
    document: 0,
    kind,
    name: file,
    position(path: FieldPath): ManifestPosition {
      if (path.length < 1 || path[0] !== 'spec') return { file, line: 1, column: 1, path: [], exact: path.length === 0 };
      const at = locate(path.slice(1));
      return { file, line: at.line, column: at.column, path: ['spec', ...at.path], exact: at.path.length === path.length - 1 };
    },
  };
}
