package warden.checks.kube_system_test

import data.warden.checks.kube_system
import data.warden.lib.fixtures as fx

in_kube_system := json.patch(fx.wrap("DaemonSet", fx.good_pod), [{"op": "replace", "path": "/metadata/namespace", "value": "kube-system"}])

test_kube_system_found if {
	res := kube_system.deny with input as fx.one(in_kube_system)
	count(res) == 1
	some f in res
	f.check == "K8S-039"
	f.resource == 0
	f.path == ["metadata", "namespace"]
}

test_allowed_param if {
	count(kube_system.deny) == 0 with input as fx.one(in_kube_system) with data.warden.params as {"K8S-039": {"allowedNamespaces": ["kube-system"]}}
}

test_clean_passes if {
	count(kube_system.deny) == 0 with input as fx.one(fx.wrap("DaemonSet", fx.good_pod))
}
