package warden.checks.gha_pull_request_target_test

import data.warden.checks.gha_pull_request_target
import data.warden.lib.pipeline_fixtures as fx

wf(on, ref) := fx.workflow({"on": on, "jobs": {"t": {"steps": [{"uses": sprintf("actions/checkout@%s", [fx.sha]), "with": {"ref": ref}}]}}})

test_head_sha_found if {
	res := gha_pull_request_target.deny with input as wf({"pull_request_target": {"types": ["opened"]}}, "${{ github.event.pull_request.head.sha }}")
	count(res) == 1
	some f in res
	f.path == ["spec", "jobs", "t", "steps", 0, "with", "ref"]
}

test_head_ref_and_merge_ref_found if {
	count(gha_pull_request_target.deny) == 1 with input as wf(["pull_request_target"], "${{ github.head_ref }}")
	count(gha_pull_request_target.deny) == 1 with input as wf("pull_request_target", "refs/pull/${{ github.event.number }}/merge")
}

test_pull_request_trigger_passes if {
	count(gha_pull_request_target.deny) == 0 with input as wf("pull_request", "${{ github.event.pull_request.head.sha }}")
}

test_base_checkout_passes if {
	count(gha_pull_request_target.deny) == 0 with input as wf("pull_request_target", "main")
}
