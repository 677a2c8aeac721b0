package warden.checks.docker_non_root_test

import data.warden.checks.docker_non_root
import data.warden.lib.pipeline_fixtures as fx

test_no_user_found_at_final_from if {
	res := docker_non_root.deny with input as fx.dockerfile([["FROM", "golang:1.23 AS build"], ["USER", "app"], ["FROM", "alpine:3.20"], ["CMD", "x"]])
	count(res) == 1
	some f in res
	f.path == ["spec", "stages", 1]
}

test_root_user_found if {
	res := docker_non_root.deny with input as fx.dockerfile([["FROM", "alpine:3.20"], ["USER", "10001"], ["USER", "0:0"]])
	count(res) == 1
	some f in res
	f.path == ["spec", "instructions", 2, "value"]
}

test_non_root_final_user_passes if {
	count(docker_non_root.deny) == 0 with input as fx.dockerfile([["FROM", "alpine:3.20"], ["USER", "root"], ["RUN", "make"], ["USER", "10001:10001"]])
}

test_user_inherited_from_earlier_stage if {
	count(docker_non_root.deny) == 0 with input as fx.dockerfile([["FROM", "alpine:3.20 AS base"], ["USER", "10001"], ["FROM", "base"], ["CMD", "x"]])
	res := docker_non_root.deny with input as fx.dockerfile([["FROM", "alpine:3.20 AS base"], ["USER", "root"], ["FROM", "base"]])
	count(res) == 1
	some f in res
	f.path == ["spec", "stages", 1]
}
