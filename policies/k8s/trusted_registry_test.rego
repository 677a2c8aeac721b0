package warden.checks.trusted_registry_test

import data.warden.checks.trusted_registry
import data.warden.lib.fixtures as fx

params := {"K8S-030": {"registries": ["contoso.azurecr.io"]}}

with_image(image) := fx.pod_with(fx.container({"image": image}))

test_foreign_registry_found if {
	res := trusted_registry.deny with input as fx.one(fx.wrap("Deployment", with_image("ghcr.io/evil/miner:1.0")))
		with data.warden.params as params
	count(res) == 1
	some f in res
	f.check == "K8S-030"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "image"]
	f.msg == "Container \"app\" of Deployment payments/payments-api image ghcr.io/evil/miner:1.0 is not from a trusted registry (contoso.azurecr.io)"
}

test_prefix_lookalike_rejected if {
	count(trusted_registry.deny) == 1 with input as fx.one(fx.wrap("Pod", with_image("contoso.azurecr.io.evil.com/api:1")))
		with data.warden.params as params
}

test_docker_hub_without_params if {
	count(trusted_registry.deny) == 1 with input as fx.one(fx.wrap("Pod", with_image("nginx:1.25")))
	count(trusted_registry.deny) == 0 with input as fx.one(fx.wrap("Pod", with_image("mcr.microsoft.com/oss/nginx:1.25")))
}

test_init_and_ephemeral if {
	count(trusted_registry.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(fx.container({"image": "docker.io/library/busybox:1"}))))
		with data.warden.params as params
}

test_clean_passes if {
	count(trusted_registry.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod)) with data.warden.params as params
}

img(i) := fx.wrap("Deployment", fx.pod_with(fx.container({"image": i})))

test_host_pattern_trusts_suffix if {
	params := {"K8S-030": {"registries": ["*.azurecr.io"]}}
	count(trusted_registry.deny) == 0 with input as fx.one(img("contoso.azurecr.io/shop/api:1.0")) with data.warden.params as params
	count(trusted_registry.deny) == 1 with input as fx.one(img("azurecr.io.evil.example/shop/api:1.0")) with data.warden.params as params
	count(trusted_registry.deny) == 1 with input as fx.one(img("shop/azurecr.io:1.0")) with data.warden.params as params
}
