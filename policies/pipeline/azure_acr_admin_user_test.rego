package warden.checks.azure_acr_admin_user_test

import data.warden.checks.azure_acr_admin_user as check
import data.warden.lib.pipeline_fixtures as fx

test_admin_user_found if {
	res := check.deny with input as fx.arm([{"type": "Microsoft.ContainerRegistry/registries", "name": "contoso", "properties": {"adminUserEnabled": true}}])
	count(res) == 1
	some f in res
	f.path == ["spec", "resources", 0, "properties", "adminUserEnabled"]
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_container_registry", "values": {"admin_enabled": true}}])
}

test_disabled_or_default_passes if {
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerRegistry/registries", "properties": {}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_container_registry", "values": {"admin_enabled": false}}])
}
