# METADATA
# title: Images must come from trusted registries
# description: >-
#   Every image must come from a registry the model allows (parameter `registries`, e.g.
#   contoso.azurecr.io). Without the parameter, images must at least name their registry
#   explicitly and not come from Docker Hub. An entry `*.azurecr.io` (a leading `*`) trusts every
#   registry host that ends with the rest, so one entry covers a cloud's managed registries.
# custom:
#   id: K8S-030
#   severity: high
#   stride: [T, S]
#   aliases:
#     trivy: KSV-0125
#     kubescape: C-0078, C-0001
#     gatekeeper: K8sAllowedRepos, K8sDisallowedRepos
#     azure: ContainerAllowedImages
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {registries: "allowed registry hosts, host/path prefixes or `*.suffix` host patterns (the control's default: the cloud providers' managed registries and the Kubernetes and Microsoft registries)"}
#   remediation: >-
#     Import the image into a trusted registry (e.g. `az acr import`) and reference it from there.
package warden.checks.trusted_registry

import data.warden.lib.k8s

registries := k8s.param("K8S-030", "registries", [])

trusted(image) if {
	some reg in registries
	startswith(reg, "*")
	endswith(k8s.image_registry(image), trim_prefix(reg, "*"))
}

trusted(image) if {
	some reg in registries
	not startswith(reg, "*")
	prefix := trim_suffix(reg, "/")
	startswith(k8s.image_name(image), concat("", [prefix, "/"]))
}

deny contains finding if {
	count(registries) > 0
	some c in k8s.containers
	image := c.container.image
	not trusted(image)
	msg := sprintf("%s image %s is not from a trusted registry (%s)", [k8s.container_display(c), image, concat(", ", registries)])
	finding := k8s.finding("K8S-030", "high", msg, c.index, array.concat(c.path, ["image"]))
}

deny contains finding if {
	count(registries) == 0
	some c in k8s.containers
	image := c.container.image
	k8s.image_registry(image) == "docker.io"
	msg := sprintf("%s image %s comes from Docker Hub (no trusted registries configured)", [k8s.container_display(c), image])
	finding := k8s.finding("K8S-030", "high", msg, c.index, array.concat(c.path, ["image"]))
}
