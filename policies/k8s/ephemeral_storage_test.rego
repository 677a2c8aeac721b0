package warden.checks.ephemeral_storage_test

import data.warden.checks.ephemeral_storage
import data.warden.lib.fixtures as fx

test_missing_found if {
	c := fx.container_without("/resources/limits/ephemeral-storage")
	res := ephemeral_storage.deny with input as fx.one(fx.wrap("Job", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-034"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "resources", "limits", "ephemeral-storage"]
}

test_clean_passes if {
	count(ephemeral_storage.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
