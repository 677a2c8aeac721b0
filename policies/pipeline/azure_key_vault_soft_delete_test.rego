package warden.checks.azure_key_vault_soft_delete_test

import data.warden.checks.azure_key_vault_soft_delete as check
import data.warden.lib.pipeline_fixtures as fx

test_disabled_found if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {"enableSoftDelete": false}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {"enableSoftDelete": true, "softDeleteRetentionInDays": 90}}])
}

test_retention if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"soft_delete_retention_days": 3}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"soft_delete_retention_days": 7}}])
}
