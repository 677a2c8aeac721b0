# METADATA
# title: Containers must set CPU and memory limits
# description: >-
#   Without limits one container can exhaust the node (a noisy neighbour or a deliberate resource-exhaustion attack) and evict other pods. Ephemeral containers cannot set resources and are skipped.
# custom:
#   id: K8S-032
#   severity: medium
#   stride: [D]
#   aliases:
#     trivy: KSV-0011, KSV-0018
#     checkov: CKV_K8S_11, CKV_K8S_13
#     kubescape: C-0270, C-0271
#     kube-score: container-resources
#     kube-linter: unset-cpu-requirements, unset-memory-requirements
#     polaris: cpuLimitsMissing, memoryLimitsMissing
#     gatekeeper: K8sContainerLimits
#     kubesec: LimitsCPU, LimitsMemory
#     azure: ContainerResourceLimits
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `resources.limits` (["cpu", "memory"]) on every init and regular container.
package warden.checks.resource_limits

import data.warden.lib.k8s

keys := ["cpu", "memory"]

deny contains finding if {
	some c in k8s.containers
	k8s.long_running_groups[c.group]
	some key in keys
	not c.container.resources.limits[key]
	msg := sprintf("%s has no %s limits", [k8s.container_display(c), key])
	finding := k8s.finding("K8S-032", "medium", msg, c.index, k8s.path3(c.path, c.container, "resources", "limits", key))
}
