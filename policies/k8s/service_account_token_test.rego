package warden.checks.service_account_token_test

import data.warden.checks.service_account_token
import data.warden.lib.fixtures as fx

silent := object.remove(fx.good_pod, ["automountServiceAccountToken"])

sa(automount) := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "payments-api", "namespace": "payments"}, "automountServiceAccountToken": automount}

test_explicit_true_found if {
	res := service_account_token.deny with input as fx.one(fx.wrap("Deployment", fx.pod({"automountServiceAccountToken": true})))
	count(res) == 1
	some f in res
	f.check == "K8S-026"
	f.resource == 0
	f.path == ["spec", "template", "spec", "automountServiceAccountToken"]
}

test_silent_found_unless_service_account_opts_out if {
	res := service_account_token.deny with input as {"resources": [sa(true), fx.wrap("CronJob", silent)]}
	some f in res
	f.resource == 1
	f.path == ["spec", "jobTemplate", "spec", "template", "spec", "automountServiceAccountToken"]
	count(service_account_token.deny) == 0 with input as {"resources": [sa(false), fx.wrap("CronJob", silent)]}
}

test_clean_passes if {
	count(service_account_token.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
