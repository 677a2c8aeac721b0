# METADATA
# title: Key Vault purge protection is enabled
# description: >-
#   Without purge protection a deleted vault or key can be purged at once, by mistake or by an
#   attacker with the right role, taking every secret and key with it; with it, deleted items stay
#   recoverable for the retention period and cannot be purged.
# custom:
#   id: AZ-001
#   severity: high
#   stride: [D, T]
#   aliases:
#     checkov: CKV_AZURE_110
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `enablePurgeProtection: true` (ARM/Bicep) or `purge_protection_enabled = true` (azurerm).
package warden.checks.azure_key_vault_purge_protection

import data.warden.lib.k8s
import data.warden.lib.pipeline

field := {"arm": "enablePurgeProtection", "terraform": "purge_protection_enabled"}

types := {"microsoft.keyvault/vaults", "azurerm_key_vault"}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type in types
	v := pipeline.prop(res, [field[res.source]], false)
	not pipeline.arm_expression(v)
	v != true
	msg := sprintf("Key Vault %s does not enable purge protection", [res.name])
	finding := k8s.finding("AZ-001", "high", msg, res.index, array.concat(res.path, [field[res.source]]))
}
