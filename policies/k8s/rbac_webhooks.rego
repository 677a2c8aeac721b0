# METADATA
# title: Roles must not modify admission webhooks
# description: >-
#   Whoever can change Validating/MutatingWebhookConfigurations can switch off admission policy
#   or route every object through a webhook they control (and rewrite it).
# custom:
#   id: K8S-062
#   severity: high
#   stride: [T, E]
#   aliases:
#     trivy: KSV-0114
#     checkov: CKV_K8S_155
#     kubescape: C-0036, C-0039
#   resources: [ClusterRole, Role]
#   remediation: >-
#     Remove write access to webhook configurations; manage them through the platform pipeline.
package warden.checks.rbac_webhooks

import data.warden.lib.k8s

webhook_resources := ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]

deny contains finding if {
	some entry in k8s.rbac_rules
	writable := {res | some res in webhook_resources; some verb in k8s.write_verbs; k8s.grants(entry.rule, "admissionregistration.k8s.io", res, verb)}
	count(writable) > 0
	msg := sprintf("%s can modify %s", [k8s.display(entry.owner), concat(", ", sort(writable))])
	finding := k8s.finding("K8S-062", "high", msg, entry.index, entry.path)
}
