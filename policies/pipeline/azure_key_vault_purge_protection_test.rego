package warden.checks.azure_key_vault_purge_protection_test

import data.warden.checks.azure_key_vault_purge_protection as check
import data.warden.lib.pipeline_fixtures as fx

test_arm_missing_and_false_found if {
	res := check.deny with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {"enablePurgeProtection": false}}])
	count(res) == 1
	some f in res
	f.path == ["spec", "resources", 0, "properties", "enablePurgeProtection"]
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {}}])
}

test_terraform_found_and_enabled_passes if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"purge_protection_enabled": false}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"purge_protection_enabled": true}}])
}

test_enabled_and_expression_pass if {
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "properties": {"enablePurgeProtection": true}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "properties": {"enablePurgeProtection": "[parameters('purge')]"}}])
}
