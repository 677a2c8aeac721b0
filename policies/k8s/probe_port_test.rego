package warden.checks.probe_port_test

import data.warden.checks.probe_port
import data.warden.lib.fixtures as fx

test_exposed_port_passes if {
	count(probe_port.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}

test_named_port_passes if {
	c := fx.container({"livenessProbe": {"tcpSocket": {"port": "http"}}})
	count(probe_port.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
}

test_unexposed_port_found if {
	c := fx.container({"readinessProbe": {"httpGet": {"port": 9090}}, "livenessProbe": {"grpc": {"port": "metrics"}}})
	res := probe_port.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	fx.paths(res) == {
		["spec", "template", "spec", "containers", 0, "readinessProbe", "httpGet", "port"],
		["spec", "template", "spec", "containers", 0, "livenessProbe", "grpc", "port"],
	}
	some f in res
	f.msg == "Container \"app\" of Deployment payments/payments-api readinessProbe targets port 9090, which the container does not expose"
}

test_no_ports_declared_not_judged if {
	c := json.patch(fx.container({"readinessProbe": {"httpGet": {"port": 9090}}}), [{"op": "remove", "path": "/ports"}])
	count(probe_port.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
}
