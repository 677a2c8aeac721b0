# METADATA
# title: Containers must drop all capabilities
# description: >-
#   Containers start with the runtime's default capability set (CHOWN, NET_RAW, SETUID, ...).
#   Dropping ALL and adding back only what is needed removes most kernel attack surface.
#   Pod Security Standards (restricted) require `drop: [ALL]`.
# custom:
#   id: K8S-014
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0003, KSV-0004
#     checkov: CKV_K8S_37
#     polaris: insecureCapabilities
#     gatekeeper: K8sPSPCapabilities
#     kyverno: disallow-capabilities-strict
#     kubesec: CapDropAll
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Add `securityContext.capabilities.drop: ["ALL"]` to every container.
package warden.checks.drop_all_capabilities

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	not k8s.dropped_caps(c).ALL
	msg := sprintf("%s does not drop ALL capabilities", [k8s.container_display(c)])
	path := k8s.path3(c.path, c.container, "securityContext", "capabilities", "drop")
	finding := k8s.finding("K8S-014", "medium", msg, c.index, path)
}
