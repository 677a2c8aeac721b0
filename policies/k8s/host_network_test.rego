package warden.checks.host_network_test

import data.warden.checks.host_network
import data.warden.lib.fixtures as fx

test_found_in_every_workload_kind if {
	every kind in fx.kinds {
		res := host_network.deny with input as fx.one(fx.wrap(kind, fx.pod({"hostNetwork": true})))
		count(res) == 1
		some f in res
		f.check == "K8S-001"
		f.severity == "high"
		f.resource == 0
		f.path == array.concat(fx.spec_path[kind], ["hostNetwork"])
	}
}

test_message_names_resource if {
	some f in host_network.deny with input as fx.one(fx.wrap("Deployment", fx.pod({"hostNetwork": true})))
	f.msg == "Deployment payments/payments-api shares the node's network namespace (hostNetwork: true)"
}

test_clean_and_explicit_false_pass if {
	count(host_network.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
	count(host_network.deny) == 0 with input as fx.one(fx.wrap("Pod", fx.pod({"hostNetwork": false})))
}
