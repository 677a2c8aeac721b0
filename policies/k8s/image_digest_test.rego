package warden.checks.image_digest_test

import data.warden.checks.image_digest
import data.warden.lib.fixtures as fx

test_tag_only_found if {
	res := image_digest.deny with input as fx.one(fx.wrap("DaemonSet", fx.pod_with(fx.container({"image": "contoso.azurecr.io/agent:2.1"}))))
	count(res) == 1
	some f in res
	f.check == "K8S-029"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "image"]
}

test_init_and_ephemeral if {
	count(image_digest.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(fx.container({"image": "busybox:1.36"}))))
}

test_clean_passes if {
	count(image_digest.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
