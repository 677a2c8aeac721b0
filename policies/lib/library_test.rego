# Library-wide tests: the fixture workload passes every check in every workload kind, and the
# finding shape is the one `warden check` consumes.
package warden.lib.library_test

import data.warden.lib.fixtures as fx

namespace := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "payments"}}

# The namespace's LimitRange and ResourceQuota (K8S-074).
quotas := [
	{"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "limits", "namespace": "payments"}, "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}}]}},
	{"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "quota", "namespace": "payments"}, "spec": {"hard": {"pods": "20"}}},
]

all_findings := {f | f := data.warden.checks[_].deny[_]}

test_good_workload_passes_every_check_in_every_kind if {
	every kind in fx.kinds {
		owned := json.patch(fx.wrap(kind, fx.good_pod), [{"op": "add", "path": "/metadata/ownerReferences", "value": [{"kind": "X", "name": "y"}]}])
		count(all_findings) == 0 with input as {"resources": array.concat([namespace, fx.default_deny("payments"), owned], quotas)}
			with data.warden.params as {"K8S-030": {"registries": ["contoso.azurecr.io"]}, "K8S-073": {"minReplicas": 1}}
	}
}

test_finding_shape if {
	bad := fx.wrap("Deployment", fx.pod({"hostNetwork": true}))
	findings := all_findings with input as {"resources": [namespace, fx.default_deny("payments"), bad]}
	count(findings) > 0
	every f in findings {
		object.keys(f) == {"check", "severity", "msg", "resource", "path"}
		startswith(f.check, "K8S-")
		f.severity in {"info", "low", "medium", "high", "critical"}
		is_number(f.resource)
		is_array(f.path)
		is_string(f.msg)
	}
}
