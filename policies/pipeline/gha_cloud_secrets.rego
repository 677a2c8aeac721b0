# METADATA
# title: Cloud logins use OIDC federation, not stored secrets
# description: >-
#   A cloud login with a stored credential (azure/login `creds` or `client-secret`, an AWS secret
#   access key, a GCP service account key) puts a long-lived secret in the repository's settings,
#   where every workflow that can read it can leak it. OIDC federation needs none.
# custom:
#   id: GHA-004
#   severity: high
#   stride: [S, I]
#   resources: [GitHubWorkflow]
#   remediation: >-
#     Configure workload identity federation (an Entra ID federated credential, an AWS IAM OIDC
#     provider, GCP workload identity) and log in with `client-id`/`tenant-id`, `role-to-assume` or
#     `workload_identity_provider` and `id-token: write`.
package warden.checks.gha_cloud_secrets

import data.warden.lib.k8s
import data.warden.lib.pipeline

# action -> inputs that carry a long-lived credential
secret_inputs := {
	"azure/login": {"creds", "client-secret"},
	"aws-actions/configure-aws-credentials": {"aws-secret-access-key"},
	"google-github-actions/auth": {"credentials_json"},
}

deny contains finding if {
	some s in pipeline.steps
	inputs := secret_inputs[pipeline.action(s.step)]
	some name, _ in object.get(s.step, "with", {})
	name in inputs
	msg := sprintf("job %s logs in with %s using a stored credential (%s) instead of OIDC federation", [s.job.id, pipeline.action(s.step), name])
	finding := k8s.finding("GHA-004", "high", msg, s.index, array.concat(s.path, ["with", name]))
}
