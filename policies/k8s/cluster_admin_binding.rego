# METADATA
# title: Nothing may be bound to cluster-admin
# description: >-
#   cluster-admin is unrestricted superuser access to every resource in every namespace; a
#   workload or team bound to it turns any compromise into a full cluster takeover.
# custom:
#   id: K8S-056
#   severity: critical
#   stride: [E]
#   aliases:
#     trivy: KSV-0111
#     kubescape: C-0035
#     kube-linter: cluster-admin-role-binding
#     polaris: clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole
#     azure: BlockAdminRolebindings
#   resources: [ClusterRoleBinding, RoleBinding]
#   params: {allowedBindings: "names of bindings allowed to reference cluster-admin (default none)"}
#   remediation: >-
#     Bind a narrowly scoped Role instead; keep cluster-admin for break-glass Entra ID groups.
package warden.checks.cluster_admin_binding

import data.warden.lib.k8s

deny contains finding if {
	some i, r in input.resources
	k8s.rbac_binding_kinds[r.kind]
	r.roleRef.kind == "ClusterRole"
	r.roleRef.name == "cluster-admin"
	not r.metadata.name in k8s.param("K8S-056", "allowedBindings", [])
	who := concat(", ", [sprintf("%s %s", [s.kind, s.name]) | some s in object.get(r, "subjects", [])])
	msg := sprintf("%s grants cluster-admin to %s", [k8s.display(r), who])
	finding := k8s.finding("K8S-056", "critical", msg, i, ["roleRef", "name"])
}
