# METADATA
# title: Container registry is not reachable from the public internet
# description: >-
#   A registry with public network access answers pulls and pushes from anywhere, guarded only
#   by credentials; with private endpoints only, a leaked token is useless outside the network
#   and the supply chain has one less entry point.
# custom:
#   id: AZ-008
#   severity: medium
#   stride: [I, T]
#   aliases:
#     checkov: CKV_AZURE_139
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `publicNetworkAccess: 'Disabled'` with a private endpoint (ARM/Bicep; Premium SKU) or
#     `public_network_access_enabled = false` (azurerm).
package warden.checks.azure_acr_public_access

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.containerregistry/registries"
	v := pipeline.prop(res, ["publicNetworkAccess"], "Enabled")
	not pipeline.arm_expression(v)
	not disabled(v)
	msg := sprintf("container registry %s allows public network access", [res.name])
	finding := k8s.finding("AZ-008", "medium", msg, res.index, array.concat(res.path, ["publicNetworkAccess"]))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_container_registry"
	pipeline.prop(res, ["public_network_access_enabled"], true) != false
	msg := sprintf("container registry %s allows public network access", [res.name])
	finding := k8s.finding("AZ-008", "medium", msg, res.index, array.concat(res.path, ["public_network_access_enabled"]))
}

disabled(v) if {
	is_string(v)
	lower(v) == "disabled"
}
