# METADATA
# title: Base images name a version
# description: >-
#   `FROM image` and `FROM image:latest` take whatever was pushed last: builds are not reproducible
#   and an upgrade arrives unreviewed. A base image should name a version tag (and a digest, see
#   DKR-002).
# custom:
#   id: DKR-003
#   severity: medium
#   stride: [T]
#   aliases:
#     trivy: DS001
#     checkov: CKV_DOCKER_7
#   resources: [Dockerfile]
#   remediation: >-
#     Name a version: `FROM node:22.11-alpine3.20@sha256:<digest>`.
package warden.checks.docker_latest_tag

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some d in pipeline.dockerfiles
	some stage in d.spec.stages
	stage.base < 0
	image := stage.resolved # an image from an ARG without a default is not judged
	not contains(image, "@")
	lower(image) != "scratch"
	tag := tag_of(image)
	tag in {"", "latest"}
	msg := sprintf("base image %s %s", [image, describe(tag)])
	finding := k8s.finding("DKR-003", "medium", msg, d.index, ["spec", "instructions", stage.instruction, "value"])
}

describe("") := "names no tag (latest is used)"

describe("latest") := "uses the latest tag"

# The tag: what follows the last ':' after the last '/' (a registry port is not a tag).
tag_of(image) := tag if {
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	segs := split(last, ":")
	count(segs) > 1
	tag := segs[1]
}

tag_of(image) := "" if {
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}
