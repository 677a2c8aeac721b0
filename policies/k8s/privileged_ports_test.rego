package warden.checks.privileged_ports_test

import data.warden.checks.privileged_ports
import data.warden.lib.fixtures as fx

c := fx.container({"ports": [{"containerPort": 443}]})

test_port_443_found if {
	res := privileged_ports.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-044"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"]
	f.msg == "Container \"app\" of Deployment payments/payments-api listens on privileged port 443"
}

test_init_and_ephemeral if {
	count(privileged_ports.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(privileged_ports.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
