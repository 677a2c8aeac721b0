package warden.checks.namespace_quotas_test

import data.warden.checks.namespace_quotas
import data.warden.lib.fixtures as fx

ns := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "payments"}}

limit_range := {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "limits", "namespace": "payments"}, "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}}]}}

quota := {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "quota", "namespace": "payments"}, "spec": {"hard": {"pods": "20"}}}

test_both_present_pass if {
	count(namespace_quotas.deny) == 0 with input as {"resources": [fx.wrap("Deployment", fx.good_pod), limit_range, quota]}
}

test_missing_both_anchored_on_namespace if {
	res := namespace_quotas.deny with input as {"resources": [fx.wrap("Deployment", fx.good_pod), ns]}
	{f.msg | some f in res} == {"Namespace payments has workloads but no LimitRange", "Namespace payments has workloads but no ResourceQuota"}
	every f in res {
		f.resource == 1
		f.path == ["metadata", "name"]
	}
}

test_missing_quota_anchored_on_workload if {
	res := namespace_quotas.deny with input as {"resources": [limit_range, fx.wrap("Deployment", fx.good_pod)]}
	count(res) == 1
	some f in res
	f.resource == 1
	f.path == ["metadata", "namespace"]
}

test_namespace_without_workloads_not_judged if {
	count(namespace_quotas.deny) == 0 with input as {"resources": [ns]}
}

test_namespace_written_twice_first_anchors if {
	res := namespace_quotas.deny with input as {"resources": [fx.wrap("Deployment", fx.good_pod), ns, ns, limit_range]}
	count(res) == 1
	some f in res
	f.resource == 1
}
