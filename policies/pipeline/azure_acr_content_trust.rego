# METADATA
# title: Container registry enforces content trust
# description: >-
#   Without content trust a registry serves unsigned images as readily as signed ones, so a
#   pushed or replaced tag reaches the cluster unverified; with it, clients can require the
#   publisher's signature.
# custom:
#   id: AZ-009
#   severity: medium
#   stride: [T]
#   aliases:
#     checkov: CKV_AZURE_164
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `policies.trustPolicy.status: 'enabled'` (ARM/Bicep; Premium SKU) or
#     `trust_policy_enabled = true` (azurerm 4.x; `trust_policy { enabled = true }` in 3.x).
package warden.checks.azure_acr_content_trust

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.containerregistry/registries"
	v := pipeline.prop(res, ["policies", "trustPolicy", "status"], "disabled")
	not pipeline.arm_expression(v)
	not enabled(v)
	msg := sprintf("container registry %s does not enforce content trust", [res.name])
	finding := k8s.finding("AZ-009", "medium", msg, res.index, array.concat(res.path, arm_path(res)))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_container_registry"
	not pipeline.prop(res, ["trust_policy_enabled"], false) == true
	not block_enabled(res)
	msg := sprintf("container registry %s does not enforce content trust", [res.name])
	finding := k8s.finding("AZ-009", "medium", msg, res.index, array.concat(res.path, [tf_field(res)]))
}

enabled(v) if {
	is_string(v)
	lower(v) == "enabled"
}

arm_path(res) := pipeline.present_path(res, ["policies", "trustPolicy", "status"])

# azurerm 3.x: trust_policy { enabled = true }, a block (a list of one object in the plan).
block_enabled(res) if {
	some block in pipeline.prop(res, ["trust_policy"], [])
	block.enabled == true
}

tf_field(res) := "trust_policy" if pipeline.prop(res, ["trust_policy"], null) != null

tf_field(res) := "trust_policy_enabled" if pipeline.prop(res, ["trust_policy"], null) == null
