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

stages(pairs) := [{"image": args[0], "name": name(args), "instruction": k} |
	some k in froms(pairs)
	args := split(pairs[k][1], " ")
]

name(args) := args[2] if count(args) >= 3

name(args) := "" if count(args) < 3

flags_of(p) := p[2] if count(p) > 2

flags_of(p) := {} if count(p) <= 2
