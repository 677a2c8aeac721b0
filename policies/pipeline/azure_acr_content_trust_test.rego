package warden.checks.azure_acr_content_trust_test

import data.warden.checks.azure_acr_content_trust as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.ContainerRegistry/registries", "name": "acr", "properties": {}}])
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.ContainerRegistry/registries", "name": "acr", "properties": {"policies": {"trustPolicy": {"status": "disabled"}}}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerRegistry/registries", "name": "acr", "properties": {"policies": {"trustPolicy": {"type": "Notary", "status": "enabled"}}}}])
}

test_terraform_both_forms if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_container_registry", "name": "acr", "values": {}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_container_registry", "name": "acr", "values": {"trust_policy_enabled": true}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_container_registry", "name": "acr", "values": {"trust_policy": [{"enabled": true}]}}])
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_container_registry", "name": "acr", "values": {"trust_policy": [{"enabled": false}]}}])
}
