# METADATA
# title: User workloads must not run in kube-system
# description: >-
#   kube-system holds the cluster's control-plane add-ons and their highly privileged service
#   accounts; a workload placed there can reach them and blends in with system components.
# custom:
#   id: K8S-039
#   severity: medium
#   stride: [E, T]
#   aliases:
#     trivy: KSV-0037
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {allowedNamespaces: "system namespaces to ignore this check for (default none)"}
#   remediation: >-
#     Deploy the workload in its own namespace.
package warden.checks.kube_system

import data.warden.lib.k8s

system_namespaces := {"kube-system", "kube-public", "kube-node-lease"}

deny contains finding if {
	some i, r in input.resources
	k8s.workload_kinds[r.kind]
	ns := r.metadata.namespace
	system_namespaces[ns]
	not ns in k8s.param("K8S-039", "allowedNamespaces", [])
	msg := sprintf("%s runs in the system namespace %s", [k8s.display(r), ns])
	finding := k8s.finding("K8S-039", "medium", msg, i, ["metadata", "namespace"])
}
