package warden.checks.gha_script_injection_test

import data.warden.checks.gha_script_injection
import data.warden.lib.pipeline_fixtures as fx

test_issue_title_in_run_found if {
	res := gha_script_injection.deny with input as fx.job_workflow({}, [{"run": "echo \"${{ github.event.issue.title }}\""}])
	count(res) == 1
	some f in res
	f.path == ["spec", "jobs", "build", "steps", 0, "run"]
	contains(f.msg, "github.event.issue.title")
}

test_head_ref_in_github_script_found if {
	step := {"uses": sprintf("actions/github-script@%s", [fx.sha]), "with": {"script": "core.info('${{ github.head_ref }}')"}}
	count(gha_script_injection.deny) == 1 with input as fx.job_workflow({}, [step])
}

test_env_indirection_and_safe_contexts_pass if {
	steps := [{"env": {"T": "${{ github.event.issue.title }}"}, "run": "echo \"$T\" ${{ github.sha }} ${{ inputs.x }}"}]
	count(gha_script_injection.deny) == 0 with input as fx.job_workflow({}, steps)
}
