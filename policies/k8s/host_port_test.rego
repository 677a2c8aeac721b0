package warden.checks.host_port_test

import data.warden.checks.host_port
import data.warden.lib.fixtures as fx

bad := fx.container({"ports": [{"containerPort": 8080}, {"containerPort": 9090, "hostPort": 9090}]})

test_host_port_found if {
	res := host_port.deny with input as fx.one(fx.wrap("DaemonSet", fx.pod_with(bad)))
	count(res) == 1
	some f in res
	f.check == "K8S-004"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "ports", 1, "hostPort"]
	f.msg == "Container \"app\" of DaemonSet payments/payments-api binds host port 9090"
}

test_init_and_ephemeral_containers if {
	res := host_port.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(bad)))
	fx.paths(res) == {
		["spec", "initContainers", 0, "ports", 1, "hostPort"],
		["spec", "ephemeralContainers", 0, "ports", 1, "hostPort"],
	}
}

test_allow_list_and_zero if {
	count(host_port.deny) == 0 with input as fx.one(fx.wrap("DaemonSet", fx.pod_with(bad)))
		with data.warden.params as {"K8S-004": {"allowedHostPorts": [9090]}}
	zero := fx.container({"ports": [{"containerPort": 80, "hostPort": 0}]})
	count(host_port.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.pod_with(zero)))
}

test_clean_passes if {
	count(host_port.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
