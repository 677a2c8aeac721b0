# METADATA
# title: Containers should always pull their image
# description: >-
#   With `imagePullPolicy: Always` the kubelet checks the registry (and its access control) on
#   every start, instead of reusing an image cached on the node by another tenant.
# custom:
#   id: K8S-031
#   severity: low
#   stride: [I, T]
#   aliases:
#     checkov: CKV_K8S_15
#     kube-score: container-image-pull-policy
#     polaris: pullPolicyNotAlways
#     azure: ContainerAllowedPullPolicy
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `imagePullPolicy: Always`.
package warden.checks.image_pull_policy

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	policy := object.get(c.container, "imagePullPolicy", "unset")
	policy != "Always"
	msg := sprintf("%s has imagePullPolicy %s instead of Always", [k8s.container_display(c), policy])
	finding := k8s.finding("K8S-031", "low", msg, c.index, array.concat(c.path, ["imagePullPolicy"]))
}
