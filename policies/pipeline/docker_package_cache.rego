# METADATA
# title: Package manager caches stay out of the image
# description: >-
#   `apt-get install` without removing /var/lib/apt/lists, `apk add` without `--no-cache`,
#   `pip install` without `--no-cache-dir` and `yum`/`dnf install` without `clean all` leave package
#   indexes and downloads in the layer: larger images, and stale metadata a scanner reads as
#   installed software. A BuildKit cache mount (`RUN --mount=type=cache`) keeps them out too.
# custom:
#   id: DKR-006
#   severity: low
#   stride: [D]
#   aliases:
#     trivy: DS025, DS015, DS019
#   resources: [Dockerfile]
#   remediation: >-
#     `apt-get install -y --no-install-recommends ... && rm -rf /var/lib/apt/lists/*`,
#     `apk add --no-cache`, `pip install --no-cache-dir`, `dnf install -y ... && dnf clean all`.
package warden.checks.docker_package_cache

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some i in pipeline.instructions
	i.ins.instruction == "RUN"
	not cache_mount(i.ins)
	some tool in leaves_cache(i.ins.value)
	msg := sprintf("RUN %s leaves its package cache in the layer", [tool])
	finding := k8s.finding("DKR-006", "low", msg, i.index, array.concat(i.path, ["value"]))
}

cache_mount(ins) if contains(object.get(ins.flags, "mount", ""), "type=cache")

leaves_cache(script) := {tool |
	some tool, rule in rules
	regex.match(rule.uses, script)
	not regex.match(rule.cleans, script)
}

rules := {
	"apt-get install": {"uses": `apt(-get)?\s+(-\S+\s+)*install`, "cleans": `rm\s+-[a-z]*r[a-z]*f?\s+[^;&|]*/var/lib/apt/lists`},
	"apk add": {"uses": `apk\s+(-\S+\s+)*add`, "cleans": `apk\s+(-\S+\s+)*add\s+(\S+\s+)*--no-cache|apk\s+--no-cache`},
	"pip install": {"uses": `pip3?\s+(-\S+\s+)*install`, "cleans": `--no-cache-dir|PIP_NO_CACHE_DIR`},
	"yum/dnf install": {"uses": `(yum|dnf|microdnf)\s+(-\S+\s+)*install`, "cleans": `(yum|dnf|microdnf)\s+clean\s+all`},
}
