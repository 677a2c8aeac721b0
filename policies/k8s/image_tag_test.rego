package warden.checks.image_tag_test

import data.warden.checks.image_tag
import data.warden.lib.fixtures as fx

with_image(image) := fx.pod_with(fx.container({"image": image}))

test_latest_found if {
	res := image_tag.deny with input as fx.one(fx.wrap("Deployment", with_image("contoso.azurecr.io/api:latest")))
	count(res) == 1
	some f in res
	f.check == "K8S-028"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "image"]
	f.msg == "Container \"app\" of Deployment payments/payments-api image contoso.azurecr.io/api:latest uses the latest tag"
}

test_untagged_with_port_registry_found if {
	count(image_tag.deny) == 1 with input as fx.one(fx.wrap("Pod", with_image("registry.local:5000/api")))
}

test_digest_without_tag_passes if {
	count(image_tag.deny) == 0 with input as fx.one(fx.wrap("Pod", with_image(sprintf("contoso.azurecr.io/api@%s", [fx.digest]))))
}

test_init_and_ephemeral if {
	count(image_tag.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(fx.container({"image": "busybox"}))))
}

test_clean_passes if {
	count(image_tag.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
