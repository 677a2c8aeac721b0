package warden.checks.rbac_exec_test

import data.warden.checks.rbac_exec

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "debug", "namespace": "payments"}, "rules": rules}

test_exec_found if {
	res := rbac_exec.deny with input as {"resources": [role([
		{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
		{"apiGroups": [""], "resources": ["pods/exec", "pods/log"], "verbs": ["create", "get"]},
	])]}
	count(res) == 1
	some f in res
	f.check == "K8S-059"
	f.resource == 0
	f.path == ["rules", 1]
	f.msg == "Role payments/debug allows pods/exec"
}

test_clean_passes if {
	count(rbac_exec.deny) == 0 with input as {"resources": [role([{"apiGroups": [""], "resources": ["pods/log"], "verbs": ["get"]}])]}
}
