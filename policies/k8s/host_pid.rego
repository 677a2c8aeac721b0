# METADATA
# title: Pods must not share the host PID namespace
# description: >-
#   A pod with `hostPID: true` shares the node's PID namespace, so a compromised container can see and
#   reach node-level processes and traffic. Pod Security Standards (baseline) forbid it.
# custom:
#   id: K8S-002
#   severity: high
#   stride: [E, I]
#   aliases:
#     trivy: KSV-0010
#     checkov: CKV_K8S_17
#     kubescape: C-0038
#     kube-linter: host-pid
#     polaris: hostPIDSet
#     gatekeeper: K8sPSPHostNamespace
#     kyverno: disallow-host-namespaces
#     kubesec: HostPID
#     azure: BlockUsingHostProcessIDAndIPC
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `hostPID` from the pod spec (or set it to false).
package warden.checks.host_pid

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	p.spec.hostPID == true
	msg := sprintf("%s shares the node's PID namespace (hostPID: true)", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-002", "high", msg, p.index, array.concat(p.path, ["hostPID"]))
}
