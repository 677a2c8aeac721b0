# METADATA
# title: Secrets must not be passed as environment variables
# description: >-
#   Environment variables leak into logs, crash dumps, `kubectl describe`, child processes and
#   /proc/<pid>/environ. Mount secrets as files (or fetch them from Key Vault via the CSI driver)
#   and never put credential literals in `env[].value`.
# custom:
#   id: K8S-036
#   severity: medium
#   stride: [I]
#   aliases:
#     checkov: CKV_K8S_35
#     kube-linter: env-var-secret, read-secret-from-env-var
#     polaris: sensitiveContainerEnvVar
#     kubesec: SecretsAsEnvironmentVariables
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Mount the Secret as a volume (or use the Secrets Store CSI driver) and read it from a file.
package warden.checks.secret_env

import data.warden.lib.k8s

sensitive_words := ["password", "passwd", "secret", "token", "apikey", "api_key", "private_key", "access_key", "credential", "connectionstring", "connection_string"]

sensitive_name(name) if {
	some word in sensitive_words
	contains(lower(name), word)
}

deny contains finding if {
	some c in k8s.containers
	some j, env in object.get(c.container, "env", [])
	env.valueFrom.secretKeyRef
	msg := sprintf("%s reads secret %s into environment variable %s", [k8s.container_display(c), env.valueFrom.secretKeyRef.name, env.name])
	finding := k8s.finding("K8S-036", "medium", msg, c.index, array.concat(c.path, ["env", j, "valueFrom", "secretKeyRef"]))
}

deny contains finding if {
	some c in k8s.containers
	some j, env in object.get(c.container, "envFrom", [])
	env.secretRef
	msg := sprintf("%s loads secret %s into its environment (envFrom)", [k8s.container_display(c), env.secretRef.name])
	finding := k8s.finding("K8S-036", "medium", msg, c.index, array.concat(c.path, ["envFrom", j, "secretRef"]))
}

# Names that point at a secret rather than hold one (SECRETS_DIR, TOKEN_FILE, KEYVAULT_SECRET_NAME).
reference_suffixes := ["_DIR", "_PATH", "_FILE", "_NAME", "_URL", "_URI", "_ENDPOINT", "_HOST"]

is_reference(name) if {
	some suffix in reference_suffixes
	endswith(upper(name), suffix)
}

deny contains finding if {
	some c in k8s.containers
	some j, env in object.get(c.container, "env", [])
	sensitive_name(env.name)
	not is_reference(env.name)
	is_string(env.value)
	env.value != ""
	msg := sprintf("%s sets environment variable %s to a literal that looks like a credential", [k8s.container_display(c), env.name])
	finding := k8s.finding("K8S-036", "medium", msg, c.index, array.concat(c.path, ["env", j, "value"]))
}
