package warden.checks.dashboard_tiller_test

import data.warden.checks.dashboard_tiller
import data.warden.lib.fixtures as fx

test_dashboard_found if {
	c := fx.container({"image": "docker.io/kubernetesui/dashboard:v2.7.0"})
	res := dashboard_tiller.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-042"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "image"]
}

test_tiller_found if {
	c := fx.container({"image": "gcr.io/kubernetes-helm/tiller:v2.16.1"})
	count(dashboard_tiller.deny) == 1 with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
}

test_clean_passes if {
	count(dashboard_tiller.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
