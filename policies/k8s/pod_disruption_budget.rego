# METADATA
# title: Replicated workloads need a PodDisruptionBudget that allows evictions
# description: >-
#   Without a PodDisruptionBudget a node drain or cluster upgrade can take every replica down at
#   once; a budget with maxUnavailable 0 (or minAvailable 100%) blocks drains and upgrades forever.
#   Optionally (parameter minReplicas) Deployments and StatefulSets must run enough replicas.
# custom:
#   id: K8S-065
#   severity: low
#   stride: [D]
#   aliases:
#     kube-score: deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget
#     polaris: missingPodDisruptionBudget, pdbDisruptionsIsZero
#     kube-linter: pdb-max-unavailable, pdb-min-available
#     gatekeeper: K8sPodDisruptionBudget
#   resources: [Deployment, StatefulSet, PodDisruptionBudget]
#   params: {minReplicas: "minimum replicas for Deployments and StatefulSets (default not enforced)"}
#   remediation: >-
#     Add a PodDisruptionBudget with maxUnavailable 1 (or minAvailable below the replica count).
#   admission: ci-only
#   admission_reason: >-
#     needs the PodDisruptionBudgets next to the Deployment or StatefulSet
#   context: [PodDisruptionBudget]
package warden.checks.pod_disruption_budget

import data.warden.lib.k8s

replicated_kinds := {"Deployment", "StatefulSet"}

# [namespace, selector] of every PodDisruptionBudget, grouped by namespace once per evaluation.
# pdbs_by_namespace[ns]: the selectors of the namespace's PodDisruptionBudgets, grouped in one pass.
pdbs_by_namespace[k8s.namespace(p)] contains object.get(p.spec, "selector", {}) if {
	some p in input.resources
	p.kind == "PodDisruptionBudget"
}

covered(r) if {
	some selector in object.get(pdbs_by_namespace, k8s.namespace(r), set())
	k8s.selector_matches(selector, k8s.pod_labels(r))
}

deny contains finding if {
	some i, r in input.resources
	replicated_kinds[r.kind]
	r.spec.replicas > 1
	not covered(r)
	msg := sprintf("%s runs %d replicas but no PodDisruptionBudget covers them", [k8s.display(r), r.spec.replicas])
	finding := k8s.finding("K8S-065", "low", msg, i, ["spec", "replicas"])
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "PodDisruptionBudget"
	some field, value in {"maxUnavailable": object.get(r.spec, "maxUnavailable", null), "minAvailable": object.get(r.spec, "minAvailable", null)}
	blocks(field, value)
	msg := sprintf("%s sets %s to %v: it blocks every voluntary eviction", [k8s.display(r), field, value])
	finding := k8s.finding("K8S-065", "low", msg, i, ["spec", field])
}

blocks("maxUnavailable", 0)

blocks("maxUnavailable", "0%")

blocks("minAvailable", "100%")

deny contains finding if {
	min := k8s.param("K8S-065", "minReplicas", 0)
	min > 1
	some i, r in input.resources
	replicated_kinds[r.kind]
	replicas := object.get(r.spec, "replicas", 1)
	replicas < min
	msg := sprintf("%s runs %d replica(s); the model requires at least %d", [k8s.display(r), replicas, min])
	finding := k8s.finding("K8S-065", "low", msg, i, k8s.path2([], r, "spec", "replicas"))
}
