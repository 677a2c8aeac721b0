package warden.checks.rbac_webhooks_test

import data.warden.checks.rbac_webhooks

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "hooks"}, "rules": rules}

test_webhook_write_found if {
	res := rbac_webhooks.deny with input as {"resources": [role([
		{"apiGroups": ["admissionregistration.k8s.io"], "resources": ["mutatingwebhookconfigurations"], "verbs": ["patch"]},
	])]}
	count(res) == 1
	some f in res
	f.check == "K8S-062"
	f.resource == 0
	f.path == ["rules", 0]
}

test_read_passes if {
	count(rbac_webhooks.deny) == 0 with input as {"resources": [role([
		{"apiGroups": ["admissionregistration.k8s.io"], "resources": ["mutatingwebhookconfigurations"], "verbs": ["get", "list"]},
	])]}
}
