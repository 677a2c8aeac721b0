# METADATA
# title: AKS authorizes Kubernetes access with Azure RBAC
# description: >-
#   With Entra ID authentication but Kubernetes RBAC only, cluster permissions are RoleBindings
#   inside the cluster, invisible to Azure role reviews and PIM; Azure RBAC for Kubernetes
#   authorization grants them as Azure role assignments, reviewed and time-bound like the rest.
# custom:
#   id: AZ-010
#   severity: medium
#   stride: [E, R]
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `aadProfile: { managed: true, enableAzureRBAC: true }` (ARM/Bicep) or
#     `azure_active_directory_role_based_access_control { azure_rbac_enabled = true }` (azurerm).
package warden.checks.azure_aks_azure_rbac

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.containerservice/managedclusters"
	v := pipeline.prop(res, ["aadProfile", "enableAzureRBAC"], false)
	not pipeline.arm_expression(v)
	v != true
	msg := sprintf("AKS cluster %s does not authorize with Azure RBAC", [res.name])
	finding := k8s.finding("AZ-010", "medium", msg, res.index, array.concat(res.path, arm_path(res)))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_kubernetes_cluster"
	not tf_enabled(res)
	msg := sprintf("AKS cluster %s does not authorize with Azure RBAC", [res.name])
	finding := k8s.finding("AZ-010", "medium", msg, res.index, array.concat(res.path, ["azure_active_directory_role_based_access_control"]))
}

arm_path(res) := pipeline.present_path(res, ["aadProfile", "enableAzureRBAC"])

tf_enabled(res) if {
	some block in pipeline.prop(res, ["azure_active_directory_role_based_access_control"], [])
	block.azure_rbac_enabled == true
}
