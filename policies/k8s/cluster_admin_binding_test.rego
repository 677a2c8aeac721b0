package warden.checks.cluster_admin_binding_test

import data.warden.checks.cluster_admin_binding

binding(role) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
	"metadata": {"name": "ci-admin"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
	"subjects": [{"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"}],
}

test_cluster_admin_found if {
	res := cluster_admin_binding.deny with input as {"resources": [binding("view"), binding("cluster-admin")]}
	count(res) == 1
	some f in res
	f.check == "K8S-056"
	f.resource == 1
	f.path == ["roleRef", "name"]
	f.msg == "ClusterRoleBinding ci-admin grants cluster-admin to ServiceAccount deployer"
}

test_allow_list if {
	count(cluster_admin_binding.deny) == 0 with input as {"resources": [binding("cluster-admin")]}
		with data.warden.params as {"K8S-056": {"allowedBindings": ["ci-admin"]}}
}

test_clean_passes if {
	count(cluster_admin_binding.deny) == 0 with input as {"resources": [binding("view")]}
}
