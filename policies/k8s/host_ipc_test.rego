package warden.checks.host_ipc_test

import data.warden.checks.host_ipc
import data.warden.lib.fixtures as fx

test_found_in_every_workload_kind if {
	every kind in fx.kinds {
		res := host_ipc.deny with input as fx.one(fx.wrap(kind, fx.pod({"hostIPC": true})))
		count(res) == 1
		some f in res
		f.check == "K8S-003"
		f.severity == "high"
		f.resource == 0
		f.path == array.concat(fx.spec_path[kind], ["hostIPC"])
	}
}

test_message_names_resource if {
	some f in host_ipc.deny with input as fx.one(fx.wrap("Deployment", fx.pod({"hostIPC": true})))
	f.msg == "Deployment payments/payments-api shares the node's IPC namespace (hostIPC: true)"
}

test_clean_and_explicit_false_pass if {
	count(host_ipc.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
	count(host_ipc.deny) == 0 with input as fx.one(fx.wrap("Pod", fx.pod({"hostIPC": false})))
}
