package warden.checks.pod_disruption_budget_test

import data.warden.checks.pod_disruption_budget as check
import data.warden.lib.fixtures as fx

three := json.patch(fx.wrap("Deployment", fx.good_pod), [{"op": "replace", "path": "/spec/replicas", "value": 3}])

pdb(spec) := {
	"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
	"metadata": {"name": "api", "namespace": "payments"},
	"spec": object.union({"selector": {"matchLabels": {"app.kubernetes.io/name": "payments-api"}}}, spec),
}

test_missing_pdb_found if {
	res := check.deny with input as {"resources": [three]}
	count(res) == 1
	some f in res
	f.check == "K8S-065"
	f.resource == 0
	f.path == ["spec", "replicas"]
	f.msg == "Deployment payments/payments-api runs 3 replicas but no PodDisruptionBudget covers them"
}

test_blocking_pdb_found if {
	res := check.deny with input as {"resources": [three, pdb({"maxUnavailable": 0})]}
	count(res) == 1
	some f in res
	f.resource == 1
	f.path == ["spec", "maxUnavailable"]
}

test_pdb_in_other_namespace_does_not_cover if {
	other := json.patch(pdb({"maxUnavailable": 1}), [{"op": "replace", "path": "/metadata/namespace", "value": "ingress"}])
	count(check.deny) == 1 with input as {"resources": [three, other]}
}

test_min_replicas_param if {
	res := check.deny with input as fx.one(fx.wrap("StatefulSet", fx.good_pod)) with data.warden.params as {"K8S-065": {"minReplicas": 2}}
	some f in res
	f.path == ["spec", "replicas"]
}

test_clean_passes if {
	count(check.deny) == 0 with input as {"resources": [three, pdb({"maxUnavailable": 1})]}
	count(check.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
