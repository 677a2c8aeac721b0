package warden.checks.no_sys_admin_test

import data.warden.checks.no_sys_admin
import data.warden.lib.fixtures as fx

c := fx.container({"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "sys_admin", "CAP_NET_ADMIN"]}}})

test_dangerous_caps_found if {
	res := no_sys_admin.deny with input as fx.one(fx.wrap("StatefulSet", fx.pod_with(c)))
	fx.ids(res) == {"K8S-016"}
	{f.resource | some f in res} == {0}
	fx.paths(res) == {
		["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 1],
		["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 2],
	}
}

test_init_and_ephemeral if {
	count(no_sys_admin.deny) == 4 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(no_sys_admin.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
