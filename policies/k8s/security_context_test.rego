package warden.checks.security_context_test

import data.warden.checks.security_context
import data.warden.lib.fixtures as fx

test_missing_pod_and_container_found if {
	spec := object.union(object.remove(fx.good_pod, ["securityContext"]), {"containers": [object.union(fx.container_without("/securityContext"), {"securityContext": {}})]})
	res := security_context.deny with input as fx.one(fx.wrap("Job", spec))
	fx.ids(res) == {"K8S-045"}
	{f.resource | some f in res} == {0}
	fx.paths(res) == {["spec", "template", "spec", "securityContext"], ["spec", "template", "spec", "containers", 0, "securityContext"]}
}

test_init_and_ephemeral if {
	c := object.remove(fx.good_container, ["securityContext"])
	count(security_context.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(security_context.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
