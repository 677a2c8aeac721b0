# METADATA
# title: Pods must not use the host network
# description: >-
#   A pod with `hostNetwork: true` shares the node's network namespace, so a compromised container can see and
#   reach node-level processes and traffic. Pod Security Standards (baseline) forbid it.
# custom:
#   id: K8S-001
#   severity: high
#   stride: [E, I]
#   aliases:
#     trivy: KSV-0009
#     checkov: CKV_K8S_19
#     kubescape: C-0041
#     kube-linter: host-network
#     polaris: hostNetworkSet
#     gatekeeper: K8sPSPHostNetworkingPorts
#     kyverno: disallow-host-namespaces
#     kubesec: HostNetwork
#     azure: BlockUsingHostNetwork
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `hostNetwork` from the pod spec (or set it to false).
package warden.checks.host_network

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	p.spec.hostNetwork == true
	msg := sprintf("%s shares the node's network namespace (hostNetwork: true)", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-001", "high", msg, p.index, array.concat(p.path, ["hostNetwork"]))
}
