# METADATA
# title: Resources must not live in the default namespace
# description: >-
#   The default namespace has no isolation of its own: resources left there share RBAC, quotas and
#   network policy with everything else deployed carelessly. A namespaced resource without
#   `metadata.namespace` also lands wherever the deployer's context points. The check reports every
#   object; `warden check` folds them into one finding per manifest file (one mistake, one fix).
# custom:
#   id: K8S-038
#   severity: low
#   stride: [E, I]
#   aliases:
#     trivy: KSV-0110
#     checkov: CKV_K8S_21
#     kubescape: C-0061
#     kube-linter: use-namespace
#     kyverno: disallow-default-namespace
#     azure: BlockDefaultNamespace
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Service, ConfigMap, Secret, ServiceAccount, Role, RoleBinding, Ingress, NetworkPolicy, PodDisruptionBudget]
#   remediation: >-
#     Set `metadata.namespace` to the component's own namespace.
package warden.checks.default_namespace

import data.warden.lib.k8s

deny contains finding if {
	some i, r in input.resources
	k8s.namespaced_kinds[r.kind]
	not r.metadata.namespace
	msg := sprintf("%s has no namespace (it will land in the current context's namespace)", [k8s.display(r)])
	finding := k8s.finding("K8S-038", "low", msg, i, k8s.path2([], r, "metadata", "namespace"))
}

deny contains finding if {
	some i, r in input.resources
	k8s.namespaced_kinds[r.kind]
	r.metadata.namespace == "default"
	msg := sprintf("%s is in the default namespace", [k8s.display(r)])
	finding := k8s.finding("K8S-038", "low", msg, i, ["metadata", "namespace"])
}
