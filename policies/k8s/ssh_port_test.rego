package warden.checks.ssh_port_test

import data.warden.checks.ssh_port
import data.warden.lib.fixtures as fx

c := fx.container({"ports": [{"containerPort": 8080}, {"containerPort": 22}]})

test_ssh_found if {
	res := ssh_port.deny with input as fx.one(fx.wrap("StatefulSet", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-043"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "ports", 1, "containerPort"]
}

test_init_and_ephemeral if {
	count(ssh_port.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(ssh_port.deny) == 0 with input as fx.one(fx.wrap("StatefulSet", fx.good_pod))
}
