package warden.checks.rbac_wildcards_test

import data.warden.checks.rbac_wildcards

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "app", "namespace": "payments"}, "rules": rules}

test_wildcards_found if {
	res := rbac_wildcards.deny with input as {"resources": [role([
		{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]},
		{"apiGroups": ["apps"], "resources": ["deployments", "*"], "verbs": ["*"]},
	])]}
	{f.check | some f in res} == {"K8S-057"}
	{f.resource | some f in res} == {0}
	{f.path | some f in res} == {["rules", 1, "resources", 1], ["rules", 1, "verbs", 0]}
}

test_clean_passes if {
	count(rbac_wildcards.deny) == 0 with input as {"resources": [role([{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}])]}
}
