# METADATA
# title: Images must have an explicit, non-latest tag
# description: >-
#   An image without a tag, or tagged `latest`, can change under the workload at any pull, so what
#   runs is not what was reviewed or scanned. An image pinned by digest is accepted.
# custom:
#   id: K8S-028
#   severity: medium
#   stride: [T]
#   aliases:
#     trivy: KSV-0013
#     checkov: CKV_K8S_14
#     kubescape: C-0075
#     kube-score: container-image-tag
#     kube-linter: latest-tag
#     polaris: tagNotSpecified
#     gatekeeper: K8sDisallowedTags
#     kyverno: disallow-latest-tag
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Use an immutable version tag (and preferably a digest) for every image.
package warden.checks.image_tag

import data.warden.lib.k8s

problem(image) := "has no tag" if {
	not k8s.image_has_digest(image)
	not k8s.image_tag(image)
}

problem(image) := "uses the latest tag" if {
	k8s.image_tag(image) == "latest"
}

deny contains finding if {
	some c in k8s.containers
	image := c.container.image
	reason := problem(image)
	msg := sprintf("%s image %s %s", [k8s.container_display(c), image, reason])
	finding := k8s.finding("K8S-028", "medium", msg, c.index, array.concat(c.path, ["image"]))
}
