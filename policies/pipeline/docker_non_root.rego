# METADATA
# title: The image runs as a non-root user
# description: >-
#   The final stage of a Dockerfile sets the user the container starts as. With no USER instruction
#   (or `USER root`, `USER 0`) it runs as root unless every deployment overrides it, and a process
#   escaping the container's restrictions lands as root.
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

# The USER instructions of the final stage, by position.
final_users(d) := [k |
	some k, ins in d.spec.instructions
	ins.instruction == "USER"
	ins.stage == pipeline.final_stage(d)
]

deny contains finding if {
	some d in pipeline.dockerfiles
	count(d.spec.stages) > 0
	count(final_users(d)) == 0
	stage := pipeline.final_stage(d)
	msg := sprintf("the final stage (FROM %s) sets no USER: the container runs as root", [d.spec.stages[stage].image])
	finding := k8s.finding("DKR-001", "high", msg, d.index, ["spec", "stages", stage])
}

deny contains finding if {
	some d in pipeline.dockerfiles
	users := final_users(d)
	count(users) > 0
	k := users[count(users) - 1]
	user := split(d.spec.instructions[k].value, ":")[0]
	user in {"root", "0"}
	msg := sprintf("the final stage runs as %s", [d.spec.instructions[k].value])
	finding := k8s.finding("DKR-001", "high", msg, d.index, ["spec", "instructions", k, "value"])
}
