package warden.checks.seccomp_test

import data.warden.checks.seccomp
import data.warden.lib.fixtures as fx

test_unconfined_pod_found if {
	spec := fx.pod({"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	res := seccomp.deny with input as fx.one(fx.wrap("CronJob", spec))
	count(res) == 1
	some f in res
	f.check == "K8S-019"
	f.resource == 0
	f.path == ["spec", "jobTemplate", "spec", "template", "spec", "securityContext", "seccompProfile", "type"]
}

test_missing_everywhere_found if {
	spec := json.patch(fx.good_pod, [{"op": "remove", "path": "/securityContext/seccompProfile"}])
	res := seccomp.deny with input as fx.one(fx.wrap("Deployment", spec))
	count(res) == 1
	some f in res
	f.path == ["spec", "template", "spec", "securityContext", "seccompProfile"]
}

test_container_profile_suffices if {
	spec := json.patch(fx.good_pod, [{"op": "remove", "path": "/securityContext/seccompProfile"}])
	c := fx.container({"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}})
	count(seccomp.deny) == 0 with input as fx.one(fx.wrap("Deployment", object.union(spec, {"containers": [c]})))
}

test_unconfined_init_and_ephemeral if {
	c := fx.container({"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	res := seccomp.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	fx.paths(res) == {
		["spec", "initContainers", 0, "securityContext", "seccompProfile", "type"],
		["spec", "ephemeralContainers", 0, "securityContext", "seccompProfile", "type"],
	}
}

test_clean_passes if {
	count(seccomp.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
