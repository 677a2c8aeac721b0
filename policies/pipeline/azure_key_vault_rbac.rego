# METADATA
# title: Key Vault authorizes data access with Azure RBAC
# description: >-
#   With access policies, data-plane permissions live inside each vault, outside Entra ID
#   Privileged Identity Management and the subscription's role assignments; Azure RBAC puts
#   secret, key and certificate access under the same reviewed, auditable role model as the rest
#   of the platform.
# custom:
#   id: AZ-006
#   severity: medium
#   stride: [E, R]
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `enableRbacAuthorization: true` (ARM/Bicep) or `enable_rbac_authorization = true`
#     (azurerm 3.x; `rbac_authorization_enabled` in 4.x).
package warden.checks.azure_key_vault_rbac

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.keyvault/vaults"
	v := pipeline.prop(res, ["enableRbacAuthorization"], false)
	not pipeline.arm_expression(v)
	v != true
	msg := sprintf("Key Vault %s authorizes data access with access policies, not Azure RBAC", [res.name])
	finding := k8s.finding("AZ-006", "medium", msg, res.index, array.concat(res.path, ["enableRbacAuthorization"]))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_key_vault"
	not pipeline.prop(res, ["enable_rbac_authorization"], false) == true
	not pipeline.prop(res, ["rbac_authorization_enabled"], false) == true
	field := tf_field(res)
	msg := sprintf("Key Vault %s authorizes data access with access policies, not Azure RBAC", [res.name])
	finding := k8s.finding("AZ-006", "medium", msg, res.index, array.concat(res.path, [field]))
}

# The field the plan uses (4.x renamed it); the 3.x name when neither is there.
tf_field(res) := "rbac_authorization_enabled" if object.get(res.props, "rbac_authorization_enabled", null) != null

tf_field(res) := "enable_rbac_authorization" if object.get(res.props, "rbac_authorization_enabled", null) == null
