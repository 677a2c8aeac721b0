# Tests for the drift checks: one small cluster (namespaces payments and ingress) and one model.
package warden.drift_test

import data.warden.model.flow_not_allowed
import data.warden.model.missing_workload
import data.warden.model.namespace_default_deny
import data.warden.model.public_exposure
import data.warden.model.undeclared_ingress
import data.warden.model.unmodelled_workload

model := {
	"elements": {
		"Gateway": {"namespace": "ingress", "workload": {"kind": "deployment", "name": "gateway"}, "selector": {}, "exposure": "internet", "binding": "deployment/gateway"},
		"Api": {"namespace": "payments", "workload": {"kind": "deployment", "name": "api"}, "selector": {}, "exposure": "internal", "binding": "deployment/api"},
		"Worker": {"namespace": "payments", "workload": {}, "selector": {"app": "worker"}, "exposure": "internal", "binding": "selector app=worker"},
		"Ghost": {"namespace": "payments", "workload": {"kind": "deployment", "name": "ghost"}, "selector": {}, "exposure": "internal", "binding": "deployment/ghost"},
		"Customer": {"namespace": "", "workload": {}, "selector": {}, "exposure": "none", "binding": ""},
	},
	"flows": [
		{"id": "Customer->Gateway", "from": "Customer", "to": "Gateway"},
		{"id": "Gateway->Api", "from": "Gateway", "to": "Api"},
		{"id": "Api->Worker", "from": "Api", "to": "Worker"},
	],
	"namespaces": {
		"payments": {"boundary": "Payments", "internet": false},
		"ingress": {"boundary": "Edge", "internet": true},
	},
}

deployment(ns, name, labels) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": name, "namespace": ns},
	"spec": {"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "app", "image": "x"}]}}},
}

