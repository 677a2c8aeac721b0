# METADATA
# title: Namespaces with workloads must have a LimitRange and a ResourceQuota
# description: >-
#   A LimitRange gives containers that set no requests or limits a default and caps what one
#   container may ask for; a ResourceQuota caps the namespace as a whole, so one team's runaway
#   rollout or a compromised workload cannot starve the cluster. Judged per namespace the
#   manifests populate with workloads; anchored like K8S-050.
# custom:
#   id: K8S-074
#   severity: low
#   stride: [D]
#   aliases:
#     trivy: KSV-0039, KSV-0040
#     kubescape: C-0009
#   resources: [Namespace, LimitRange, ResourceQuota]
#   remediation: >-
#     Add a LimitRange (default requests and limits, min and max per container) and a ResourceQuota
#     (requests.cpu, requests.memory, limits.cpu, limits.memory, pods) to each application namespace.
#   admission: ci-only
#   admission_reason: >-
#     judges a namespace by the LimitRanges and ResourceQuotas next to its workloads; admission sees one object at a time
#   pod_spec: false
package warden.checks.namespace_quotas

import data.warden.lib.k8s

present := {[k8s.namespace(r), r.kind] | some r in input.resources; r.kind in {"LimitRange", "ResourceQuota"}}

# A Namespace may be written twice in a set; the first one anchors.
namespace_objects[name] contains i if {
	some i, r in input.resources
	r.kind == "Namespace"
	name := r.metadata.name
}

anchor(ns) := [min(namespace_objects[ns]), ["metadata", "name"]]

anchor(ns) := [k8s.first_workload[ns], ["metadata", "namespace"]] if not namespace_objects[ns]

deny contains finding if {
	some ns in k8s.workload_namespaces
	some kind in ["LimitRange", "ResourceQuota"]
	not present[[ns, kind]]
	at := anchor(ns)
	msg := sprintf("Namespace %s has workloads but no %s", [ns, kind])
	finding := k8s.finding("K8S-074", "low", msg, at[0], at[1])
}
