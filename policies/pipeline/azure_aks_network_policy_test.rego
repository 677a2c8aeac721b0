package warden.checks.azure_aks_network_policy_test

import data.warden.checks.azure_aks_network_policy as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {"networkProfile": {"networkPlugin": "azure"}}}])
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {"networkProfile": {"networkPolicy": "cilium"}}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "name": "aks", "values": {"network_profile": [{"network_plugin": "azure", "network_policy": null}]}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "name": "aks", "values": {"network_profile": [{"network_policy": "calico"}]}}])
}
