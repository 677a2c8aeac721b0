# METADATA
# title: Roles must not allow privilege escalation through RBAC
# description: >-
#   The bind, escalate and impersonate verbs, or write access to Roles and RoleBindings, let a
#   subject grant itself any permission (or act as another user), defeating least privilege.
# custom:
#   id: K8S-060
#   severity: critical
#   stride: [E, S]
#   aliases:
#     trivy: KSV-0043, KSV-0050, KSV-0051, KSV-0052, KSV-0055
#     checkov: CKV_K8S_157, CKV_K8S_158, CKV2_K8S_1, CKV2_K8S_3
#     kubescape: C-0065
#   resources: [Role, ClusterRole]
#   remediation: >-
#     Remove bind/escalate/impersonate and RBAC write access; manage RBAC through GitOps instead.
package warden.checks.rbac_escalation

import data.warden.lib.k8s

rbac_resources := ["roles", "clusterroles", "rolebindings", "clusterrolebindings"]

deny contains finding if {
	some entry in k8s.rbac_rules
	some k, verb in object.get(entry.rule, "verbs", [])
	verb in {"bind", "escalate", "impersonate"}
	msg := sprintf("%s grants the %s verb", [k8s.display(entry.owner), verb])
	finding := k8s.finding("K8S-060", "critical", msg, entry.index, array.concat(entry.path, ["verbs", k]))
}

deny contains finding if {
	some entry in k8s.rbac_rules
	writable := {res | some res in rbac_resources; some verb in k8s.write_verbs; k8s.grants(entry.rule, "rbac.authorization.k8s.io", res, verb)}
	count(writable) > 0
	msg := sprintf("%s can modify %s", [k8s.display(entry.owner), concat(", ", sort(writable))])
	finding := k8s.finding("K8S-060", "critical", msg, entry.index, entry.path)
}
