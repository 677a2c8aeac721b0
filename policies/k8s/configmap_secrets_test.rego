package warden.checks.configmap_secrets_test

import data.warden.checks.configmap_secrets

cm(entries) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "api-config", "namespace": "payments"}, "data": entries}

test_credential_key_and_value_found if {
	res := configmap_secrets.deny with input as {"resources": [cm({"LOG_LEVEL": "info"}), cm({
		"DB_PASSWORD": "hunter2",
		"storage": "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc==",
		"PORT": "8080",
	})]}
	{f.check | some f in res} == {"K8S-037"}
	{f.resource | some f in res} == {1}
	{f.path | some f in res} == {["data", "DB_PASSWORD"], ["data", "storage"]}
}

test_clean_passes if {
	count(configmap_secrets.deny) == 0 with input as {"resources": [cm({"LOG_LEVEL": "info", "FEATURE_FLAGS": "a,b"})]}
}
