package warden.checks.rbac_create_pods_test

import data.warden.checks.rbac_create_pods

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "runner", "namespace": "payments"}, "rules": rules}

test_create_found if {
	res := rbac_create_pods.deny with input as {"resources": [role([
		{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["create"]},
		{"apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["create", "delete"]},
	])]}
	count(res) == 1
	some f in res
	f.check == "K8S-063"
	f.resource == 0
	f.path == ["rules", 1]
	f.msg == "Role payments/runner can create jobs"
}

test_allowed_role if {
	count(rbac_create_pods.deny) == 0 with input as {"resources": [role([{"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]}])]}
		with data.warden.params as {"K8S-063": {"allowedRoles": ["runner"]}}
}

test_clean_passes if {
	count(rbac_create_pods.deny) == 0 with input as {"resources": [role([{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}])]}
}
