package warden.checks.host_pid_test

import data.warden.checks.host_pid
import data.warden.lib.fixtures as fx

test_found_in_every_workload_kind if {
	every kind in fx.kinds {
		res := host_pid.deny with input as fx.one(fx.wrap(kind, fx.pod({"hostPID": true})))
		count(res) == 1
		some f in res
		f.check == "K8S-002"
		f.severity == "high"
		f.resource == 0
		f.path == array.concat(fx.spec_path[kind], ["hostPID"])
	}
}

test_message_names_resource if {
	some f in host_pid.deny with input as fx.one(fx.wrap("Deployment", fx.pod({"hostPID": true})))
	f.msg == "Deployment payments/payments-api shares the node's PID namespace (hostPID: true)"
}

test_clean_and_explicit_false_pass if {
	count(host_pid.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
	count(host_pid.deny) == 0 with input as fx.one(fx.wrap("Pod", fx.pod({"hostPID": false})))
}
