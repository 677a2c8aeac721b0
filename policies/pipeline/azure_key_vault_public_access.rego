# METADATA
# title: Key Vault is not reachable from public networks
# description: >-
#   A vault with public network access accepts connections from the internet, guarded only by its
#   authentication; disabled, it is reachable only through private endpoints (and trusted Azure
#   services where allowed).
# custom:
#   id: AZ-002
#   severity: medium
#   stride: [I, S]
#   aliases:
#     checkov: CKV_AZURE_189
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `publicNetworkAccess: 'Disabled'` (ARM/Bicep) or `public_network_access_enabled = false`
#     (azurerm) and reach the vault through a private endpoint.
package warden.checks.azure_key_vault_public_access

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.source == "arm"
	res.type == "microsoft.keyvault/vaults"
	v := pipeline.prop(res, ["publicNetworkAccess"], "Enabled")
	not pipeline.arm_expression(v)
	not disabled(v)
	msg := sprintf("Key Vault %s allows public network access", [res.name])
	finding := k8s.finding("AZ-002", "medium", msg, res.index, array.concat(res.path, ["publicNetworkAccess"]))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_key_vault"
	pipeline.prop(res, ["public_network_access_enabled"], true) != false
	msg := sprintf("Key Vault %s allows public network access", [res.name])
	finding := k8s.finding("AZ-002", "medium", msg, res.index, array.concat(res.path, ["public_network_access_enabled"]))
}

disabled(v) if {
	is_string(v)
	lower(v) == "disabled"
}
