package warden.checks.azure_cosmos_local_auth_test

import data.warden.checks.azure_cosmos_local_auth as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.DocumentDB/databaseAccounts", "name": "cosmos", "properties": {}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.DocumentDB/databaseAccounts", "name": "cosmos", "properties": {"disableLocalAuth": true}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_cosmosdb_account", "name": "cosmos", "values": {"local_authentication_disabled": false}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_cosmosdb_account", "name": "cosmos", "values": {"local_authentication_disabled": true}}])
}
