package warden.checks.probes_test

import data.warden.checks.probes
import data.warden.lib.fixtures as fx

no_probes := object.remove(fx.good_container, ["livenessProbe", "readinessProbe"])

test_missing_probes_found if {
	res := probes.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(no_probes)))
	fx.ids(res) == {"K8S-035"}
	{f.resource | some f in res} == {0}
	fx.paths(res) == {
		["spec", "template", "spec", "containers", 0, "livenessProbe"],
		["spec", "template", "spec", "containers", 0, "readinessProbe"],
	}
}

test_jobs_and_side_containers_exempt if {
	count(probes.deny) == 0 with input as fx.one(fx.wrap("CronJob", fx.pod_with(no_probes)))
	count(probes.deny) == 0 with input as fx.one(fx.wrap("Job", fx.pod_with(no_probes)))
	count(probes.deny) == 0 with input as fx.one(fx.wrap("Pod", fx.side_containers(no_probes)))
}

test_clean_passes if {
	count(probes.deny) == 0 with input as fx.one(fx.wrap("DaemonSet", fx.good_pod))
}
