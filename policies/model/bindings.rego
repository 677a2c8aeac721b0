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

# Indexes over the model, so a resource meets only the elements that can describe it: those bound
# to its kind/name, and those bound by a selector (few in practice). Multi-value rules build each
# index in one pass, so 10,000 resources against 1,000 elements stay linear.
by_workload[[e.workload.kind, e.workload.name]] contains eid if {
	some eid, e in data.warden.model.elements
	e.workload.name
}

selector_elements contains eid if {
	some eid, e in data.warden.model.elements
	count(e.selector) > 0
}

# selector_elements_in[ns]: the selector-bound elements of namespace ns ("" for those without one).
selector_elements_in[e.namespace] contains eid if {
	some eid, e in data.warden.model.elements
	count(e.selector) > 0
}

elements_in_namespace[ns] contains eid if {
	some eid, e in data.warden.model.elements
	ns := e.namespace
	ns != ""
}

# describes contains [resource index, element id]: the element promises something about the workload.
# Bound by kind/name:
describes contains [i, eid] if {
	some i, r in input.resources
	is_workload(r)
	some eid in by_workload[[lower(r.kind), object.get(r.metadata, "name", "")]]
	workload_match(r, data.warden.model.elements[eid])
}

# Bound by a selector: a workload whose manifest names no namespace may match every selector
# element; one in namespace ns those of ns and the unnamespaced ones. (Three definitions rather
# than a union of sets, which would build a new set for every workload.)
describes contains [i, eid] if {
	some i, r in input.resources
	is_workload(r)
	resource_namespace(r) == ""
	some eid in selector_elements
	workload_match(r, data.warden.model.elements[eid])
}

describes contains [i, eid] if {
	some i, r in input.resources
	is_workload(r)
	ns := resource_namespace(r)
	ns != ""
	some eid in selector_elements_in[ns]
	workload_match(r, data.warden.model.elements[eid])
}

describes contains [i, eid] if {
	some i, r in input.resources
	is_workload(r)
	resource_namespace(r) != ""
	some eid in selector_elements_in[""]
	workload_match(r, data.warden.model.elements[eid])
}

# elements_of[i]: the elements that describe workload i; resources_of[eid]: the workloads element
# eid describes.
elements_of[pair[0]] contains pair[1] if {
	some pair in describes
}

resources_of[pair[1]] contains pair[0] if {
	some pair in describes
}

described(i) if elements_of[i]

described_elements contains eid if resources_of[eid]

# covering(i): the elements whose promises reach resource i. A workload is covered by the elements
# that describe it; a namespaced non-workload resource (Service, Role, NetworkPolicy, ...) by every
# element bound to its namespace; a cluster-scoped one (ClusterRole, ...) by every element. Joining
# a finding looks its resource up here instead of testing every element that enforces the check.
covering(i) := object.get(elements_of, i, set()) if is_workload(input.resources[i])

covering(i) := object.get(elements_in_namespace, ns, set()) if {
	r := input.resources[i]
	not is_workload(r)
	ns := resource_namespace(r)
	ns != ""
}

covering(i) := {eid | some eid, _ in data.warden.model.elements} if {
	r := input.resources[i]
	not is_workload(r)
	resource_namespace(r) == ""
}

covers(i, eid) if covering(i)[eid]

# described_by_namespace[ns]: the describes pairs of workloads in namespace ns.
described_by_namespace[ns] contains pair if {
	some pair in describes
	ns := resource_namespace(input.resources[pair[0]])
}

# described_by_label[[ns, key, value]]: the describes pairs of workloads in ns whose pod labels
# include key=value. A NetworkPolicy selector starts from the list of one of its labels.
described_by_label[[ns, k, v]] contains pair if {
	some pair in describes
	r := input.resources[pair[0]]
	ns := resource_namespace(r)
	some k, v in pod_labels(r)
}

# elements_by_label[[ns, key, value]]: the same, reduced to element ids.
elements_by_label[[ns, k, v]] contains pair[1] if {
	some pair in describes
	r := input.resources[pair[0]]
	ns := resource_namespace(r)
	some k, v in pod_labels(r)
}

elements_by_namespace[ns] contains pair[1] if {
	some pair in describes
	ns := resource_namespace(input.resources[pair[0]])
}
