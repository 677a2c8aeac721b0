package warden.checks.replicas_spread_test

import data.warden.checks.replicas_spread
import data.warden.lib.fixtures as fx

spread_pod := fx.pod({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": fx.labels}}]})

with_replicas(kind, pod, n) := object.union(fx.wrap(kind, pod), {"spec": {"replicas": n}})

test_single_replica_found if {
	res := replicas_spread.deny with input as fx.one(fx.wrap("Deployment", spread_pod))
	count(res) == 1
	some f in res
	f.path == ["spec", "replicas"]
	f.msg == "Deployment payments/payments-api runs 1 replica(s) (at least 2 keep it up through a node drain)"
}

test_unset_replicas_count_as_one if {
	d := json.patch(fx.wrap("Deployment", spread_pod), [{"op": "remove", "path": "/spec/replicas"}])
	res := replicas_spread.deny with input as fx.one(d)
	fx.paths(res) == {["spec", "replicas"]}
}

test_spread_replicas_pass if {
	count(replicas_spread.deny) == 0 with input as fx.one(with_replicas("StatefulSet", spread_pod, 3))
}

test_replicas_on_one_node_found if {
	res := replicas_spread.deny with input as fx.one(with_replicas("Deployment", fx.good_pod, 3))
	fx.paths(res) == {["spec", "template", "spec", "affinity"]}
}

test_anti_affinity_passes if {
	term := {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"owner": "payments-team"}}}
	pod := fx.pod({"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": term}]}}})
	count(replicas_spread.deny) == 0 with input as fx.one(with_replicas("Deployment", pod, 2))
}

test_anti_affinity_on_other_pods_found if {
	term := {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "other"}}}
	pod := fx.pod({"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}})
	count(replicas_spread.deny) == 1 with input as fx.one(with_replicas("Deployment", pod, 2))
}

test_hpa_min_replicas_counts if {
	hpa := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "api", "namespace": "payments"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "payments-api"}, "minReplicas": 2, "maxReplicas": 5}}
	count(replicas_spread.deny) == 0 with input as {"resources": [fx.wrap("Deployment", spread_pod), hpa]}
}

test_min_replicas_param if {
	count(replicas_spread.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
		with data.warden.params as {"K8S-073": {"minReplicas": 1}}
}

hpa(name, n) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": name, "namespace": "payments"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "payments-api"}, "minReplicas": n, "maxReplicas": 5}}

test_two_hpas_on_one_target_take_the_smaller_minimum if {
	res := replicas_spread.deny with input as {"resources": [fx.wrap("Deployment", spread_pod), hpa("a", 3), hpa("b", 1)]}
	fx.paths(res) == {["spec", "replicas"]}
}
