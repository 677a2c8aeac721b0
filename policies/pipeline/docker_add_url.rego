# METADATA
# title: No ADD from URLs or git
# description: >-
#   `ADD https://...` and `ADD git@...` fetch content at build time with no checksum unless
#   `--checksum` is given, so what lands in the image is whatever the server returns that day.
# custom:
#   id: DKR-005
#   severity: medium
#   stride: [T]
#   resources: [Dockerfile]
#   remediation: >-
#     Download in a RUN step that verifies a checksum or signature, or give ADD a `--checksum=sha256:...`;
#     use COPY for local files.
package warden.checks.docker_add_url

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some i in pipeline.instructions
	i.ins.instruction == "ADD"
	not i.ins.flags.checksum
	some src in array.slice(i.ins.args, 0, count(i.ins.args) - 1)
	remote(src)
	msg := sprintf("ADD fetches %s with no checksum", [src])
	finding := k8s.finding("DKR-005", "medium", msg, i.index, array.concat(i.path, ["value"]))
}

remote(src) if regex.match(`^(https?://|git@|git://|ssh://)`, src)
