package warden.checks.docker_latest_tag_test

import data.warden.checks.docker_latest_tag
import data.warden.lib.pipeline_fixtures as fx

test_latest_and_untagged_found if {
	count(docker_latest_tag.deny) == 1 with input as fx.dockerfile([["FROM", "node:latest"]])
	count(docker_latest_tag.deny) == 1 with input as fx.dockerfile([["FROM", "ubuntu"]])
}

test_registry_port_is_not_a_tag if {
	count(docker_latest_tag.deny) == 1 with input as fx.dockerfile([["FROM", "registry.local:5000/app"]])
	count(docker_latest_tag.deny) == 0 with input as fx.dockerfile([["FROM", "registry.local:5000/app:1.2"]])
}

test_version_digest_stage_and_arg_pass if {
	pairs := [["FROM", "node:22 AS build"], ["FROM", "build"], ["FROM", "alpine@sha256:abc"], ["FROM", "${BASE}"]]
	count(docker_latest_tag.deny) == 0 with input as fx.dockerfile(pairs)
}
