# METADATA
# title: AKS API server is private
# description: >-
#   A public API server endpoint is reachable from the internet, guarded by authentication and, at
#   best, authorized IP ranges; a private cluster exposes it only inside the virtual network.
# custom:
#   id: AZ-005
#   severity: medium
#   stride: [I, S]
#   aliases:
#     checkov: CKV_AZURE_115
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `apiServerAccessProfile.enablePrivateCluster: true` (ARM/Bicep) or
#     `private_cluster_enabled = true` (azurerm).
package warden.checks.azure_aks_private_cluster

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.containerservice/managedclusters"
	v := pipeline.prop(res, ["apiServerAccessProfile", "enablePrivateCluster"], false)
	not pipeline.arm_expression(v)
	v != true
	msg := sprintf("AKS cluster %s exposes a public API server endpoint", [res.name])
	finding := k8s.finding("AZ-005", "medium", msg, res.index, array.concat(res.path, ["apiServerAccessProfile", "enablePrivateCluster"]))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_kubernetes_cluster"
	pipeline.prop(res, ["private_cluster_enabled"], false) != true
	msg := sprintf("AKS cluster %s exposes a public API server endpoint", [res.name])
	finding := k8s.finding("AZ-005", "medium", msg, res.index, array.concat(res.path, ["private_cluster_enabled"]))
}
