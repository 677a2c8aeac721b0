package warden.checks.azure_key_vault_rbac_test

import data.warden.checks.azure_key_vault_rbac as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {}}])
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {"enableRbacAuthorization": false}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {"enableRbacAuthorization": true}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {"enableRbacAuthorization": "[parameters('rbac')]"}}])
}

test_terraform_both_names if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"enable_rbac_authorization": false}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"enable_rbac_authorization": true}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"rbac_authorization_enabled": true}}])
	some f in check.deny with input as fx.tfplan([{"type": "azurerm_key_vault", "name": "kv", "values": {"rbac_authorization_enabled": false}}])
	f.path[count(f.path) - 1] == "rbac_authorization_enabled"
}
