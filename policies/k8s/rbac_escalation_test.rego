package warden.checks.rbac_escalation_test

import data.warden.checks.rbac_escalation

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "ops"}, "rules": rules}

test_escalation_found if {
	res := rbac_escalation.deny with input as {"resources": [role([
		{"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"]},
		{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["rolebindings"], "verbs": ["create", "get"]},
	])]}
	{f.check | some f in res} == {"K8S-060"}
	{f.resource | some f in res} == {0}
	{f.path | some f in res} == {["rules", 0, "verbs", 0], ["rules", 1]}
	some f in res
	f.msg == "ClusterRole ops can modify rolebindings"
}

test_read_only_rbac_passes if {
	count(rbac_escalation.deny) == 0 with input as {"resources": [role([{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": ["get", "list"]}])]}
}
