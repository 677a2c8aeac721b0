# METADATA
# title: No secrets in ENV or ARG
# description: >-
#   ENV values are stored in the image's configuration and ARG values in its build history; anyone
#   who can pull the image can read them (`docker history`, `docker inspect`). A variable named like
#   a credential (password, secret, token, API or access key, connection string) does not belong
#   there.
# custom:
#   id: DKR-004
#   severity: high
#   stride: [I]
#   aliases:
#     trivy: DS031
#   resources: [Dockerfile]
#   remediation: >-
#     Use a BuildKit secret mount (`RUN --mount=type=secret,id=npmrc ...`) at build time and inject
#     credentials at run time (Key Vault, workload identity), never through ENV or ARG.
package warden.checks.docker_secrets

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some i in pipeline.instructions
	i.ins.instruction in {"ENV", "ARG"}
	some name in names(i.ins)
	secret_name(name)
	msg := sprintf("%s %s looks like a secret: it is readable by anyone who can pull the image", [i.ins.instruction, name])
	finding := k8s.finding("DKR-004", "high", msg, i.index, array.concat(i.path, ["value"]))
}

# `ENV A=1 B=2`, `ENV A 1`, `ARG A`, `ARG A=1`: the variable names.
names(ins) := {split(a, "=")[0] | some a in ins.args; contains(a, "=")} if contains(ins.args[0], "=")

names(ins) := {ins.args[0]} if not contains(ins.args[0], "=")

secret_name(name) if regex.match(`(?i)(passw(or)?d|secret|token|api_?key|access_?key|private_?key|credential|conn(ection)?_?str)`, name)
