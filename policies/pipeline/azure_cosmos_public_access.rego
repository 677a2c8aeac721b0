# METADATA
# title: Cosmos DB is not reachable from the public internet
# description: >-
#   A Cosmos DB account with public network access answers from any address allowed by its
#   (often empty) IP rules; with private endpoints only, stolen credentials cannot be used from
#   outside the network.
# custom:
#   id: AZ-016
#   severity: high
#   stride: [I]
#   aliases:
#     checkov: CKV_AZURE_101
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `publicNetworkAccess: 'Disabled'` with a private endpoint (ARM/Bicep) or
#     `public_network_access_enabled = false` (azurerm).
package warden.checks.azure_cosmos_public_access

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.documentdb/databaseaccounts"
	v := pipeline.prop(res, ["publicNetworkAccess"], "Enabled")
	not pipeline.arm_expression(v)
	not disabled(v)
	msg := sprintf("Cosmos DB account %s allows public network access", [res.name])
	finding := k8s.finding("AZ-016", "high", msg, res.index, array.concat(res.path, ["publicNetworkAccess"]))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_cosmosdb_account"
	pipeline.prop(res, ["public_network_access_enabled"], true) != false
	msg := sprintf("Cosmos DB account %s allows public network access", [res.name])
	finding := k8s.finding("AZ-016", "high", msg, res.index, array.concat(res.path, ["public_network_access_enabled"]))
}

disabled(v) if {
	is_string(v)
	lower(v) == "disabled"
}
