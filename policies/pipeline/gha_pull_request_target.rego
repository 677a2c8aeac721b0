# METADATA
# title: pull_request_target does not check out the pull request's code
# description: >-
#   A `pull_request_target` workflow runs with the base repository's secrets and a write token.
#   Checking out the pull request's head (`ref: ${{ github.event.pull_request.head.sha }}`,
#   `github.head_ref`, `refs/pull/.../merge`) and building or running it hands both to code from a fork.
# custom:
#   id: GHA-005
#   severity: critical
#   stride: [E, T, I]
#   aliases:
#     zizmor: dangerous-triggers
#   resources: [GitHubWorkflow]
#   remediation: >-
#     Use `pull_request` for building contributions; if `pull_request_target` is needed (labels,
#     comments), never check out or run the head, or split the work with `workflow_run`.
package warden.checks.gha_pull_request_target

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some w in pipeline.workflows
	"pull_request_target" in pipeline.triggers(w.spec)
	some s in pipeline.steps
	s.index == w.index
	pipeline.action(s.step) == "actions/checkout"
	ref := s.step["with"].ref
	is_string(ref)
	head_ref(ref)
	msg := sprintf("job %s checks out the pull request head (%s) in a pull_request_target workflow", [s.job.id, ref])
	finding := k8s.finding("GHA-005", "critical", msg, s.index, array.concat(s.path, ["with", "ref"]))
}

head_ref(ref) if contains(ref, "github.event.pull_request.head")

head_ref(ref) if contains(ref, "github.head_ref")

head_ref(ref) if regex.match(`refs/pull/.*/(head|merge)`, ref)
