# METADATA
# title: Container registry admin user is disabled
# description: >-
#   The ACR admin user is one shared username and password with push and pull rights on the whole
#   registry, outside Entra ID: it cannot be scoped, audited per person or protected by conditional
#   access. Pipelines and clusters should use managed identities or tokens instead.
# custom:
#   id: AZ-003
#   severity: high
#   stride: [S, E]
#   aliases:
#     checkov: CKV_AZURE_137
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `adminUserEnabled: false` (ARM/Bicep) or `admin_enabled = false` (azurerm); give the
#     pipeline AcrPush and the cluster's kubelet identity AcrPull.
package warden.checks.azure_acr_admin_user

import data.warden.lib.k8s
import data.warden.lib.pipeline

field := {"arm": "adminUserEnabled", "terraform": "admin_enabled"}

types := {"microsoft.containerregistry/registries", "azurerm_container_registry"}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type in types
	pipeline.prop(res, [field[res.source]], false) == true
	msg := sprintf("container registry %s enables the admin user", [res.name])
	finding := k8s.finding("AZ-003", "high", msg, res.index, array.concat(res.path, [field[res.source]]))
}
