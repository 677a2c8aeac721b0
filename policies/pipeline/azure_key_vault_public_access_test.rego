package warden.checks.azure_key_vault_public_access_test

import data.warden.checks.azure_key_vault_public_access as check
import data.warden.lib.pipeline_fixtures as fx

test_arm_default_and_enabled_found if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "properties": {}}])
	res := check.deny with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "Enabled"}}])
	some f in res
	f.path == ["spec", "resources", 0, "properties", "publicNetworkAccess"]
}

test_terraform_default_found if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_key_vault", "values": {}}])
}

test_disabled_passes if {
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "disabled"}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_key_vault", "values": {"public_network_access_enabled": false}}])
}
