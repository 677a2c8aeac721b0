# METADATA
# title: Actions are pinned to a full commit SHA
# description: >-
#   A tag or branch (`actions/checkout@v4`, `@main`) can be moved by whoever controls the action's
#   repository, so the code a workflow runs can change without a change to the workflow. Only a
#   40-character commit SHA names one version. Local actions (`./...`) and Docker images pinned by
#   digest (`docker://...@sha256:...`) are pinned by construction.
# custom:
#   id: GHA-001
#   severity: high
#   stride: [T, E]
#   aliases:
#     checkov: CKV_GHA_8
#     zizmor: unpinned-uses
#   resources: [GitHubWorkflow]
#   remediation: >-
#     Reference every action and reusable workflow as `owner/repo@<40-hex commit sha>  # vX.Y.Z`
#     (Dependabot and Renovate keep such pins up to date).
package warden.checks.gha_pinned_actions

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some s in pipeline.steps
	uses := s.step.uses
	not pinned(uses)
	msg := sprintf("job %s uses %s, not pinned to a commit SHA", [s.job.id, uses])
	finding := k8s.finding("GHA-001", "high", msg, s.index, array.concat(s.path, ["uses"]))
}

# A reusable workflow called by a job.
deny contains finding if {
	some j in pipeline.jobs
	uses := j.job.uses
	not pinned(uses)
	msg := sprintf("job %s calls %s, not pinned to a commit SHA", [j.id, uses])
	finding := k8s.finding("GHA-001", "high", msg, j.index, array.concat(j.path, ["uses"]))
}

pinned(uses) if startswith(uses, "./")

pinned(uses) if {
	startswith(uses, "docker://")
	contains(uses, "@sha256:")
}

pinned(uses) if regex.match(`^[^@\s]+@[0-9a-f]{40}$`, uses)
