# METADATA
# title: Base images are pinned by digest
# description: >-
#   A tag can be moved to another image at any time, so a rebuild may pull a base image nobody
#   reviewed or scanned. A `@sha256:` digest names exactly one image. Stages built from an earlier
#   stage of the same Dockerfile and `scratch` need no digest.
# custom:
#   id: DKR-002
#   severity: medium
#   stride: [T]
#   resources: [Dockerfile]
#   remediation: >-
#     Write `FROM registry/image:tag@sha256:<digest>`; Dependabot and Renovate update such pins.
package warden.checks.docker_base_digest

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some d in pipeline.dockerfiles
	some s, stage in d.spec.stages
	image := stage.image
	not contains(image, "@sha256:")
	lower(image) != "scratch"
	not earlier_stage(d, s, image)
	msg := sprintf("base image %s is not pinned by digest", [image])
	finding := k8s.finding("DKR-002", "medium", msg, d.index, ["spec", "instructions", stage.instruction, "value"])
}

earlier_stage(d, s, image) if {
	some t, other in d.spec.stages
	t < s
	other.name != ""
	lower(other.name) == lower(image)
}
