package warden.checks.docker_add_url_test

import data.warden.checks.docker_add_url
import data.warden.lib.pipeline_fixtures as fx

test_https_and_git_found if {
	res := docker_add_url.deny with input as fx.dockerfile([["FROM", "alpine:3.20"], ["ADD", "https://example.com/a.tgz /opt/"]])
	count(res) == 1
	some f in res
	f.path == ["spec", "instructions", 1, "value"]
	count(docker_add_url.deny) == 1 with input as fx.dockerfile([["FROM", "alpine:3.20"], ["ADD", "git@github.com:o/r.git /src"]])
}

test_checksum_and_local_pass if {
	count(docker_add_url.deny) == 0 with input as fx.dockerfile([["FROM", "alpine:3.20"], ["ADD", "https://example.com/a.tgz /opt/", {"checksum": "sha256:abc"}]])
	count(docker_add_url.deny) == 0 with input as fx.dockerfile([["FROM", "alpine:3.20"], ["ADD", "rootfs.tar.gz /"]])
}
