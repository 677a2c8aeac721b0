package warden.checks.gha_permissions_test

import data.warden.checks.gha_permissions
import data.warden.lib.pipeline_fixtures as fx

test_missing_top_level_found if {
	res := gha_permissions.deny with input as fx.workflow({"on": "push", "jobs": {"a": {"steps": [{"run": "x"}]}}})
	count(res) == 1
	some f in res
	f.path == ["spec", "permissions"]
}

test_top_level_write_scope_found if {
	res := gha_permissions.deny with input as fx.workflow({"on": "push", "permissions": {"contents": "read", "packages": "write"}, "jobs": {}})
	count(res) == 1
	some f in res
	f.path == ["spec", "permissions", "packages"]
}

test_write_all_top_and_job_found if {
	count(gha_permissions.deny) == 2 with input as fx.workflow({"on": "push", "permissions": "write-all", "jobs": {"a": {"permissions": "write-all"}}})
}

test_read_top_and_job_writes_pass if {
	count(gha_permissions.deny) == 0 with input as fx.job_workflow({"permissions": {"packages": "write"}}, [fx.checkout])
}

test_empty_top_level_passes if {
	count(gha_permissions.deny) == 0 with input as fx.workflow({"on": "push", "permissions": {}, "jobs": {}})
}
