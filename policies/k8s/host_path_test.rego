package warden.checks.host_path_test

import data.warden.checks.host_path
import data.warden.lib.fixtures as fx

spec := fx.pod({"volumes": [{"name": "tmp", "emptyDir": {}}, {"name": "logs", "hostPath": {"path": "/var/log"}}]})

test_host_path_found if {
	res := host_path.deny with input as fx.one(fx.wrap("DaemonSet", spec))
	count(res) == 1
	some f in res
	f.check == "K8S-005"
	f.resource == 0
	f.path == ["spec", "template", "spec", "volumes", 1, "hostPath"]
	f.msg == "DaemonSet payments/payments-api mounts host path /var/log (sensitive node path) in volume \"logs\""
}

test_cronjob_path if {
	some f in host_path.deny with input as fx.one(fx.wrap("CronJob", spec))
	f.path == ["spec", "jobTemplate", "spec", "template", "spec", "volumes", 1, "hostPath"]
}

test_allowed_prefix if {
	count(host_path.deny) == 0 with input as fx.one(fx.wrap("DaemonSet", spec))
		with data.warden.params as {"K8S-005": {"allowedPaths": ["/var/log"]}}
}

test_clean_passes if {
	count(host_path.deny) == 0 with input as fx.one(fx.wrap("StatefulSet", fx.good_pod))
}
