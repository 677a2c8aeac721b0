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
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Ingress and Egress: no NetworkPolicy selects any of its workloads for Ingress and Egress, so every pod accepts and opens any connection"
}

test_ingress_only_reports_egress_on_workload if {
	res := check.deny with input as {"resources": [ingress_only, deployment]}
	some f in res
	f.resource == 1
	f.path == ["metadata", "namespace"]
	startswith(f.msg, "Namespace payments has workloads but no default-deny NetworkPolicy for Egress: no NetworkPolicy selects")
}

test_allow_all_is_not_default_deny if {
	allow_all := json.patch(fx.default_deny("payments"), [{"op": "add", "path": "/spec/ingress", "value": [{}]}])
	some f in check.deny with input as {"resources": [allow_all, deployment]}
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Ingress: its policies select 1 of 1 workloads (Deployment payments-api by default-deny (Ingress)); selecting pods one by one still leaves open every workload added later, until someone writes its policy"
}

test_default_deny_in_other_namespace_does_not_count if {
	count(check.deny) == 1 with input as {"resources": [fx.default_deny("ingress"), deployment]}
}

test_clean_passes if {
	count(check.deny) == 0 with input as {"resources": [ns, fx.default_deny("payments"), deployment]}
}

allow(name, labels, types) := {
	"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
	"metadata": {"name": name, "namespace": "payments"},
	"spec": {"podSelector": {"matchLabels": labels}, "policyTypes": types, "ingress": [{}], "egress": [{}]},
}

worker := json.patch(deployment, [{"op": "replace", "path": "/metadata/name", "value": "worker"}, {"op": "replace", "path": "/spec/template/metadata/labels", "value": {"app": "worker"}}])

test_every_pod_selected_explains_why_not_enough if {
	res := check.deny with input as {"resources": [deployment, worker, allow("api", fx.labels, ["Ingress", "Egress"]), allow("worker-in", {"app": "worker"}, ["Ingress"])]}
	some f in res
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Ingress and Egress: its policies select 2 of 2 workloads (Deployment payments-api by api (Ingress/Egress); Deployment worker by worker-in (Ingress)); selecting pods one by one still leaves open every workload added later, until someone writes its policy"
}

test_unselected_workloads_named if {
	res := check.deny with input as {"resources": [deployment, worker, allow("api", fx.labels, ["Ingress", "Egress"])]}
	some f in res
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Ingress and Egress: its policies select 1 of 2 workloads (Deployment payments-api by api (Ingress/Egress)) but not Deployment worker; selecting pods one by one still leaves open every workload added later, until someone writes its policy"
}

test_ingress_only_policies_say_egress_is_open if {
	res := check.deny with input as {"resources": [deployment, allow("api-in", fx.labels, ["Ingress"])]}
	some f in res
	f.msg == "Namespace payments has workloads but no default-deny NetworkPolicy for Ingress and Egress: its policies select 1 of 1 workloads (Deployment payments-api by api-in (Ingress)), and none of them restricts Egress; selecting pods one by one still leaves open every workload added later, until someone writes its policy"
}
