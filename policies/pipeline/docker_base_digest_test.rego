package warden.checks.docker_base_digest_test

import data.warden.checks.docker_base_digest
import data.warden.lib.pipeline_fixtures as fx

test_tag_only_found if {
	res := docker_base_digest.deny with input as fx.dockerfile([["FROM", "node:22"]])
	count(res) == 1
	some f in res
	f.path == ["spec", "instructions", 0, "value"]
}

test_earlier_stage_and_scratch_pass if {
	pairs := [["FROM", "node:22@sha256:abc AS build"], ["FROM", "build AS test"], ["FROM", "scratch"]]
	count(docker_base_digest.deny) == 0 with input as fx.dockerfile(pairs)
}

test_each_unpinned_stage_found if {
	count(docker_base_digest.deny) == 2 with input as fx.dockerfile([["FROM", "node:22 AS a"], ["FROM", "alpine:3.20"]])
}
