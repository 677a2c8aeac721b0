# METADATA
# title: AKS has a network policy engine
# description: >-
#   Without a network policy engine (Azure, Calico or Cilium) the cluster accepts NetworkPolicy
#   objects and enforces none of them: every pod can reach every other, whatever the manifests
#   say. Unlike Checkov's CKV_AZURE_7, which asks only that the setting be present, `none` is a
#   finding.
# custom:
#   id: AZ-011
#   severity: high
#   stride: [I, E]
#   aliases:
#     checkov: CKV_AZURE_7
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `networkProfile.networkPolicy` to `azure`, `calico` or `cilium` (ARM/Bicep) or
#     `network_profile { network_policy = "..." }` (azurerm).
package warden.checks.azure_aks_network_policy

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "microsoft.containerservice/managedclusters"
	v := pipeline.prop(res, ["networkProfile", "networkPolicy"], "none")
	not pipeline.arm_expression(v)
	no_engine(v)
	msg := sprintf("AKS cluster %s has no network policy engine: NetworkPolicies are not enforced", [res.name])
	finding := k8s.finding("AZ-011", "high", msg, res.index, array.concat(res.path, arm_path(res)))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type == "azurerm_kubernetes_cluster"
	not tf_engine(res)
	msg := sprintf("AKS cluster %s has no network policy engine: NetworkPolicies are not enforced", [res.name])
	finding := k8s.finding("AZ-011", "high", msg, res.index, array.concat(res.path, ["network_profile"]))
}

no_engine(v) if not is_string(v)

no_engine(v) if lower(v) in {"", "none"}

arm_path(res) := pipeline.present_path(res, ["networkProfile", "networkPolicy"])

tf_engine(res) if {
	some block in pipeline.prop(res, ["network_profile"], [])
	is_string(block.network_policy)
	not lower(block.network_policy) in {"", "none"}
}
