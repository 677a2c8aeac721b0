# METADATA
# title: Key Vault soft delete is not disabled
# description: >-
#   Soft delete keeps deleted vaults, keys and secrets recoverable for a retention period; a
#   template that disables it (older API versions allowed it) turns a mistaken or malicious
#   delete into permanent loss. Purge protection (AZ-001) builds on it.
# custom:
#   id: AZ-007
#   severity: high
#   stride: [D, T]
#   aliases:
#     checkov: CKV_AZURE_111
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Remove `enableSoftDelete: false` (ARM/Bicep; soft delete is on by default), keep
#     `softDeleteRetentionInDays` at 7 or more; azurerm always enables it
#     (`soft_delete_retention_days` 7 to 90).
package warden.checks.azure_key_vault_soft_delete

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.keyvault/vaults"
	pipeline.prop(res, ["enableSoftDelete"], true) == false
	msg := sprintf("Key Vault %s disables soft delete: deleted secrets and keys cannot be recovered", [res.name])
	finding := k8s.finding("AZ-007", "high", msg, res.index, array.concat(res.path, ["enableSoftDelete"]))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type in {"microsoft.keyvault/vaults", "azurerm_key_vault"}
	some field in ["softDeleteRetentionInDays", "soft_delete_retention_days"]
	days := pipeline.prop(res, [field], 90)
	is_number(days)
	days < 7
	msg := sprintf("Key Vault %s keeps deleted items %v days, below the 7-day minimum", [res.name, days])
	finding := k8s.finding("AZ-007", "high", msg, res.index, array.concat(res.path, [field]))
}
