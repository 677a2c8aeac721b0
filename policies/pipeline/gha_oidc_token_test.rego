package warden.checks.gha_oidc_token_test

import data.warden.checks.gha_oidc_token
import data.warden.lib.pipeline_fixtures as fx

test_id_token_without_login_found if {
	res := gha_oidc_token.deny with input as fx.job_workflow({"permissions": {"id-token": "write"}}, [fx.checkout])
	count(res) == 1
	some f in res
	f.path == ["spec", "jobs", "build", "permissions", "id-token"]
}

test_inherited_from_top_level_found_there if {
	wf := {"on": "push", "permissions": {"id-token": "write"}, "jobs": {"a": {"steps": [{"run": "make"}]}}}
	res := gha_oidc_token.deny with input as fx.workflow(wf)
	count(res) == 1
	some f in res
	f.path == ["spec", "permissions"]
}

test_id_token_with_azure_login_passes if {
	count(gha_oidc_token.deny) == 0 with input as fx.job_workflow({"permissions": {"id-token": "write"}}, [fx.checkout, fx.azure_oidc])
}

test_job_own_permissions_override_top_level if {
	wf := {"on": "push", "permissions": {"id-token": "write"}, "jobs": {"a": {"permissions": {"contents": "read"}, "steps": [{"run": "make"}]}}}
	count(gha_oidc_token.deny) == 0 with input as fx.workflow(wf)
}
