package warden.checks.deprecated_api_test

import data.warden.checks.deprecated_api
import data.warden.lib.fixtures as fx

test_removed_version_found if {
	old := json.patch(fx.wrap("CronJob", fx.good_pod), [{"op": "replace", "path": "/apiVersion", "value": "batch/v1beta1"}])
	res := deprecated_api.deny with input as {"resources": [fx.wrap("Deployment", fx.good_pod), old]}
	count(res) == 1
	some f in res
	f.check == "K8S-041"
	f.resource == 1
	f.path == ["apiVersion"]
	f.msg == "CronJob payments/payments-api uses batch/v1beta1, removed in Kubernetes 1.25 (use batch/v1)"
}

test_current_versions_pass if {
	count(deprecated_api.deny) == 0 with input as {"resources": [fx.wrap("CronJob", fx.good_pod), fx.default_deny("payments")]}
}
