package warden.checks.drop_all_capabilities_test

import data.warden.checks.drop_all_capabilities
import data.warden.lib.fixtures as fx

test_partial_drop_found if {
	c := fx.container({"securityContext": {"capabilities": {"drop": ["NET_RAW"]}}})
	res := drop_all_capabilities.deny with input as fx.one(fx.wrap("DaemonSet", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-014"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "drop"]
}

test_missing_capabilities_points_at_security_context if {
	c := fx.container_without("/securityContext/capabilities")
	some f in drop_all_capabilities.deny with input as fx.one(fx.wrap("Pod", fx.pod_with(c)))
	f.path == ["spec", "containers", 0, "securityContext", "capabilities"]
}

test_init_and_ephemeral if {
	c := object.remove(fx.good_container, ["securityContext"])
	count(drop_all_capabilities.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_lower_case_and_prefix_accepted if {
	c := fx.container({"securityContext": {"capabilities": {"drop": ["all"]}}})
	count(drop_all_capabilities.deny) == 0 with input as fx.one(fx.wrap("Pod", fx.pod_with(c)))
}

test_clean_passes if {
	count(drop_all_capabilities.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
