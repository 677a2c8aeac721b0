# METADATA
# title: Selectors and references must match their targets
# description: >-
#   A controller whose selector does not match its own pod template, a Service that selects no
#   pod, or an Ingress/HorizontalPodAutoscaler naming a missing Service/workload silently sends
#   traffic nowhere (or to the wrong pods). Service and reference checks run only for namespaces
#   the manifest set populates, so checking one component at a time stays quiet.
# custom:
#   id: K8S-068
#   severity: medium
#   stride: [D, S]
#   aliases:
#     kube-score: deployment-targets-pods-with-matching-labels, service-targets-pod
#     kube-linter: mismatching-selector, dangling-service, dangling-ingress, dangling-hpa
#     gatekeeper: K8sUniqueServiceSelector
#   resources: [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, Service, Ingress, HorizontalPodAutoscaler]
#   remediation: >-
#     Align the selector with the pod template labels, or fix the referenced name.
#   admission: ci-only
#   admission_reason: >-
#     needs the workloads a Service, Ingress or HPA refers to
#   pod_spec: false
package warden.checks.selector_mismatch

import data.warden.lib.k8s

selector_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"}

deny contains finding if {
	some i, r in input.resources
	selector_kinds[r.kind]
	sel := r.spec.selector
	not k8s.selector_matches(sel, k8s.pod_labels(r))
	msg := sprintf("%s selector does not match its own pod template labels", [k8s.display(r)])
	finding := k8s.finding("K8S-068", "medium", msg, i, ["spec", "selector"])
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "Service"
	sel := object.get(r.spec, "selector", {})
	count(sel) > 0
	ns := k8s.namespace(r)
	k8s.workload_namespaces[ns]
	not any_selected(ns, sel)
	msg := sprintf("%s selects no pod in the manifests", [k8s.display(r)])
	finding := k8s.finding("K8S-068", "medium", msg, i, ["spec", "selector"])
}

# Every selector pair must be carried by some pod of the namespace (a hash lookup that settles
# the usual one-label selector) ...
pairs_present(ns, sel) if {
	every k, v in sel {
		k8s.pod_label_pairs[[ns, k, v]]
	}
}

any_selected(ns, sel) if {
	count(sel) == 1
	pairs_present(ns, sel)
}

# ... and for several labels, one pod must carry them all.
any_selected(ns, sel) if {
	count(sel) > 1
	pairs_present(ns, sel)
	some w in input.resources
	k8s.workload_kinds[w.kind]
	k8s.namespace(w) == ns
	k8s.map_selects(sel, k8s.pod_labels(w))
}

# [namespace, name] of every Service, and the namespaces that have any.
services := {[k8s.namespace(s), s.metadata.name] | some s in input.resources; s.kind == "Service"}

service_namespaces := {pair[0] | some pair in services}

deny contains finding if {
	some i, r in input.resources
	r.kind == "Ingress"
	ns := k8s.namespace(r)
	service_namespaces[ns]
	some j, rule in object.get(r.spec, "rules", [])
	some k, p in rule.http.paths
	name := p.backend.service.name
	not services[[ns, name]]
	msg := sprintf("%s routes to Service %s, which is not in the manifests", [k8s.display(r), name])
	finding := k8s.finding("K8S-068", "medium", msg, i, ["spec", "rules", j, "http", "paths", k, "backend", "service", "name"])
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "HorizontalPodAutoscaler"
	ref := r.spec.scaleTargetRef
	ns := k8s.namespace(r)
	k8s.workload_namespaces[ns]
	not k8s.workload_keys[[ns, ref.kind, ref.name]]
	msg := sprintf("%s scales %s %s, which is not in the manifests", [k8s.display(r), ref.kind, ref.name])
	finding := k8s.finding("K8S-068", "medium", msg, i, ["spec", "scaleTargetRef", "name"])
}
