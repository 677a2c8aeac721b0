# METADATA
# title: Cosmos DB accepts Entra ID tokens only
# description: >-
#   Cosmos DB account keys grant full data access to whoever holds them, never expire on their
#   own and bypass Entra ID conditional access and auditing of identities; disabling local
#   authentication leaves only Entra ID identities with data-plane roles.
# custom:
#   id: AZ-015
#   severity: high
#   stride: [S, I]
#   aliases:
#     checkov: CKV_AZURE_140
#     psrule: Azure.Cosmos.DisableLocalAuth
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `disableLocalAuth: true` (ARM/Bicep) or `local_authentication_disabled = true`
#     (azurerm), and grant workloads Cosmos DB data-plane roles.
package warden.checks.azure_cosmos_local_auth

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.documentdb/databaseaccounts"
	v := pipeline.prop(res, ["disableLocalAuth"], false)
	not pipeline.arm_expression(v)
	v != true
	msg := sprintf("Cosmos DB account %s accepts account keys (local authentication)", [res.name])
	finding := k8s.finding("AZ-015", "high", msg, res.index, array.concat(res.path, ["disableLocalAuth"]))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_cosmosdb_account"
	pipeline.prop(res, ["local_authentication_disabled"], false) != true
	msg := sprintf("Cosmos DB account %s accepts account keys (local authentication)", [res.name])
	finding := k8s.finding("AZ-015", "high", msg, res.index, array.concat(res.path, ["local_authentication_disabled"]))
}
