# METADATA
# title: AKS local accounts are disabled
# description: >-
#   With local accounts enabled, `az aks get-credentials --admin` hands out a static cluster-admin
#   certificate that bypasses Entra ID, its MFA and conditional access, and Kubernetes RBAC audit by
#   user.
# custom:
#   id: AZ-004
#   severity: high
#   stride: [S, E, R]
#   aliases:
#     checkov: CKV_AZURE_141
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `disableLocalAccounts: true` (ARM/Bicep) or `local_account_disabled = true` (azurerm), with
#     Entra ID integration and Azure RBAC.
package warden.checks.azure_aks_local_accounts

import data.warden.lib.k8s
import data.warden.lib.pipeline

field := {"arm": "disableLocalAccounts", "terraform": "local_account_disabled"}

types := {"microsoft.containerservice/managedclusters", "azurerm_kubernetes_cluster"}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type in types
	v := pipeline.prop(res, [field[res.source]], false)
	not pipeline.arm_expression(v)
	v != true
	msg := sprintf("AKS cluster %s keeps local accounts enabled", [res.name])
	finding := k8s.finding("AZ-004", "high", msg, res.index, array.concat(res.path, [field[res.source]]))
}
