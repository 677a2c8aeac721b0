package warden.checks.azure_app_gateway_tls_test

import data.warden.checks.azure_app_gateway_tls as check
import data.warden.lib.pipeline_fixtures as fx

test_arm if {
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {}}])
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {"sslPolicy": {"policyType": "Predefined", "policyName": "AppGwSslPolicy20150501"}}}])
	count(check.deny) == 1 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {"sslPolicy": {"policyType": "Custom", "minProtocolVersion": "TLSv1_1"}}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {"sslPolicy": {"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101S"}}}])
	count(check.deny) == 0 with input as fx.arm([{"type": "Microsoft.Network/applicationGateways", "name": "agw", "properties": {"sslPolicy": {"policyType": "Predefined", "policyName": "AppGwSslPolicy20170401S"}}}])
}

test_terraform if {
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_application_gateway", "name": "agw", "values": {"ssl_policy": []}}])
	count(check.deny) == 1 with input as fx.tfplan([{"type": "azurerm_application_gateway", "name": "agw", "values": {"ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20170401"}]}}])
	count(check.deny) == 0 with input as fx.tfplan([{"type": "azurerm_application_gateway", "name": "agw", "values": {"ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20220101"}]}}])
}
