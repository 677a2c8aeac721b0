# METADATA
# title: Bindings between model elements and manifest resources
# description: >-
#   Which resource each model element describes, shared by the generated warden.main package and the
#   drift checks. An element binds to a workload by `workload "kind/name"` (namespace from its
#   boundary chain when the model gives one; a resource without a namespace matches any), or by
#   `selector "k=v,..."` over the pod template labels. Everything here reads data.warden.model,
#   which Warden derives from the model as JSON, so no model string ever appears in Rego source.
package warden.model.bindings

workload_kinds := {
	"pod", "deployment", "statefulset", "daemonset", "replicaset",
	"replicationcontroller", "job", "cronjob",
}

is_workload(r) if lower(r.kind) in workload_kinds

# Namespace a resource lives in ("" for cluster-scoped); a Namespace object belongs to itself.
resource_namespace(r) := r.metadata.name if r.kind == "Namespace"

resource_namespace(r) := ns if {
	r.kind != "Namespace"
	ns := object.get(object.get(r, "metadata", {}), "namespace", "")
}

# Pod labels of a workload: the Pod's own, a CronJob's job template's, else the pod template's.
pod_labels(r) := object.get(object.get(r, "metadata", {}), "labels", {}) if r.kind == "Pod"

pod_labels(r) := object.get(r, ["spec", "jobTemplate", "spec", "template", "metadata", "labels"], {}) if r.kind == "CronJob"

pod_labels(r) := object.get(r, ["spec", "template", "metadata", "labels"], {}) if {
	r.kind != "Pod"
	r.kind != "CronJob"
}

namespace_ok(_, e) if e.namespace == ""

namespace_ok(r, _) if resource_namespace(r) == ""

namespace_ok(r, e) if resource_namespace(r) == e.namespace

selector_matches(selector, labels) if {
	count(selector) > 0
	every k, v in selector {
		labels[k] == v
	}
}

workload_match(r, e) if {
	lower(r.kind) == e.workload.kind
	r.metadata.name == e.workload.name
	namespace_ok(r, e)
}

workload_match(r, e) if {
	is_workload(r)
	selector_matches(e.selector, pod_labels(r))
	namespace_ok(r, e)
}

# describes contains [resource index, element id]: the element promises something about the workload.
describes contains [i, eid] if {
	some i, r in input.resources
	is_workload(r)
	some eid, e in data.warden.model.elements
	workload_match(r, e)
}

# covers(i, eid): the element's promises reach resource i. A workload is covered by the elements
# that describe it; a namespaced non-workload resource (Service, Role, NetworkPolicy, ...) by every
# element bound to its namespace; a cluster-scoped one (ClusterRole, ...) by every element. A
# function rather than a set so that joining a finding costs one match per enforcing element, not a
# scan over every resource.
covers(i, eid) if {
	r := input.resources[i]
	is_workload(r)
	workload_match(r, data.warden.model.elements[eid])
}

covers(i, eid) if {
	r := input.resources[i]
	not is_workload(r)
	ns := resource_namespace(r)
	ns != ""
	data.warden.model.elements[eid].namespace == ns
}

covers(i, eid) if {
	r := input.resources[i]
	not is_workload(r)
	resource_namespace(r) == ""
	data.warden.model.elements[eid]
}

# Indexes over describes, so callers look up instead of scanning (10,000 resources stay linear).
described_indexes := {pair[0] | some pair in describes}

described(i) if described_indexes[i]

described_elements := {pair[1] | some pair in describes}

# resources_of[eid]: indexes of the workloads an element describes.
resources_of := {eid: [pair[0] | some pair in describes; pair[1] == eid] | some eid in described_elements}

# described_by_namespace[ns]: the describes pairs of workloads in namespace ns.
described_by_namespace := {ns: pairs |
	some ns in {resource_namespace(input.resources[p[0]]) | some p in describes}
	pairs := [pair | some pair in describes; resource_namespace(input.resources[pair[0]]) == ns]
}
