package warden.checks.azure_aks_private_cluster_test

import data.warden.checks.azure_aks_private_cluster as check
import data.warden.lib.pipeline_fixtures as fx

test_public_api_found if {
	res := check.deny with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "properties": {}}])
	count(res) == 1
	some f in res
	f.path == ["spec", "resources", 0, "properties", "apiServerAccessProfile", "enablePrivateCluster"]
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "values": {"private_cluster_enabled": false}}])
}

test_private_passes if {
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "properties": {"apiServerAccessProfile": {"enablePrivateCluster": true}}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "values": {"private_cluster_enabled": true}}])
}
