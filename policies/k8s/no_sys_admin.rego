# METADATA
# title: Containers must not add SYS_ADMIN, NET_ADMIN or ALL
# description: >-
#   SYS_ADMIN is close to full root (mount, namespaces, BPF); NET_ADMIN reconfigures the pod network and ALL grants everything.
# custom:
#   id: K8S-016
#   severity: high
#   stride: [E]
#   aliases:
#     trivy: KSV-0005
#     checkov: CKV_K8S_39
#     polaris: dangerousCapabilities
#     kubesec: CapSysAdmin
#     azure: ContainerDisallowedSysAdminCapability
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove the capability from `securityContext.capabilities.add`.
package warden.checks.no_sys_admin

import data.warden.lib.k8s

dangerous := {"SYS_ADMIN", "NET_ADMIN", "ALL"}

deny contains finding if {
	some c in k8s.containers
	some j, cap in k8s.added_caps(c)
	dangerous[cap]
	msg := sprintf("%s adds the dangerous capability %s", [k8s.container_display(c), cap])
	finding := k8s.finding("K8S-016", "high", msg, c.index, array.concat(c.path, ["securityContext", "capabilities", "add", j]))
}
