package warden.checks.azure_aks_defender_test

import data.warden.checks.azure_aks_defender as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {}}])
	some f in check.deny with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {"securityProfile": {"defender": {"securityMonitoring": {"enabled": false}}}}}])
	f.path == ["spec", "resources", 0, "properties", "securityProfile", "defender", "securityMonitoring", "enabled"]
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {"securityProfile": {"defender": {"securityMonitoring": {"enabled": true}}}}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "name": "aks", "values": {"microsoft_defender": []}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_kubernetes_cluster", "name": "aks", "values": {"microsoft_defender": [{"log_analytics_workspace_id": "/subscriptions/x"}]}}])
}
