# METADATA
# title: ConfigMaps must not hold credentials
# description: >-
#   ConfigMaps are readable by anyone with configmap read access, are not encrypted at rest by
#   default and end up in Git and logs. Keys that name credentials, or values that look like
#   private keys or connection strings with passwords, belong in a Secret or Key Vault.
# custom:
#   id: K8S-037
#   severity: high
#   stride: [I]
#   aliases:
#     trivy: KSV-0109, KSV-01010
#     kubescape: C-0012
#     polaris: sensitiveConfigmapContent
#   resources: [ConfigMap]
#   remediation: >-
#     Move the value into a Secret (or Azure Key Vault with the Secrets Store CSI driver).
package warden.checks.configmap_secrets

import data.warden.lib.k8s

key_words := ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "private_key", "private-key", "access_key", "credential"]

value_markers := ["-----BEGIN", "PRIVATE KEY", "AccountKey=", "SharedAccessKey=", "Password="]

sensitive_key(key) if {
	some word in key_words
	contains(lower(key), word)
}

sensitive_value(value) if {
	some marker in value_markers
	contains(value, marker)
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "ConfigMap"
	some key, value in object.get(r, "data", {})
	reason := why(key, value)
	msg := sprintf("%s key %s %s", [k8s.display(r), key, reason])
	finding := k8s.finding("K8S-037", "high", msg, i, ["data", key])
}

why(key, _) := "is named like a credential" if sensitive_key(key)

why(key, value) := "holds a value that looks like a credential" if {
	not sensitive_key(key)
	sensitive_value(value)
}
