# METADATA
# title: A StatefulSet's serviceName must name a headless Service
# description: >-
#   A StatefulSet gives each pod a stable DNS name through its governing Service (`spec.serviceName`),
#   which must be headless (`clusterIP: None`) and select the StatefulSet's pods. A ClusterIP
#   Service load-balances instead, so clients of a database or queue cluster cannot reach a given
#   member, and peer discovery breaks. Judged only where the manifests hold Services of that
#   namespace (a partial set is not reported for what it leaves out).
# custom:
#   id: K8S-070
#   severity: low
#   stride: [D, S]
#   aliases:
#     kube-score: statefulset-has-servicename
#   resources: [StatefulSet, Service]
#   remediation: >-
#     Add a Service with `clusterIP: None` that selects the StatefulSet's pods and name it in
#     `spec.serviceName` (keep a separate ClusterIP Service for clients if they need one).
#   admission: ci-only
#   admission_reason: >-
#     compares a StatefulSet with the Service it names, which admission does not see
#   context: [Service]
package warden.checks.statefulset_service

import data.warden.lib.k8s

# Complete sets, built once: membership of a ground tuple is then a hash lookup (probing a partial
# rule with a ground key would re-scan every resource per StatefulSet).
services := {[k8s.namespace(s), s.metadata.name] | some s in input.resources; s.kind == "Service"}

headless := {[k8s.namespace(s), s.metadata.name] | some s in input.resources; s.kind == "Service"; s.spec.clusterIP == "None"}

# [namespace, name, selector] of headless Services, for the (rare) selector comparison.
headless_selectors := {[k8s.namespace(s), s.metadata.name, object.get(s.spec, "selector", {})] |
	some s in input.resources
	s.kind == "Service"
	s.spec.clusterIP == "None"
}

service_namespaces := {key[0] | some key in services}

cluster_ip(ns, name) := ip if {
	some s in input.resources
	s.kind == "Service"
	k8s.namespace(s) == ns
	s.metadata.name == name
	ip := object.get(s.spec, "clusterIP", "unset")
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "StatefulSet"
	ns := k8s.namespace(r)
	service_namespaces[ns]
	not r.spec.serviceName
	msg := sprintf("%s has no serviceName: its pods get no stable network identity", [k8s.display(r)])
	finding := k8s.finding("K8S-070", "low", msg, i, k8s.path2([], r, "spec", "serviceName"))
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "StatefulSet"
	ns := k8s.namespace(r)
	service_namespaces[ns]
	name := r.spec.serviceName
	not services[[ns, name]]
	msg := sprintf("%s names Service %s in serviceName, which is not in the manifests", [k8s.display(r), name])
	finding := k8s.finding("K8S-070", "low", msg, i, ["spec", "serviceName"])
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "StatefulSet"
	key := [k8s.namespace(r), r.spec.serviceName]
	services[key]
	not headless[key]
	msg := sprintf("%s names Service %s in serviceName, which is not headless (clusterIP is %v, not None)", [k8s.display(r), r.spec.serviceName, cluster_ip(key[0], key[1])])
	finding := k8s.finding("K8S-070", "low", msg, i, ["spec", "serviceName"])
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "StatefulSet"
	ns := k8s.namespace(r)
	headless[[ns, r.spec.serviceName]]
	not selects_own_pods(ns, r)
	msg := sprintf("%s names headless Service %s in serviceName, but that Service does not select its pods", [k8s.display(r), r.spec.serviceName])
	finding := k8s.finding("K8S-070", "low", msg, i, ["spec", "serviceName"])
}

selects_own_pods(ns, r) if {
	some t in headless_selectors
	t[0] == ns
	t[1] == r.spec.serviceName
	k8s.map_selects(t[2], k8s.pod_labels(r))
}
