package warden.checks.default_namespace_test

import data.warden.checks.default_namespace
import data.warden.lib.fixtures as fx

test_missing_and_default_found if {
	no_ns := json.patch(fx.wrap("Deployment", fx.good_pod), [{"op": "remove", "path": "/metadata/namespace"}])
	svc := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api", "namespace": "default"}, "spec": {}}
	res := default_namespace.deny with input as {"resources": [no_ns, svc]}
	{f.check | some f in res} == {"K8S-038"}
	{[f.resource, f.path] | some f in res} == {[0, ["metadata", "namespace"]], [1, ["metadata", "namespace"]]}
}

test_cluster_scoped_ignored if {
	cr := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader"}, "rules": []}
	count(default_namespace.deny) == 0 with input as {"resources": [cr]}
}

test_clean_passes if {
	count(default_namespace.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
