package warden.checks.resource_requests_test

import data.warden.checks.resource_requests
import data.warden.lib.fixtures as fx

test_missing_requests_found if {
	c := fx.container_without("/resources/requests")
	res := resource_requests.deny with input as fx.one(fx.wrap("StatefulSet", fx.pod_with(c)))
	count(res) == 2
	fx.ids(res) == {"K8S-033"}
	fx.paths(res) == {["spec", "template", "spec", "containers", 0, "resources", "requests"]}
	some f in res
	f.resource == 0
	f.msg == "Container \"app\" of StatefulSet payments/payments-api has no cpu requests"
}

test_init_checked_ephemeral_skipped if {
	c := fx.container_without("/resources/requests/memory")
	res := resource_requests.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	fx.paths(res) == {["spec", "initContainers", 0, "resources", "requests", "memory"]}
}

test_clean_passes if {
	count(resource_requests.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
