package warden.checks.root_group_test

import data.warden.checks.root_group
import data.warden.lib.fixtures as fx

test_pod_groups_found if {
	spec := fx.pod({"securityContext": {"runAsGroup": 0, "fsGroup": 0, "supplementalGroups": [2000, 0]}})
	res := root_group.deny with input as fx.one(fx.wrap("ReplicationController", spec))
	fx.ids(res) == {"K8S-012"}
	{f.resource | some f in res} == {0}
	fx.paths(res) == {
		["spec", "template", "spec", "securityContext", "runAsGroup"],
		["spec", "template", "spec", "securityContext", "fsGroup"],
		["spec", "template", "spec", "securityContext", "supplementalGroups", 1],
	}
}

test_container_group_found_init_ephemeral if {
	c := fx.container({"securityContext": {"runAsGroup": 0}})
	count(root_group.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(root_group.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
