package warden.checks.gha_cloud_secrets_test

import data.warden.checks.gha_cloud_secrets
import data.warden.lib.pipeline_fixtures as fx

test_azure_creds_found if {
	step := {"uses": sprintf("azure/login@%s", [fx.sha]), "with": {"creds": "${{ secrets.AZURE_CREDENTIALS }}"}}
	res := gha_cloud_secrets.deny with input as fx.job_workflow({}, [step])
	count(res) == 1
	some f in res
	f.path == ["spec", "jobs", "build", "steps", 0, "with", "creds"]
}

test_aws_secret_key_found if {
	step := {"uses": "aws-actions/configure-aws-credentials@v4", "with": {"aws-access-key-id": "a", "aws-secret-access-key": "b"}}
	count(gha_cloud_secrets.deny) == 1 with input as fx.job_workflow({}, [step])
}

test_oidc_login_passes if {
	count(gha_cloud_secrets.deny) == 0 with input as fx.job_workflow({}, [fx.azure_oidc])
}
