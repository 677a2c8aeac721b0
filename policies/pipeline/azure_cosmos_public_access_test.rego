package warden.checks.azure_cosmos_public_access_test

import data.warden.checks.azure_cosmos_public_access as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.DocumentDB/databaseAccounts", "name": "cosmos", "properties": {"publicNetworkAccess": "Enabled"}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.DocumentDB/databaseAccounts", "name": "cosmos", "properties": {"publicNetworkAccess": "Disabled"}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_cosmosdb_account", "name": "cosmos", "values": {}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_cosmosdb_account", "name": "cosmos", "values": {"public_network_access_enabled": false}}])
}
