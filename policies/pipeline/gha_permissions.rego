# METADATA
# title: Workflow token permissions are least privilege
# description: >-
#   Without a top-level `permissions` block the GITHUB_TOKEN gets the repository's default, which is
#   read-write on older repositories and organisations; `write-all` grants every scope. The
#   workflow should set read-only defaults at the top (`contents: read`, or `{}`) and grant write
#   scopes only to the jobs that need them.
# custom:
#   id: GHA-002
#   severity: medium
#   stride: [E, T]
#   aliases:
#     checkov: CKV2_GHA_1
#     zizmor: excessive-permissions
#   resources: [GitHubWorkflow]
#   remediation: >-
#     Add `permissions: { contents: read }` (or `permissions: {}`) at the top of the workflow and
#     grant write scopes per job, never `write-all`.
package warden.checks.gha_permissions

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some w in pipeline.workflows
	not "permissions" in object.keys(w.spec)
	msg := "the workflow sets no top-level permissions: its token gets the repository default"
	finding := k8s.finding("GHA-002", "medium", msg, w.index, ["spec", "permissions"])
}

deny contains finding if {
	some w in pipeline.workflows
	w.spec.permissions == "write-all"
	finding := k8s.finding("GHA-002", "medium", "the workflow grants write-all permissions to every job", w.index, ["spec", "permissions"])
}

# Write scopes granted to every job at the top level.
deny contains finding if {
	some w in pipeline.workflows
	is_object(w.spec.permissions)
	some scope, level in w.spec.permissions
	level == "write"
	msg := sprintf("the workflow grants %s: write to every job; grant it only to the jobs that need it", [scope])
	finding := k8s.finding("GHA-002", "medium", msg, w.index, ["spec", "permissions", scope])
}

deny contains finding if {
	some j in pipeline.jobs
	j.job.permissions == "write-all"
	msg := sprintf("job %s grants write-all permissions", [j.id])
	finding := k8s.finding("GHA-002", "medium", msg, j.index, array.concat(j.path, ["permissions"]))
}
