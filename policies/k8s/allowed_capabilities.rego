# METADATA
# title: Containers may add only allowed capabilities
# description: >-
#   Every capability in `capabilities.add` must be on the allow-list; by default only
#   NET_BIND_SERVICE, as in Pod Security Standards (restricted).
# custom:
#   id: K8S-015
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0022, KSV-0106
#     checkov: CKV_K8S_25
#     kubescape: C-0046
#     gatekeeper: K8sPSPCapabilities
#     kyverno: disallow-capabilities
#     azure: ContainerCapabilities
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {allowedCapabilities: "capabilities that may be added (default [NET_BIND_SERVICE])"}
#   remediation: >-
#     Remove the capability from `capabilities.add`, or allow it explicitly in the model.
package warden.checks.allowed_capabilities

import data.warden.lib.k8s

allowed := {k8s.cap_name(cap) | some cap in k8s.param("K8S-015", "allowedCapabilities", ["NET_BIND_SERVICE"])}

deny contains finding if {
	some c in k8s.containers
	some j, cap in k8s.added_caps(c)
	not allowed[cap]
	msg := sprintf("%s adds capability %s, which is not allowed", [k8s.container_display(c), cap])
	finding := k8s.finding("K8S-015", "medium", msg, c.index, array.concat(c.path, ["securityContext", "capabilities", "add", j]))
}
