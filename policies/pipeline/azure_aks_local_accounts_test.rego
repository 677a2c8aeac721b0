package warden.checks.azure_aks_local_accounts_test

import data.warden.checks.azure_aks_local_accounts as check
import data.warden.lib.pipeline_fixtures as fx

test_local_accounts_found if {
	res := check.deny with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "properties": {"disableLocalAccounts": false}}])
	count(res) == 1
	some f in res
	f.path == ["spec", "resources", 0, "properties", "disableLocalAccounts"]
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "values": {}}])
}

test_disabled_passes if {
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "properties": {"disableLocalAccounts": true}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "values": {"local_account_disabled": true}}])
}
