package warden.checks.docker_package_cache_test

import data.warden.checks.docker_package_cache
import data.warden.lib.pipeline_fixtures as fx

test_apt_and_apk_found if {
	res := docker_package_cache.deny with input as fx.dockerfile([["FROM", "debian:12"], ["RUN", "apt-get update && apt-get install -y curl"]])
	count(res) == 1
	some f in res
	f.path == ["spec", "instructions", 1, "value"]
	count(docker_package_cache.deny) == 1 with input as fx.dockerfile([["FROM", "alpine:3.20"], ["RUN", "apk add curl"]])
}

test_pip_and_dnf_found if {
	count(docker_package_cache.deny) == 2 with input as fx.dockerfile([["FROM", "fedora:41"], ["RUN", "dnf install -y python3"], ["RUN", "pip install flask"]])
}

test_cleaned_or_cache_mount_pass if {
	pairs := [
		["FROM", "debian:12"],
		["RUN", "apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*"],
		["RUN", "apk add --no-cache curl"],
		["RUN", "pip install --no-cache-dir flask"],
		["RUN", "dnf install -y x && dnf clean all"],
		["RUN", "apt-get install -y curl", {"mount": "type=cache,target=/var/cache/apt"}],
	]
	count(docker_package_cache.deny) == 0 with input as fx.dockerfile(pairs)
}
