package warden.checks.resource_limits_test

import data.warden.checks.resource_limits
import data.warden.lib.fixtures as fx

test_missing_memory_found_in_every_kind if {
	c := fx.container_without("/resources/limits/memory")
	every kind in fx.kinds {
		res := resource_limits.deny with input as fx.one(fx.wrap(kind, fx.pod_with(c)))
		count(res) == 1
		some f in res
		f.check == "K8S-032"
		f.resource == 0
		f.path == array.concat(fx.spec_path[kind], ["containers", 0, "resources", "limits", "memory"])
	}
}

test_no_resources_points_at_container if {
	c := object.remove(fx.good_container, ["resources"])
	res := resource_limits.deny with input as fx.one(fx.wrap("Pod", fx.pod_with(c)))
	fx.paths(res) == {["spec", "containers", 0, "resources"]}
	count(res) == 2
}

test_init_checked_ephemeral_skipped if {
	c := object.remove(fx.good_container, ["resources"])
	res := resource_limits.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	fx.paths(res) == {["spec", "initContainers", 0, "resources"]}
}

test_clean_passes if {
	count(resource_limits.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
