# METADATA
# title: Application Gateway negotiates TLS 1.2 or later
# description: >-
#   The gateway terminates internet TLS; without an explicit SSL policy, or with a predefined
#   policy from 2015 or 2017 (not 2017-04-01S), it still accepts TLS 1.0 and 1.1 and their weak
#   ciphers.
# custom:
#   id: AZ-014
#   severity: medium
#   stride: [I, T]
#   aliases:
#     checkov: CKV_AZURE_218
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Set `sslPolicy: { policyType: 'Predefined', policyName: 'AppGwSslPolicy20220101S' }` or a
#     custom policy with `minProtocolVersion: 'TLSv1_2'` (ARM/Bicep); `ssl_policy { policy_type =
#     "Predefined", policy_name = "AppGwSslPolicy20220101S" }` (azurerm).
package warden.checks.azure_app_gateway_tls

import data.warden.lib.k8s
import data.warden.lib.pipeline

gateway_types := {"microsoft.network/applicationgateways", "azurerm_application_gateway"}

# Predefined policies that still allow TLS 1.0 or 1.1.
weak_policies := {"appgwsslpolicy20150501", "appgwsslpolicy20170401"}

weak_versions := {"tlsv1_0", "tlsv1_1"}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type in gateway_types
	count(ssl_policy(res)) == 0
	msg := sprintf("Application Gateway %s sets no SSL policy: its default accepts TLS 1.0 and 1.1", [res.name])
	finding := k8s.finding("AZ-014", "medium", msg, res.index, res.path)
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type in gateway_types
	policy := ssl_policy(res)
	some field in ["policyName", "policy_name"]
	name := object.get(policy, field, "")
	is_string(name)
	not pipeline.arm_expression(name)
	lower(name) in weak_policies
	msg := sprintf("Application Gateway %s uses SSL policy %s, which accepts TLS 1.0 and 1.1", [res.name, name])
	finding := k8s.finding("AZ-014", "medium", msg, res.index, array.concat(res.path, array.concat(policy_path(res), [field])))
}

deny contains finding if {
	some res in pipeline.azure_resources
	res.type in gateway_types
	policy := ssl_policy(res)
	some field in ["minProtocolVersion", "min_protocol_version"]
	version := object.get(policy, field, "")
	is_string(version)
	lower(version) in weak_versions
	msg := sprintf("Application Gateway %s accepts %s", [res.name, version])
	finding := k8s.finding("AZ-014", "medium", msg, res.index, array.concat(res.path, array.concat(policy_path(res), [field])))
}

ssl_policy(res) := pipeline.prop(res, ["sslPolicy"], {}) if res.source == "arm"

ssl_policy(res) := pipeline.block(res, "ssl_policy") if res.source == "terraform"

policy_path(res) := ["sslPolicy"] if res.source == "arm"

policy_path(res) := ["ssl_policy", 0] if res.source == "terraform"
