package warden.checks.default_deny_network_policy_test

import data.warden.checks.default_deny_network_policy as check
import data.warden.lib.fixtures as fx

ns := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "payments"}}

deployment := fx.wrap("Deployment", fx.good_pod)

ingress_only := {
	"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
	"metadata": {"name": "deny-ingress", "namespace": "payments"},
	"spec": {"podSelector": {}},
}

test_missing_anchored_on_namespace if {
	res := check.deny with input as {"resources": [deployment, ns]}
	count(res) == 1
	some f in res
	f.check == "K8S-050"
	f.resource == 1
	f.path == ["metadata", "name"]
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Ingress and Egress"
}

test_ingress_only_reports_egress_on_workload if {
	res := check.deny with input as {"resources": [ingress_only, deployment]}
	some f in res
	f.resource == 1
	f.path == ["metadata", "namespace"]
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Egress"
}

test_allow_all_is_not_default_deny if {
	allow_all := json.patch(fx.default_deny("payments"), [{"op": "add", "path": "/spec/ingress", "value": [{}]}])
	some f in check.deny with input as {"resources": [allow_all, deployment]}
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Ingress"
}

test_default_deny_in_other_namespace_does_not_count if {
	count(check.deny) == 1 with input as {"resources": [fx.default_deny("ingress"), deployment]}
}

test_clean_passes if {
	count(check.deny) == 0 with input as {"resources": [ns, fx.default_deny("payments"), deployment]}
}
