package warden.checks.run_as_non_root_test

import data.warden.checks.run_as_non_root
import data.warden.lib.fixtures as fx

no_pod_setting := fx.pod({"securityContext": {"runAsNonRoot": false}})

test_container_false_found if {
	c := fx.container({"securityContext": {"runAsNonRoot": false}})
	res := run_as_non_root.deny with input as fx.one(fx.wrap("StatefulSet", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-010"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "runAsNonRoot"]
}

test_pod_false_and_container_silent_points_at_pod if {
	c := object.remove(fx.good_container, ["securityContext"])
	spec := object.union(no_pod_setting, {"containers": [c]})
	some f in run_as_non_root.deny with input as fx.one(fx.wrap("Pod", spec))
	f.path == ["spec", "securityContext", "runAsNonRoot"]
}

test_nothing_set_points_at_container if {
	c := object.remove(fx.good_container, ["securityContext"])
	spec := object.union(fx.pod({"securityContext": {"runAsUser": 1000}}), {"containers": [c]})
	spec2 := json.patch(spec, [{"op": "remove", "path": "/securityContext/runAsNonRoot"}])
	some f in run_as_non_root.deny with input as fx.one(fx.wrap("Pod", spec2))
	f.path == ["spec", "containers", 0, "securityContext"]
}

test_container_true_overrides_pod_false if {
	count(run_as_non_root.deny) == 0 with input as fx.one(fx.wrap("Deployment", no_pod_setting))
}

test_init_and_ephemeral if {
	c := fx.container({"securityContext": {"runAsNonRoot": false}})
	res := run_as_non_root.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	count(res) == 2
}

test_clean_passes if {
	count(run_as_non_root.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
