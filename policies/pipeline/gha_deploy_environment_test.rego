package warden.checks.gha_deploy_environment_test

import data.warden.checks.gha_deploy_environment
import data.warden.lib.pipeline_fixtures as fx

test_login_without_environment_found if {
	res := gha_deploy_environment.deny with input as fx.job_workflow({}, [fx.azure_oidc])
	count(res) == 1
	some f in res
	f.path == ["spec", "jobs", "build"]
}

test_kubectl_apply_without_environment_found if {
	count(gha_deploy_environment.deny) == 1 with input as fx.job_workflow({}, [{"run": "kubectl apply -f k8s/"}])
}

test_environment_passes if {
	count(gha_deploy_environment.deny) == 0 with input as fx.job_workflow({"environment": "production"}, [fx.azure_oidc])
	count(gha_deploy_environment.deny) == 0 with input as fx.job_workflow({"environment": {"name": "prod", "url": "https://x"}}, [fx.azure_oidc])
}

test_build_only_job_passes if {
	count(gha_deploy_environment.deny) == 0 with input as fx.job_workflow({}, [fx.checkout, {"run": "kubectl version --client"}])
}
