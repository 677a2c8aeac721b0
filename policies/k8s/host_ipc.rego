# METADATA
# title: Pods must not share the host IPC namespace
# description: >-
#   A pod with `hostIPC: true` shares the node's IPC namespace, so a compromised container can see and
#   reach node-level processes and traffic. Pod Security Standards (baseline) forbid it.
# custom:
#   id: K8S-003
#   severity: high
#   stride: [E, I]
#   aliases:
#     trivy: KSV-0008
#     checkov: CKV_K8S_18
#     kubescape: C-0038
#     kube-linter: host-ipc
#     polaris: hostIPCSet
#     gatekeeper: K8sPSPHostNamespace
#     kyverno: disallow-host-namespaces
#     kubesec: HostIPC
#     azure: BlockUsingHostProcessIDAndIPC
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `hostIPC` from the pod spec (or set it to false).
package warden.checks.host_ipc

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	p.spec.hostIPC == true
	msg := sprintf("%s shares the node's IPC namespace (hostIPC: true)", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-003", "high", msg, p.index, array.concat(p.path, ["hostIPC"]))
}
