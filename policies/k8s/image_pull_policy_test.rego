package warden.checks.image_pull_policy_test

import data.warden.checks.image_pull_policy
import data.warden.lib.fixtures as fx

test_if_not_present_found if {
	res := image_pull_policy.deny with input as fx.one(fx.wrap("Job", fx.pod_with(fx.container({"imagePullPolicy": "IfNotPresent"}))))
	count(res) == 1
	some f in res
	f.check == "K8S-031"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "imagePullPolicy"]
}

test_missing_found_init_ephemeral if {
	c := object.remove(fx.good_container, ["imagePullPolicy"])
	count(image_pull_policy.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(image_pull_policy.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
