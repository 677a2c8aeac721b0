# METADATA
# title: Containers must not add SYS_MODULE
# description: >-
#   SYS_MODULE lets a container load kernel modules into the node kernel: a full node compromise.
# custom:
#   id: K8S-018
#   severity: high
#   stride: [E]
#   aliases:
#     trivy: KSV-0120
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove the capability from `securityContext.capabilities.add`.
package warden.checks.no_sys_module

import data.warden.lib.k8s

dangerous := {"SYS_MODULE"}

deny contains finding if {
	some c in k8s.containers
	some j, cap in k8s.added_caps(c)
	dangerous[cap]
	msg := sprintf("%s adds the dangerous capability %s", [k8s.container_display(c), cap])
	finding := k8s.finding("K8S-018", "high", msg, c.index, array.concat(c.path, ["securityContext", "capabilities", "add", j]))
}
