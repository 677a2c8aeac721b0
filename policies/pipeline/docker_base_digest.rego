# METADATA
# title: Base images are pinned by digest
# description: >-
#   A tag can be moved to another image at any time, so a rebuild may pull a base image nobody
#   reviewed or scanned. A `@sha256:` digest names exactly one image. Stages built from an earlier
#   stage of the same Dockerfile and `scratch` need no digest; `FROM ${IMAGE}` is judged with the
#   global ARG's default, and not at all when it has none.
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
	some stage in d.spec.stages
	stage.base < 0
	image := stage.resolved # an image from an ARG without a default is not judged
	not contains(image, "@sha256:")
	lower(image) != "scratch"
	msg := sprintf("base image %s is not pinned by digest", [image])
	finding := k8s.finding("DKR-002", "medium", msg, d.index, ["spec", "instructions", stage.instruction, "value"])
}
