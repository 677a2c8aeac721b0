package warden.checks.default_service_account_test

import data.warden.checks.default_service_account
import data.warden.lib.fixtures as fx

test_missing_found if {
	res := default_service_account.deny with input as fx.one(fx.wrap("ReplicationController", object.remove(fx.good_pod, ["serviceAccountName"])))
	count(res) == 1
	some f in res
	f.check == "K8S-027"
	f.resource == 0
	f.path == ["spec", "template", "spec", "serviceAccountName"]
}

test_explicit_default_and_deprecated_field if {
	count(default_service_account.deny) == 1 with input as fx.one(fx.wrap("Pod", fx.pod({"serviceAccountName": "default"})))
	some f in default_service_account.deny with input as fx.one(fx.wrap("Pod", fx.pod({"serviceAccount": "api"})))
	f.path == ["spec", "serviceAccount"]
}

test_clean_passes if {
	count(default_service_account.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
