package warden.checks.rbac_anonymous_test

import data.warden.checks.rbac_anonymous

binding(subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
	"metadata": {"name": "public-read", "namespace": "payments"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
	"subjects": subjects,
}

test_anonymous_found if {
	res := rbac_anonymous.deny with input as {"resources": [binding([
		{"kind": "ServiceAccount", "name": "api", "namespace": "payments"},
		{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:unauthenticated"},
	])]}
	count(res) == 1
	some f in res
	f.check == "K8S-061"
	f.resource == 0
	f.path == ["subjects", 1, "name"]
	f.msg == "RoleBinding payments/public-read binds system:unauthenticated to ClusterRole view"
}

test_clean_passes if {
	count(rbac_anonymous.deny) == 0 with input as {"resources": [binding([{"kind": "ServiceAccount", "name": "api", "namespace": "payments"}])]}
}
