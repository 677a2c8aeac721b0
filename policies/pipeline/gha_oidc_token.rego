# METADATA
# title: id-token write only where OIDC is used
# description: >-
#   `id-token: write` lets a job mint OIDC tokens that cloud providers trust for federated login. A
#   job that grants it (itself, or through the workflow's defaults) without any step that logs in
#   with OIDC (azure/login, aws-actions/configure-aws-credentials, google-github-actions/auth,
#   keyless signing or attestation) hands that power to every step for nothing.
# custom:
#   id: GHA-003
#   severity: medium
#   stride: [S, E]
#   aliases:
#     zizmor: excessive-permissions
#   resources: [GitHubWorkflow]
#   remediation: >-
#     Grant `id-token: write` only in the permissions of the job that logs in with OIDC.
package warden.checks.gha_oidc_token

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some j in pipeline.jobs
	not j.job.uses # a reusable workflow call: its own jobs are checked where it is defined
	perms := pipeline.effective_permissions(j)
	pipeline.grants(perms, "id-token", "write")
	not oidc_login(j)
	msg := sprintf("job %s can mint OIDC tokens (id-token: write) but no step logs in with OIDC", [j.id])
	finding := k8s.finding("GHA-003", "medium", msg, j.index, where(j))
}

oidc_login(j) if {
	some s in pipeline.steps
	s.job == j
	pipeline.action(s.step) in pipeline.oidc_login_actions
}

where(j) := array.concat(j.path, ["permissions", "id-token"]) if "permissions" in object.keys(j.job)

where(j) := ["spec", "permissions"] if not "permissions" in object.keys(j.job)
