# METADATA
# title: Deployments and StatefulSets must run several replicas spread over nodes
# description: >-
#   A single replica goes down with its node on every drain, upgrade or crash; several replicas
#   on one node do too. A Deployment or StatefulSet must run at least `minReplicas` (default 2;
#   an unset `replicas` is 1 unless a HorizontalPodAutoscaler in the manifests targets it with
#   `minReplicas` of at least that many), and when it runs more than one it must keep them apart:
#   a pod anti-affinity term or a topology spread constraint on `kubernetes.io/hostname` (or a
#   zone) that selects its own pods.
# custom:
#   id: K8S-073
#   severity: low
#   stride: [D]
#   aliases:
#     kube-score: deployment-has-host-podantiaffinity, statefulset-has-host-podantiaffinity
#     kube-linter: minimum-three-replicas, no-anti-affinity
#   resources: [Deployment, StatefulSet]
#   params: {minReplicas: "fewest replicas accepted (default 2; an HPA's minReplicas counts)"}
#   remediation: >-
#     Set `replicas: 2` or more (or an HPA with `minReplicas: 2`) and add a
#     `topologySpreadConstraints` entry on `kubernetes.io/hostname` that selects the pods' labels.
#   admission: partial
#   admission_reason: >-
#     a HorizontalPodAutoscaler that raises minReplicas is not visible at admission, so an autoscaled Deployment with few replicas is reported
#   context: [HorizontalPodAutoscaler]
package warden.checks.replicas_spread

import data.warden.lib.k8s

replicated_kinds := {"Deployment", "StatefulSet"}

min_replicas := k8s.param("K8S-073", "minReplicas", 2)

spread_keys := {"kubernetes.io/hostname", "topology.kubernetes.io/zone"}

# [namespace, kind, name, minReplicas] of every HPA target (a set: two HPAs on one target do not conflict).
hpa_targets := {[k8s.namespace(h), h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name, object.get(h.spec, "minReplicas", 1)] |
	some h in input.resources
	h.kind == "HorizontalPodAutoscaler"
}

hpa_scaled := {[t[0], t[1], t[2]] | some t in hpa_targets}

# An autoscaled workload runs at least the smallest minReplicas of its HPAs.
replicas(r) := n if {
	hpa_scaled[[k8s.namespace(r), r.kind, r.metadata.name]]
	n := min({t[3] | some t in hpa_targets; t[0] == k8s.namespace(r); t[1] == r.kind; t[2] == r.metadata.name})
} else := object.get(r.spec, "replicas", 1)

anti_affinity_terms(spec) := array.concat(
	object.get(spec, ["affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"], []),
	[t.podAffinityTerm | some t in object.get(spec, ["affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution"], [])],
)

spread(r) if {
	some t in anti_affinity_terms(k8s.pod_spec(r))
	spread_keys[t.topologyKey]
	k8s.selector_matches(object.get(t, "labelSelector", {"matchExpressions": [{"key": "", "operator": "In", "values": []}]}), k8s.pod_labels(r))
}

spread(r) if {
	some t in object.get(k8s.pod_spec(r), "topologySpreadConstraints", [])
	spread_keys[t.topologyKey]
	k8s.selector_matches(object.get(t, "labelSelector", {"matchExpressions": [{"key": "", "operator": "In", "values": []}]}), k8s.pod_labels(r))
}

deny contains finding if {
	some i, r in input.resources
	replicated_kinds[r.kind]
	n := replicas(r)
	n < min_replicas
	msg := sprintf("%s runs %v replica(s) (at least %v keep it up through a node drain)", [k8s.display(r), n, min_replicas])
	finding := k8s.finding("K8S-073", "low", msg, i, k8s.path2([], r, "spec", "replicas"))
}

deny contains finding if {
	some i, r in input.resources
	replicated_kinds[r.kind]
	replicas(r) > 1
	not spread(r)
	msg := sprintf("%s runs %v replicas with no pod anti-affinity or topology spread over nodes: they may share one node", [k8s.display(r), replicas(r)])
	finding := k8s.finding("K8S-073", "low", msg, i, array.concat(k8s.pod_spec_path(r), ["affinity"]))
}
