# METADATA
# title: Roles must not read all Secrets
# description: >-
#   get, list or watch on secrets (without `resourceNames`) exposes every credential in the
#   namespace, or in the cluster for a ClusterRole, including other workloads' tokens.
# custom:
#   id: K8S-058
#   severity: high
#   stride: [I]
#   aliases:
#     trivy: KSV-0041, KSV-0113
#     checkov: CKV2_K8S_5
#     kubescape: C-0015
#     kube-linter: access-to-secrets
#   resources: [Role, ClusterRole]
#   remediation: >-
#     Restrict the rule with `resourceNames` to the Secrets the workload owns, or mount them instead.
package warden.checks.rbac_secrets

import data.warden.lib.k8s

deny contains finding if {
	some entry in k8s.rbac_rules
	count(object.get(entry.rule, "resourceNames", [])) == 0
	verbs := [v | some v in ["get", "list", "watch"]; k8s.grants(entry.rule, "", "secrets", v)]
	count(verbs) > 0
	msg := sprintf("%s can %s all secrets", [k8s.display(entry.owner), concat("/", verbs)])
	finding := k8s.finding("K8S-058", "high", msg, entry.index, entry.path)
}
