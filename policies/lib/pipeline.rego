# METADATA
# title: Warden pipeline helpers
# description: >-
#   Shared helpers for the checks on GitHub Actions workflows and Dockerfiles (policies/pipeline).
#   `warden check` gives each such file as one resource of kind GitHubWorkflow or Dockerfile whose
#   `spec` is the file's content (src/check/sources): a workflow as its YAML value, a Dockerfile as
#   `instructions` ({instruction, value, args, flags, stage, json}) and `stages` ({image, name,
#   instruction}).
package warden.lib.pipeline

# --- workflows --------------------------------------------------------------------------------

# Every workflow: {"index", "spec"}.
workflows contains {"index": i, "spec": r.spec} if {
	some i, r in input.resources
	r.kind == "GitHubWorkflow"
	is_object(r.spec)
}

# Every job: {"index", "id", "job", "path"} (path inside the resource).
jobs contains {"index": w.index, "id": id, "job": job, "path": ["spec", "jobs", id]} if {
	some w in workflows
	some id, job in object.get(w.spec, "jobs", {})
	is_object(job)
}

# Every step: {"index", "job", "step", "path"}.
steps contains {"index": j.index, "job": j, "step": step, "path": array.concat(j.path, ["steps", k])} if {
	some j in jobs
	some k, step in object.get(j.job, "steps", [])
	is_object(step)
}

# The action a step uses, lower-cased and without its ref: "azure/login".
action(step) := lower(split(step.uses, "@")[0]) if is_string(step.uses)

# The triggers of a workflow as a set of event names (`on` as a string, a list or a mapping).
triggers(spec) := {spec.on} if is_string(spec.on)

triggers(spec) := {t | some t in spec.on} if is_array(spec.on)

triggers(spec) := {t | some t, _ in spec.on} if is_object(spec.on)

# Steps that log in to a cloud with an OIDC token (no stored secret needed).
oidc_login_actions := {
	"azure/login", "aws-actions/configure-aws-credentials", "google-github-actions/auth",
	"sigstore/cosign-installer", "actions/attest-build-provenance", "actions/attest",
	"actions/attest-sbom", "hashicorp/vault-action",
}

# The permissions in force for a job: its own, else the workflow's; undefined when neither is set.
effective_permissions(j) := j.job.permissions

effective_permissions(j) := wf.permissions if {
	not "permissions" in object.keys(j.job)
	some w in workflows
	w.index == j.index
	wf := w.spec
	"permissions" in object.keys(wf)
}

grants(perms, _, level) if perms == sprintf("%s-all", [level])

grants(perms, scope, level) if {
	is_object(perms)
	perms[scope] == level
}

# --- Dockerfiles ------------------------------------------------------------------------------

dockerfiles contains {"index": i, "spec": r.spec} if {
	some i, r in input.resources
	r.kind == "Dockerfile"
	is_object(r.spec)
}

# Every instruction: {"index", "k", "ins", "path"}.
instructions contains {"index": d.index, "k": k, "ins": ins, "path": ["spec", "instructions", k]} if {
	some d in dockerfiles
	some k, ins in d.spec.instructions
}

# The last stage of a Dockerfile (the image that is shipped).
final_stage(d) := count(d.spec.stages) - 1

# --- Azure infrastructure as code ---------------------------------------------------------------

# Every Azure resource of an ARM template (top level of `resources`) or a Terraform plan (planned
# values of the root module and its direct child modules): {"index", "source", "type", "name",
# "props", "path"}, where `type` is lower-case and `path` leads to the resource's properties (ARM
# `properties`, Terraform `values`).
azure_resources contains {"index": i, "source": "arm", "type": lower(res.type), "name": object.get(res, "name", ""), "props": object.get(res, "properties", {}), "path": ["spec", "resources", k, "properties"]} if {
	some i, r in input.resources
	r.kind == "ArmTemplate"
	some k, res in r.spec.resources
	is_string(res.type)
}

azure_resources contains {"index": i, "source": "terraform", "type": res.type, "name": object.get(res, "name", ""), "props": object.get(res, "values", {}), "path": ["spec", "planned_values", "root_module", "resources", k, "values"]} if {
	some i, r in input.resources
	r.kind == "TerraformPlan"
	some k, res in r.spec.planned_values.root_module.resources
	is_string(res.type)
}

azure_resources contains {"index": i, "source": "terraform", "type": res.type, "name": object.get(res, "name", ""), "props": object.get(res, "values", {}), "path": ["spec", "planned_values", "root_module", "child_modules", m, "resources", k, "values"]} if {
	some i, r in input.resources
	r.kind == "TerraformPlan"
	some m, mod in r.spec.planned_values.root_module.child_modules
	some k, res in mod.resources
	is_string(res.type)
}

# An ARM template expression ("[parameters('x')]") is only known at deployment: never judged.
arm_expression(v) if {
	is_string(v)
	startswith(v, "[")
}

# The value at `keys` below a resource's properties, or `fallback` when absent.
prop(res, keys, fallback) := object.get(res.props, keys, fallback)

# The longest prefix of `keys` present below a resource's properties: where a finding about a
# missing nested setting points (the deepest part the template writes).
present_path(res, keys) := array.slice(keys, 0, n) if {
	n := max({k | some k in numbers.range(0, count(keys)); present(res, array.slice(keys, 0, k))})
}

present(_, keys) if count(keys) == 0

present(res, keys) if {
	count(keys) > 0
	object.get(res.props, keys, null) != null
}

# The first object of a Terraform nested block (`ssl_policy { ... }` is a list of one object in a
# plan), or {} when the block is absent.
block(res, name) := b if {
	b := prop(res, [name], [])[0]
	is_object(b)
} else := {}
