package warden.checks.probes_distinct_test

import data.warden.checks.probes_distinct
import data.warden.lib.fixtures as fx

test_distinct_probes_pass if {
	count(probes_distinct.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}

test_identical_http_probes_found if {
	p := {"httpGet": {"path": "/healthz", "port": 8080}}
	c := fx.container({"livenessProbe": object.union(p, {"periodSeconds": 5}), "readinessProbe": p})
	res := probes_distinct.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.path == ["spec", "template", "spec", "containers", 0, "livenessProbe"]
	f.msg == "Container \"app\" of Deployment payments/payments-api has identical liveness and readiness probes"
}

test_same_port_different_handler_passes if {
	c := fx.container({"livenessProbe": {"tcpSocket": {"port": 8080}}, "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}})
	count(probes_distinct.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
}
