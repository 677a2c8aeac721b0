package warden.checks.docker_secrets_test

import data.warden.checks.docker_secrets
import data.warden.lib.pipeline_fixtures as fx

test_env_password_found if {
	res := docker_secrets.deny with input as fx.dockerfile([["FROM", "alpine:3.20"], ["ENV", "MODE=prod DB_PASSWORD=changeme"]])
	count(res) == 1
	some f in res
	f.path == ["spec", "instructions", 1, "value"]
}

test_arg_token_and_legacy_env_found if {
	count(docker_secrets.deny) == 2 with input as fx.dockerfile([["ARG", "NPM_TOKEN"], ["FROM", "alpine:3.20"], ["ENV", "API_KEY abc"]])
}

test_plain_variables_pass if {
	count(docker_secrets.deny) == 0 with input as fx.dockerfile([["FROM", "alpine:3.20"], ["ENV", "NODE_ENV=production PORT=8080"], ["ARG", "VERSION=1"]])
}
