# METADATA
# title: Images must be pinned by digest
# description: >-
#   Tags are mutable; only a `@sha256:` digest guarantees the image that runs is the one that was
#   built, scanned and signed.
# custom:
#   id: K8S-029
#   severity: low
#   stride: [T]
#   aliases:
#     checkov: CKV_K8S_43
#     gatekeeper: K8sImageDigests
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Reference images as `registry/repo:tag@sha256:<digest>` (CI can resolve the digest at build time).
package warden.checks.image_digest

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	image := c.container.image
	not k8s.image_has_digest(image)
	msg := sprintf("%s image %s is not pinned by digest", [k8s.container_display(c), image])
	finding := k8s.finding("K8S-029", "low", msg, c.index, array.concat(c.path, ["image"]))
}
