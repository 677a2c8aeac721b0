# METADATA
# title: Containers must set CPU and memory requests
# description: >-
#   Requests drive scheduling and eviction order; without them pods land on overcommitted nodes and are the first evicted under pressure. Ephemeral containers cannot set resources and are skipped.
# custom:
#   id: K8S-033
#   severity: low
#   stride: [D]
#   aliases:
#     trivy: KSV-0015, KSV-0016
#     checkov: CKV_K8S_10, CKV_K8S_12
#     polaris: cpuRequestsMissing, memoryRequestsMissing
#     gatekeeper: K8sContainerRequests
#     kubesec: RequestsCPU, RequestsMemory
#     azure: ContainerResourceRequests
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `resources.requests` (["cpu", "memory"]) on every init and regular container.
package warden.checks.resource_requests

import data.warden.lib.k8s

keys := ["cpu", "memory"]

deny contains finding if {
	some c in k8s.containers
	k8s.long_running_groups[c.group]
	some key in keys
	not c.container.resources.requests[key]
	msg := sprintf("%s has no %s requests", [k8s.container_display(c), key])
	finding := k8s.finding("K8S-033", "low", msg, c.index, k8s.path3(c.path, c.container, "resources", "requests", key))
}
