package warden.checks.high_user_ids_test

import data.warden.checks.high_user_ids
import data.warden.lib.fixtures as fx

test_pod_level_ids_pass if {
	count(high_user_ids.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}

test_unset_ids_found_per_field if {
	pod := json.patch(fx.good_pod, [{"op": "remove", "path": "/securityContext/runAsUser"}, {"op": "remove", "path": "/securityContext/runAsGroup"}])
	res := high_user_ids.deny with input as fx.one(fx.wrap("StatefulSet", pod))
	fx.paths(res) == {
		["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"],
		["spec", "template", "spec", "containers", 0, "securityContext", "runAsGroup"],
	}
	some f in res
	f.msg == "Container \"app\" of StatefulSet payments/payments-api sets no runAsUser: it runs as the image's UID (set UID of 10000 or more)"
}

test_low_pod_uid_points_at_pod if {
	res := high_user_ids.deny with input as fx.one(fx.wrap("Pod", fx.pod({"securityContext": {"runAsUser": 1000}})))
	count(res) == 1
	some f in res
	f.path == ["spec", "securityContext", "runAsUser"]
	f.msg == "Container \"app\" of Pod payments/payments-api runs with UID 1000 (below 10000)"
}

test_container_overrides_pod if {
	c := fx.container({"securityContext": {"runAsGroup": 20000, "runAsUser": 999}})
	res := high_user_ids.deny with input as fx.one(fx.wrap("Job", fx.pod_with(c)))
	fx.paths(res) == {["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"]}
}

test_params_lower_the_threshold if {
	count(high_user_ids.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.pod({"securityContext": {"runAsUser": 1000, "runAsGroup": 1000}})))
		with data.warden.params as {"K8S-069": {"minUid": 1000, "minGid": 1000}}
}

test_init_checked_ephemeral_skipped if {
	c := fx.container({"securityContext": {"runAsUser": 5}})
	res := high_user_ids.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	fx.paths(res) == {["spec", "initContainers", 0, "securityContext", "runAsUser"]}
}
