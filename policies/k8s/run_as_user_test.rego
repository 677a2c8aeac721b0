package warden.checks.run_as_user_test

import data.warden.checks.run_as_user
import data.warden.lib.fixtures as fx

test_pod_uid_zero_found if {
	res := run_as_user.deny with input as fx.one(fx.wrap("Job", fx.pod({"securityContext": {"runAsUser": 0}})))
	count(res) == 1
	some f in res
	f.check == "K8S-011"
	f.resource == 0
	f.path == ["spec", "template", "spec", "securityContext", "runAsUser"]
	f.msg == "Job payments/payments-api runs as UID 0 (below 1)"
}

test_container_uid_zero_init_ephemeral if {
	c := fx.container({"securityContext": {"runAsUser": 0}})
	res := run_as_user.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	fx.paths(res) == {
		["spec", "initContainers", 0, "securityContext", "runAsUser"],
		["spec", "ephemeralContainers", 0, "securityContext", "runAsUser"],
	}
}

test_min_uid_param if {
	count(run_as_user.deny) == 1 with input as fx.one(fx.wrap("Deployment", fx.pod({"securityContext": {"runAsUser": 1000}})))
		with data.warden.params as {"K8S-011": {"minUid": 10000}}
}

test_clean_passes if {
	count(run_as_user.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
