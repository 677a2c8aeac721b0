# Fixtures for the tests of policies/pipeline: a workflow or a Dockerfile as `warden check` gives
# it (src/check/sources), wrapped as the only resource of the input.
package warden.lib.pipeline_fixtures

workflow(spec) := {"resources": [{"apiVersion": "warden.dev/v1", "kind": "GitHubWorkflow", "metadata": {"name": "w.yml"}, "spec": spec}]}

# One job `build` with these steps and extra job fields, read-only top-level permissions.
job_workflow(job, steps) := workflow({
	"on": "push",
	"permissions": {"contents": "read"},
	"jobs": {"build": object.union({"runs-on": "ubuntu-latest", "steps": steps}, job)},
})

sha := "0123456789abcdef0123456789abcdef01234567"

checkout := {"uses": sprintf("actions/checkout@%s", [sha])}

azure_oidc := {"uses": sprintf("azure/login@%s", [sha]), "with": {"client-id": "x", "tenant-id": "y", "subscription-id": "z"}}

# A Dockerfile from its instructions, as [instruction, value] pairs; stages and args are derived
# the way the reader derives them.
dockerfile(pairs) := {"resources": [{"apiVersion": "warden.dev/v1", "kind": "Dockerfile", "metadata": {"name": "Dockerfile"}, "spec": {"instructions": instructions(pairs), "stages": stages(pairs)}}]}

froms(pairs) := [k | some k, p in pairs; p[0] == "FROM"]

stage_of(pairs, k) := count([f | some f in froms(pairs); f <= k]) - 1

instructions(pairs) := [ins |
	some k, p in pairs
	ins := {"instruction": p[0], "value": p[1], "args": split(p[1], " "), "flags": flags_of(p), "stage": stage_of(pairs, k), "json": false}
]

stages(pairs) := [stage |
	some n, k in froms(pairs)
	args := split(pairs[k][1], " ")
	base := base_of(pairs, n, args[0])
	own := [u | some j, p in pairs; p[0] == "USER"; stage_of(pairs, j) == n; u := [p[1], j]]
	stage := object.union(
		{"image": args[0], "name": name(args), "instruction": k, "base": base, "user": "", "userInstruction": -1},
		object.union(resolved(args[0]), user_of(pairs, own, base)),
	)
]

# The earlier stage named like the image, or -1 (one level; enough for the tests).
base_of(pairs, n, image) := b if {
	some b, k in froms(pairs)
	b < n
	name(split(pairs[k][1], " ")) == image
}

base_of(pairs, n, image) := -1 if {
	not any_base(pairs, n, image)
}

any_base(pairs, n, image) if {
	some b, k in froms(pairs)
	b < n
	name(split(pairs[k][1], " ")) == image
}

resolved(image) := {"resolved": image} if not contains(image, "$")

resolved(image) := {} if contains(image, "$")

user_of(_, own, _) := {"user": own[count(own) - 1][0], "userInstruction": own[count(own) - 1][1]} if count(own) > 0

user_of(pairs, own, base) := {"user": inherited, "userInstruction": -1} if {
	count(own) == 0
	base >= 0
	users := [p[1] | some j, p in pairs; p[0] == "USER"; stage_of(pairs, j) == base]
	count(users) > 0
	inherited := users[count(users) - 1]
}

user_of(pairs, own, base) := {} if {
	count(own) == 0
	not base_user(pairs, base)
}

base_user(pairs, base) if {
	base >= 0
	some j, p in pairs
	p[0] == "USER"
	stage_of(pairs, j) == base
}

name(args) := args[2] if count(args) >= 3

name(args) := "" if count(args) < 3

flags_of(p) := p[2] if count(p) > 2

flags_of(p) := {} if count(p) <= 2

# An ARM template with these resources, and a Terraform plan with these planned resources.
arm(resources) := {"resources": [{"apiVersion": "warden.dev/v1", "kind": "ArmTemplate", "metadata": {"name": "main.json"}, "spec": {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": resources}}]}

tfplan(resources) := {"resources": [{"apiVersion": "warden.dev/v1", "kind": "TerraformPlan", "metadata": {"name": "plan.json"}, "spec": {"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": {"root_module": {"resources": resources}}}}]}
