package warden.checks.secret_env_test

import data.warden.checks.secret_env
import data.warden.lib.fixtures as fx

c := fx.container({
	"env": [
		{"name": "LOG_LEVEL", "value": "info"},
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
		{"name": "STRIPE_API_KEY", "value": "sk_live_123"},
	],
	"envFrom": [{"configMapRef": {"name": "cfg"}}, {"secretRef": {"name": "all-secrets"}}],
})

test_all_three_forms_found if {
	res := secret_env.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(c)))
	fx.ids(res) == {"K8S-036"}
	{f.resource | some f in res} == {0}
	fx.paths(res) == {
		["spec", "template", "spec", "containers", 0, "env", 1, "valueFrom", "secretKeyRef"],
		["spec", "template", "spec", "containers", 0, "env", 2, "value"],
		["spec", "template", "spec", "containers", 0, "envFrom", 1, "secretRef"],
	}
}

test_init_and_ephemeral if {
	count(secret_env.deny) == 6 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_passes if {
	count(secret_env.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}

test_references_to_secrets_are_not_secrets if {
	refs := fx.container({"env": [{"name": "SECRETS_DIR", "value": "/mnt/secrets"}, {"name": "token_file", "value": "/var/run/token"}]})
	count(secret_env.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.pod_with(refs)))
}