deny_all(ns) := {"kind": "NetworkPolicy", "metadata": {"name": "default-deny", "namespace": ns}, "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}

allow(ns, name, target, from) := {"kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}, "spec": {"podSelector": {"matchLabels": target}, "ingress": [{"from": from}]}}

base := [
	deployment("ingress", "gateway", {"app": "gateway"}), # 0
	deployment("payments", "api", {"app": "api"}), # 1
	deployment("payments", "worker", {"app": "worker"}), # 2
	deny_all("payments"), # 3
	deny_all("ingress"), # 4
	allow("payments", "gw-to-api", {"app": "api"}, [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress"}}, "podSelector": {"matchLabels": {"app": "gateway"}}}]), # 5
	allow("payments", "api-to-worker", {"app": "worker"}, [{"podSelector": {"matchLabels": {"app": "api"}}}]), # 6
]

all_findings(resources) := fs if {
	fs := ((((undeclared_ingress.deny | flow_not_allowed.deny) | namespace_default_deny.deny) | public_exposure.deny) | unmodelled_workload.deny) | missing_workload.deny with input as {"resources": resources}
		with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
}

# The clean cluster has no drift but the missing Ghost deployment.
test_clean_cluster_only_reports_missing_ghost if {
	fs := all_findings(base)
	count(fs) == 1
	some f in fs
	f.check == "WD-DRIFT-006"
	f.element == "Ghost"
	f.resource == -1
}

test_undeclared_ingress_from_worker_to_api if {
	extra := allow("payments", "worker-to-api", {"app": "api"}, [{"podSelector": {"matchLabels": {"app": "worker"}}}])
	fs := undeclared_ingress.deny with input as {"resources": array.concat(base, [extra])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
	count(fs) == 1
	some f in fs
	f.check == "WD-DRIFT-001"
	f.resource == 7
	f.path == ["spec", "ingress", 0, "from", 0]
	f.element == "Api"
}

test_ingress_from_anywhere_to_internal_element if {
	extra := {"kind": "NetworkPolicy", "metadata": {"name": "open", "namespace": "payments"}, "spec": {"podSelector": {"matchLabels": {"app": "worker"}}, "ingress": [{}]}}
	fs := undeclared_ingress.deny with input as {"resources": array.concat(base, [extra])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
	some f in fs
	f.resource == 7
	f.path == ["spec", "ingress", 0]
}

test_ingress_from_anywhere_to_internet_element_is_fine if {
	extra := {"kind": "NetworkPolicy", "metadata": {"name": "open", "namespace": "ingress"}, "spec": {"podSelector": {"matchLabels": {"app": "gateway"}}, "ingress": [{}]}}
	count(undeclared_ingress.deny) == 0 with input as {"resources": array.concat(base, [extra])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
}

test_declared_flow_blocked_by_default_deny if {
	resources := [base[0], base[1], base[2], base[3], base[4], base[5]] # api-to-worker removed
	fs := flow_not_allowed.deny with input as {"resources": resources} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
	count(fs) == 1
	some f in fs
	f.flow == "Api->Worker"
	f.resource == 2
}

test_namespace_without_default_deny if {
	resources := [base[0], base[1], base[2], base[4], base[5], base[6]]
	fs := namespace_default_deny.deny with input as {"resources": resources} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
	count(fs) == 1
	some f in fs
	f.boundary == "Payments"
	f.resource == -1
}

test_namespace_finding_points_at_namespace_object if {
	resources := array.concat([base[0], base[1], base[4]], [{"kind": "Namespace", "metadata": {"name": "payments"}}])
	fs := namespace_default_deny.deny with input as {"resources": resources} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
	some f in fs
	f.resource == 3
}

test_load_balancer_paths if {
	svc := {"kind": "Service", "metadata": {"name": "api", "namespace": "payments"}, "spec": {"type": "LoadBalancer"}}
	ing := {"kind": "Ingress", "metadata": {"name": "api", "namespace": "payments"}, "spec": {}}
	internal_flows := [f | some f in model.flows; f.from != "Gateway"]
	fs := public_exposure.deny with input as {"resources": array.concat(base, [svc, ing])} with data.warden.model.elements as model.elements with data.warden.model.flows as internal_flows with data.warden.model.namespaces as model.namespaces
	{[f.resource, f.path] | some f in fs} == {[7, ["spec", "type"]], [8, ["spec"]]}
}

test_internal_load_balancer_is_fine if {
	svc := {"kind": "Service", "metadata": {"name": "api", "namespace": "payments", "annotations": {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}}, "spec": {"type": "LoadBalancer"}}
	count(public_exposure.deny) == 0 with input as {"resources": array.concat(base, [svc])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
}

test_ingress_into_namespace_entered_from_the_edge_is_fine if {
	ing := {"kind": "Ingress", "metadata": {"name": "api", "namespace": "payments"}, "spec": {}}
	# model.flows has Gateway (exposure internet) -> Api (payments)
	count(public_exposure.deny) == 0 with input as {"resources": array.concat(base, [ing])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
}

test_load_balancer_in_internet_boundary_is_fine if {
	svc := {"kind": "Service", "metadata": {"name": "gw", "namespace": "ingress"}, "spec": {"type": "LoadBalancer"}}
	count(public_exposure.deny) == 0 with input as {"resources": array.concat(base, [svc])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
}

test_unmodelled_workload if {
	extra := deployment("payments", "sidecar-thing", {"app": "thing"})
	fs := unmodelled_workload.deny with input as {"resources": array.concat(base, [extra])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
	{f.resource | some f in fs} == {7}
}

test_owned_pod_is_not_unmodelled if {
	pod := {"kind": "Pod", "metadata": {"name": "p", "namespace": "payments", "ownerReferences": [{"kind": "ReplicaSet"}]}, "spec": {}}
	count(unmodelled_workload.deny) == 0 with input as {"resources": array.concat(base, [pod])} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
}

test_missing_workload_quiet_without_namespace if {
	count(missing_workload.deny) == 0 with input as {"resources": [base[0]]} with data.warden.model.elements as model.elements with data.warden.model.flows as model.flows with data.warden.model.namespaces as model.namespaces
}
