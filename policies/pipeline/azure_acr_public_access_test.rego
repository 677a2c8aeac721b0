package warden.checks.azure_acr_public_access_test

import data.warden.checks.azure_acr_public_access as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.ContainerRegistry/registries", "name": "acr", "properties": {}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerRegistry/registries", "name": "acr", "properties": {"publicNetworkAccess": "Disabled"}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_container_registry", "name": "acr", "values": {}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_container_registry", "name": "acr", "values": {"public_network_access_enabled": false}}])
}
