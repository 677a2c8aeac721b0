package warden.checks.endpoint_edit_test

import data.warden.checks.endpoint_edit

role(labels, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "extra-edit", "labels": labels}, "rules": rules}

rules := [{"apiGroups": [""], "resources": ["endpoints"], "verbs": ["create", "update"]}]

test_aggregated_endpoint_write_found if {
	res := endpoint_edit.deny with input as {"resources": [role({"rbac.authorization.k8s.io/aggregate-to-edit": "true"}, rules)]}
	count(res) == 1
	some f in res
	f.check == "K8S-064"
	f.resource == 0
	f.path == ["rules", 0]
}

test_not_aggregated_passes if {
	count(endpoint_edit.deny) == 0 with input as {"resources": [role({}, rules)]}
}
