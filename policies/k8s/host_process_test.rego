package warden.checks.host_process_test

import data.warden.checks.host_process
import data.warden.lib.fixtures as fx

hp := {"windowsOptions": {"hostProcess": true}}

test_pod_level_found if {
	spec := fx.pod({"securityContext": hp})
	res := host_process.deny with input as fx.one(fx.wrap("Job", spec))
	count(res) == 1
	some f in res
	f.check == "K8S-007"
	f.resource == 0
	f.path == ["spec", "template", "spec", "securityContext", "windowsOptions", "hostProcess"]
}

test_container_levels_found if {
	res := host_process.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(fx.container({"securityContext": hp}))))
	fx.paths(res) == {
		["spec", "initContainers", 0, "securityContext", "windowsOptions", "hostProcess"],
		["spec", "ephemeralContainers", 0, "securityContext", "windowsOptions", "hostProcess"],
	}
}

test_clean_passes if {
	count(host_process.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
