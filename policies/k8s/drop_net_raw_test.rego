package warden.checks.drop_net_raw_test

import data.warden.checks.drop_net_raw
import data.warden.lib.fixtures as fx

test_added_net_raw_found if {
	c := fx.container({"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}}})
	res := drop_net_raw.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-017"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 0]
}

test_not_dropped_found if {
	c := fx.container({"securityContext": {"capabilities": {"drop": ["SYS_ADMIN"]}}})
	some f in drop_net_raw.deny with input as fx.one(fx.wrap("Job", fx.pod_with(c)))
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "drop"]
}

test_explicit_net_raw_drop_passes if {
	c := fx.container({"securityContext": {"capabilities": {"drop": ["NET_RAW"]}}})
	count(drop_net_raw.deny) == 0 with input as fx.one(fx.wrap("Job", fx.pod_with(c)))
}

test_init_and_ephemeral if {
	c := object.remove(fx.good_container, ["securityContext"])
	count(drop_net_raw.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(drop_net_raw.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
