# METADATA
# title: AKS runs Microsoft Defender for Containers
# description: >-
#   Defender's sensor on the nodes reports runtime threats (crypto miners, reverse shells,
#   privilege escalation attempts) and feeds vulnerability assessment; without it, an intrusion
#   that passed every admission check goes unseen.
# custom:
#   id: AZ-012
#   severity: medium
#   stride: [R, E]
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `securityProfile.defender.securityMonitoring.enabled: true` with a Log Analytics
#     workspace (ARM/Bicep) or a `microsoft_defender { log_analytics_workspace_id = ... }` block
#     (azurerm).
package warden.checks.azure_aks_defender

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.containerservice/managedclusters"
	v := pipeline.prop(res, ["securityProfile", "defender", "securityMonitoring", "enabled"], false)
	not pipeline.arm_expression(v)
	v != true
	msg := sprintf("AKS cluster %s does not run Microsoft Defender for Containers", [res.name])
	finding := k8s.finding("AZ-012", "medium", msg, res.index, array.concat(res.path, arm_path(res)))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_kubernetes_cluster"
	count(pipeline.prop(res, ["microsoft_defender"], [])) == 0
	msg := sprintf("AKS cluster %s does not run Microsoft Defender for Containers", [res.name])
	finding := k8s.finding("AZ-012", "medium", msg, res.index, array.concat(res.path, ["microsoft_defender"]))
}

arm_path(res) := pipeline.present_path(res, ["securityProfile", "defender", "securityMonitoring", "enabled"])
