package warden.checks.azure_aks_azure_rbac_test

import data.warden.checks.azure_aks_azure_rbac as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {"aadProfile": {"managed": true}}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {"aadProfile": {"managed": true, "enableAzureRBAC": true}}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "name": "aks", "values": {}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "name": "aks", "values": {"azure_active_directory_role_based_access_control": [{"azure_rbac_enabled": true}]}}])
}
