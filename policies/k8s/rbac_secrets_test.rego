package warden.checks.rbac_secrets_test

import data.warden.checks.rbac_secrets

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader"}, "rules": rules}

test_secret_read_found if {
	res := rbac_secrets.deny with input as {"resources": [role([
		{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
		{"apiGroups": [""], "resources": ["secrets", "configmaps"], "verbs": ["get", "list"]},
	])]}
	count(res) == 1
	some f in res
	f.check == "K8S-058"
	f.resource == 0
	f.path == ["rules", 1]
	f.msg == "ClusterRole reader can get/list all secrets"
}

test_resource_names_and_other_groups_pass if {
	count(rbac_secrets.deny) == 0 with input as {"resources": [role([
		{"apiGroups": [""], "resources": ["secrets"], "resourceNames": ["api-tls"], "verbs": ["get"]},
		{"apiGroups": ["apps"], "resources": ["secrets"], "verbs": ["get"]},
	])]}
}
