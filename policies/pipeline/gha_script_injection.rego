# METADATA
# title: No event data expanded into scripts
# description: >-
#   `${{ }}` expressions are pasted into a `run:` script (or an actions/github-script `script`)
#   before the shell sees it, so an issue title, a branch name or a commit message chosen by an
#   attacker becomes shell code: `${{ github.event.issue.title }}` in a script is command injection.
# custom:
#   id: GHA-006
#   severity: high
#   stride: [T, E]
#   aliases:
#     checkov: CKV_GHA_2
#     zizmor: template-injection
#     actionlint: expression
#   resources: [GitHubWorkflow]
#   remediation: >-
#     Pass the value through an environment variable (`env: { TITLE: ${{ github.event.issue.title }} }`)
#     and use `"$TITLE"` in the script.
package warden.checks.gha_script_injection

import data.warden.lib.k8s
import data.warden.lib.pipeline

deny contains finding if {
	some s in pipeline.steps
	is_string(s.step.run)
	some expr in injected(s.step.run)
	msg := sprintf("job %s expands %s into a run script", [s.job.id, expr])
	finding := k8s.finding("GHA-006", "high", msg, s.index, array.concat(s.path, ["run"]))
}

deny contains finding if {
	some s in pipeline.steps
	pipeline.action(s.step) == "actions/github-script"
	script := s.step["with"].script
	is_string(script)
	some expr in injected(script)
	msg := sprintf("job %s expands %s into a github-script script", [s.job.id, expr])
	finding := k8s.finding("GHA-006", "high", msg, s.index, array.concat(s.path, ["with", "script"]))
}

# The `${{ }}` expressions of a script that read event data or the head branch name.
injected(script) := {trim_space(m[1]) |
	some m in regex.find_all_string_submatch_n(`\$\{\{([^}]*)\}\}`, script, -1)
	untrusted(m[1])
}

untrusted(expr) if contains(expr, "github.event.")

untrusted(expr) if contains(expr, "github.head_ref")
