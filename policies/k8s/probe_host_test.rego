package warden.checks.probe_host_test

import data.warden.checks.probe_host
import data.warden.lib.fixtures as fx

c := fx.container({
	"livenessProbe": {"httpGet": {"path": "/", "port": 80, "host": "169.254.169.254"}},
	"lifecycle": {"preStop": {"tcpSocket": {"port": 22, "host": "10.0.0.1"}}},
})

test_probe_and_hook_found if {
	res := probe_host.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	fx.ids(res) == {"K8S-025"}
	{f.resource | some f in res} == {0}
	fx.paths(res) == {
		["spec", "template", "spec", "containers", 0, "livenessProbe", "httpGet", "host"],
		["spec", "template", "spec", "containers", 0, "lifecycle", "preStop", "tcpSocket", "host"],
	}
}

test_init_container if {
	count(probe_host.deny) == 4 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(probe_host.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
