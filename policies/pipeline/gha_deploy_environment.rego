# METADATA
# title: Deployments run in a protected environment
# description: >-
#   A job that logs in to a cloud or deploys (azure/login, azure/k8s-deploy, webapps or functions
#   deploys, `kubectl apply`, `helm upgrade`) should name an `environment`, so the environment's
#   protection rules (required reviewers, wait timers, branch restrictions) and its scoped secrets
#   apply, and an OIDC federated credential can be bound to it. The rules themselves are repository
#   settings that a workflow file cannot show.
# custom:
#   id: GHA-007
#   severity: medium
#   stride: [T, E, R]
#   resources: [GitHubWorkflow]
#   remediation: >-
#     Add `environment: production` (or the stage's name) to the deploying job and configure
#     required reviewers on that environment.
package warden.checks.gha_deploy_environment

import data.warden.lib.k8s
import data.warden.lib.pipeline

deploy_actions := {
	"azure/login", "azure/k8s-deploy", "azure/webapps-deploy", "azure/functions-action",
	"azure/arm-deploy", "azure/aks-set-context", "aws-actions/configure-aws-credentials",
	"google-github-actions/auth",
}

deny contains finding if {
	some j in pipeline.jobs
	not j.job.environment
	deploys(j)
	msg := sprintf("job %s deploys without an environment, so no protection rule applies", [j.id])
	finding := k8s.finding("GHA-007", "medium", msg, j.index, j.path)
}

deploys(j) if {
	some s in pipeline.steps
	s.job == j
	pipeline.action(s.step) in deploy_actions
}

deploys(j) if {
	some s in pipeline.steps
	s.job == j
	is_string(s.step.run)
	regex.match(`(^|[\s;&|])(kubectl\s+(apply|create|replace|rollout)|helm\s+(upgrade|install)|az\s+deployment)\b`, s.step.run)
}
