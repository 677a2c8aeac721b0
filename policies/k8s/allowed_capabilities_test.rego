package warden.checks.allowed_capabilities_test

import data.warden.checks.allowed_capabilities
import data.warden.lib.fixtures as fx

c := fx.container({"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "CAP_CHOWN"]}}})

test_extra_capability_found if {
	res := allowed_capabilities.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-015"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 1]
	f.msg == "Container \"app\" of Deployment payments/payments-api adds capability CHOWN, which is not allowed"
}

test_param_allows if {
	count(allowed_capabilities.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
		with data.warden.params as {"K8S-015": {"allowedCapabilities": ["NET_BIND_SERVICE", "CHOWN"]}}
}

test_init_and_ephemeral if {
	count(allowed_capabilities.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(allowed_capabilities.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
