package warden.checks.no_sys_module_test

import data.warden.checks.no_sys_module
import data.warden.lib.fixtures as fx

c := fx.container({"securityContext": {"capabilities": {"add": ["SYS_MODULE"]}}})

test_sys_module_found if {
	res := no_sys_module.deny with input as fx.one(fx.wrap("DaemonSet", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-018"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 0]
}

test_init_container if {
	count(no_sys_module.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(no_sys_module.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
