# METADATA
# title: The image runs as a non-root user
# description: >-
#   The final stage of a Dockerfile sets the user the container starts as. With no USER instruction
#   (in the stage, or in the earlier stage it builds on) or with `USER root`/`USER 0` it runs as
#   root unless every deployment overrides it, and a process escaping the container's restrictions
#   lands as root. A USER set only by the base image's own configuration is not visible here.
# custom:
#   id: DKR-001
#   severity: high
#   stride: [E]
#   aliases:
#     trivy: DS002
#     checkov: CKV_DOCKER_3, CKV_DOCKER_8
#   resources: [Dockerfile]
#   remediation: >-
#     End the final stage with `USER <uid>` (a numeric UID of 10000 or more, so Kubernetes can verify
#     runAsNonRoot).
package warden.checks.docker_non_root

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some d in pipeline.dockerfiles
	k := pipeline.final_stage(d)
	stage := d.spec.stages[k]
	stage.user == ""
	msg := sprintf("the final stage (FROM %s) sets no USER: the container runs as root", [stage.image])
	finding := k8s.finding("DKR-001", "high", msg, d.index, ["spec", "stages", k])
}

deny contains finding if {
	some d in pipeline.dockerfiles
	k := pipeline.final_stage(d)
	stage := d.spec.stages[k]
	split(stage.user, ":")[0] in {"root", "0"}
	msg := sprintf("the final stage runs as %s", [stage.user])
	finding := k8s.finding("DKR-001", "high", msg, d.index, where(stage, k))
}

# The USER instruction that set it, or the stage's FROM when it is inherited from an earlier stage.
where(stage, _) := ["spec", "instructions", stage.userInstruction, "value"] if stage.userInstruction >= 0

where(stage, k) := ["spec", "stages", k] if stage.userInstruction < 0
