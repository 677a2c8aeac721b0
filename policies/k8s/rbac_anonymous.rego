# METADATA
# title: Nothing may be bound to anonymous or all-users groups
# description: >-
#   Bindings to system:anonymous, system:unauthenticated, system:authenticated (every identity,
#   including any Entra ID guest) or system:masters grant the role to far more than intended.
# custom:
#   id: K8S-061
#   severity: critical
#   stride: [S, E]
#   aliases:
#     trivy: KSV-0122, KSV-01011, KSV-0123
#     gatekeeper: K8sDisallowAnonymous
#     kubesec: BindingsToSystemAnonymous
#   resources: [ClusterRoleBinding, RoleBinding]
#   remediation: >-
#     Bind the role to specific users, groups or service accounts.
package warden.checks.rbac_anonymous

import data.warden.lib.k8s

broad := {"system:anonymous", "system:unauthenticated", "system:authenticated", "system:masters"}

deny contains finding if {
	some i, r in input.resources
	k8s.rbac_binding_kinds[r.kind]
	some k, subject in object.get(r, "subjects", [])
	broad[subject.name]
	msg := sprintf("%s binds %s to %s %s", [k8s.display(r), subject.name, r.roleRef.kind, r.roleRef.name])
	finding := k8s.finding("K8S-061", "critical", msg, i, ["subjects", k, "name"])
}
