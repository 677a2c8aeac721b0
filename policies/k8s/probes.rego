# METADATA
# title: Long-running containers must define liveness and readiness probes
# description: >-
#   Without a readiness probe traffic reaches pods that cannot serve; without a liveness probe a
#   hung process is never restarted. Applies to the regular containers of long-running workloads
#   (not Jobs, CronJobs, init or ephemeral containers).
# custom:
#   id: K8S-035
#   severity: low
#   stride: [D]
#   aliases:
#     checkov: CKV_K8S_8, CKV_K8S_9
#     kubescape: C-0056, C-0018
#     kube-score: pod-probes
#     kube-linter: no-liveness-probe, no-readiness-probe
#     polaris: livenessProbeMissing, readinessProbeMissing
#     gatekeeper: K8sRequiredProbes
#     azure: ContainerEnforceProbes
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController]
#   remediation: >-
#     Add `livenessProbe` and `readinessProbe` (httpGet, tcpSocket, grpc or exec).
package warden.checks.probes

import data.warden.lib.k8s

batch_kinds := {"Job", "CronJob"}

deny contains finding if {
	some c in k8s.containers
	c.group == "containers"
	not batch_kinds[c.owner.kind]
	some probe in ["livenessProbe", "readinessProbe"]
	not c.container[probe]
	msg := sprintf("%s has no %s", [k8s.container_display(c), probe])
	finding := k8s.finding("K8S-035", "low", msg, c.index, array.concat(c.path, [probe]))
}
