# METADATA
# title: Application Gateway WAF blocks in prevention mode
# description: >-
#   An Application Gateway without a Web Application Firewall, or with one in detection mode,
#   passes SQL injection, XSS and protocol attacks to the backends and only logs them; the edge
#   the model relies on to filter internet traffic filters nothing.
# custom:
#   id: AZ-013
#   severity: high
#   stride: [T, I, D]
#   aliases:
#     checkov: CKV_AZURE_122
#   resources: [ArmTemplate, TerraformPlan]
#   remediation: >-
#     Attach a WAF policy with `policySettings: { state: 'Enabled', mode: 'Prevention' }` (or
#     `webApplicationFirewallConfiguration: { enabled: true, firewallMode: 'Prevention' }`) on a
#     WAF_v2 gateway (ARM/Bicep); `waf_configuration { enabled = true, firewall_mode =
#     "Prevention" }` or a `azurerm_web_application_firewall_policy` with `policy_settings { mode
#     = "Prevention" }` (azurerm).
package warden.checks.azure_app_gateway_waf

import data.warden.lib.k8s
import data.warden.lib.pipeline

gateway_types := {"microsoft.network/applicationgateways", "azurerm_application_gateway"}

policy_types := {"microsoft.network/applicationgatewaywebapplicationfirewallpolicies", "azurerm_web_application_firewall_policy"}

# A gateway without its own WAF settings and without a firewall policy: no WAF at all.
deny contains finding if {
	some res in pipeline.azure_resources
	res.type in gateway_types
	not has_policy(res)
	not has_config(res)
	msg := sprintf("Application Gateway %s has no Web Application Firewall", [res.name])
	finding := k8s.finding("AZ-013", "high", msg, res.index, res.path)
}

# Its own WAF settings, not enabled in prevention mode (a firewall policy, when attached, decides).
deny contains finding if {
	some res in pipeline.azure_resources
	res.type in gateway_types
	not has_policy(res)
	some field, value in config_settings(res)
	not pipeline.arm_expression(value)
	weak(field, value)
	msg := sprintf("Application Gateway %s WAF %s is %v, not blocking attacks", [res.name, field, value])
	finding := k8s.finding("AZ-013", "high", msg, res.index, array.concat(res.path, config_path(res, field)))
}

# A WAF policy in detection mode or disabled.
deny contains finding if {
	some res in pipeline.azure_resources
	res.type in policy_types
	some field, value in policy_settings(res)
	not pipeline.arm_expression(value)
	weak(field, value)
	msg := sprintf("WAF policy %s %s is %v, not blocking attacks", [res.name, field, value])
	finding := k8s.finding("AZ-013", "high", msg, res.index, array.concat(res.path, policy_path(res, field)))
}

has_policy(res) if pipeline.prop(res, ["firewallPolicy", "id"], null) != null

has_policy(res) if pipeline.prop(res, ["firewall_policy_id"], null) != null

has_config(res) if pipeline.prop(res, ["webApplicationFirewallConfiguration"], null) != null

has_config(res) if count(pipeline.prop(res, ["waf_configuration"], [])) > 0

config_settings(res) := {"enabled": object.get(c, "enabled", false), "firewallMode": object.get(c, "firewallMode", "Detection")} if {
	c := pipeline.prop(res, ["webApplicationFirewallConfiguration"], null)
	c != null
}

config_settings(res) := {"enabled": object.get(c, "enabled", false), "firewall_mode": object.get(c, "firewall_mode", "Detection")} if {
	res.source == "terraform"
	count(pipeline.prop(res, ["waf_configuration"], [])) > 0
	c := pipeline.block(res, "waf_configuration")
}

config_path(res, field) := ["webApplicationFirewallConfiguration", field] if res.source == "arm"

config_path(res, field) := ["waf_configuration", 0, field] if res.source == "terraform"

policy_settings(res) := {"state": object.get(s, "state", "Enabled"), "mode": object.get(s, "mode", "Detection")} if {
	res.source == "arm"
	s := pipeline.prop(res, ["policySettings"], {})
}

policy_settings(res) := {"enabled": object.get(s, "enabled", true), "mode": object.get(s, "mode", "Prevention")} if {
	res.source == "terraform"
	s := object.union({"enabled": true, "mode": "Prevention"}, pipeline.block(res, "policy_settings"))
}

policy_path(res, field) := ["policySettings", field] if res.source == "arm"

policy_path(res, field) := ["policy_settings", 0, field] if res.source == "terraform"

weak(field, value) if {
	field in {"enabled"}
	value != true
}

weak("state", value) if lower(value) != "enabled"

weak(field, value) if {
	field in {"firewallMode", "firewall_mode", "mode"}
	lower(value) != "prevention"
}
