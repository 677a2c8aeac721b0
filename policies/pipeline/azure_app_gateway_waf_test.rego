package warden.checks.azure_app_gateway_waf_test

import data.warden.checks.azure_app_gateway_waf as check
import data.warden.lib.pipeline_fixtures as fx

test_arm_gateway if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {}}])
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {"webApplicationFirewallConfiguration": {"enabled": true, "firewallMode": "Detection"}}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {"webApplicationFirewallConfiguration": {"enabled": true, "firewallMode": "Prevention"}}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {"firewallPolicy": {"id": "[resourceId('x')]"}}}])
}

test_arm_policy if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies", "name": "waf", "properties": {"policySettings": {"state": "Enabled", "mode": "Detection"}}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies", "name": "waf", "properties": {"policySettings": {"state": "Enabled", "mode": "Prevention"}}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_application_gateway", "name": "agw", "values": {"waf_configuration": [{"enabled": true, "firewall_mode": "Detection"}]}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_application_gateway", "name": "agw", "values": {"waf_configuration": [{"enabled": true, "firewall_mode": "Prevention"}]}}])
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_web_application_firewall_policy", "name": "waf", "values": {"policy_settings": [{"enabled": true, "mode": "Detection"}]}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_web_application_firewall_policy", "name": "waf", "values": {"policy_settings": [{"enabled": true, "mode": "Prevention"}]}}])
}
