# METADATA
# title: Roles must not use wildcards
# description: >-
#   A `*` in verbs, resources or apiGroups grants everything that exists today and everything
#   added later (new CRDs, subresources), far beyond what the workload needs.
# custom:
#   id: K8S-057
#   severity: high
#   stride: [E]
#   aliases:
#     trivy: KSV-0044, KSV-0045, KSV-0046, KSV-0112
#     checkov: CKV_K8S_49
#     kube-linter: wildcard-in-rules
#     polaris: rolebindingClusterAdminRole
#     azure: BlockWildcardRoles
#   resources: [Role, ClusterRole]
#   remediation: >-
#     List the exact verbs, resources and API groups the subject needs.
package warden.checks.rbac_wildcards

import data.warden.lib.k8s

deny contains finding if {
	some entry in k8s.rbac_rules
	some field in ["verbs", "resources", "apiGroups"]
	some k, value in object.get(entry.rule, field, [])
	value == "*"
	msg := sprintf("%s rule %d uses a wildcard in %s", [k8s.display(entry.owner), entry.path[1], field])
	finding := k8s.finding("K8S-057", "high", msg, entry.index, array.concat(entry.path, [field, k]))
}
