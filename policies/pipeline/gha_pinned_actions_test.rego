package warden.checks.gha_pinned_actions_test

import data.warden.checks.gha_pinned_actions
import data.warden.lib.pipeline_fixtures as fx

test_tag_found_at_uses if {
	res := gha_pinned_actions.deny with input as fx.job_workflow({}, [{"uses": "actions/setup-node@v4"}])
	count(res) == 1
	some f in res
	f.check == "GHA-001"
	f.path == ["spec", "jobs", "build", "steps", 0, "uses"]
}

test_short_sha_and_branch_found if {
	count(gha_pinned_actions.deny) == 2 with input as fx.job_workflow({}, [{"uses": "actions/checkout@0123456"}, {"uses": "org/action@main"}])
}

test_reusable_workflow_call_found if {
	count(gha_pinned_actions.deny) == 1 with input as fx.workflow({"on": "push", "jobs": {"call": {"uses": "org/repo/.github/workflows/x.yml@v1"}}})
}

test_pinned_local_and_digest_pass if {
	steps := [fx.checkout, {"uses": "./.github/actions/setup"}, {"uses": "docker://alpine@sha256:0123"}, {"run": "make"}]
	count(gha_pinned_actions.deny) == 0 with input as fx.job_workflow({}, steps)
}
