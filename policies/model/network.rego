# METADATA
# title: NetworkPolicy helpers for the drift checks
# description: >-
#   Which pods a NetworkPolicy selects and which peers it admits, reduced to model elements. Only the
#   selector forms manifests use in practice are understood: podSelector.matchLabels and a
#   namespaceSelector matching `kubernetes.io/metadata.name` or `name`. matchExpressions are not
#   evaluated; a policy using them is treated as selecting nothing, so drift is under-, not
#   over-reported.
package warden.model.network

import data.warden.model.bindings

netpols contains i if {
	some i, r in input.resources
	r.kind == "NetworkPolicy"
}

policy_types(np) := np.spec.policyTypes

policy_types(np) := types if {
	not np.spec.policyTypes
	types := array.concat(["Ingress"], egress_type(np))
}

egress_type(np) := ["Egress"] if np.spec.egress

egress_type(np) := [] if not np.spec.egress

labels_match(sel, labels) if {
	every k, v in object.get(sel, "matchLabels", {}) {
		labels[k] == v
	}
	not sel.matchExpressions
}

# The namespace a peer's namespaceSelector names, or the policy's own namespace without one.
peer_namespace(np, peer) := np.metadata.namespace if not peer.namespaceSelector

peer_namespace(_, peer) := ns if {
	ns := object.get(peer.namespaceSelector, ["matchLabels", "kubernetes.io/metadata.name"], "")
	ns != ""
}

peer_namespace(_, peer) := ns if {
	not peer.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]
	ns := object.get(peer.namespaceSelector, ["matchLabels", "name"], "")
	ns != ""
}

# selected_elements(ns, sel): the model elements bound to the workloads of namespace ns that pod
# selector sel picks. An empty selector ({} or absent) picks every pod of the namespace; otherwise
# the candidates come from the index of one of its labels (a workload must carry all of them), so a
# policy meets only the workloads that can match instead of every workload of its namespace.
# (object.get reads an array key as a path, so the composite keys are wrapped in a one-step path.)
selected_elements(ns, sel) := object.get(bindings.elements_by_namespace, ns, set()) if {
	count(object.get(sel, "matchLabels", {})) == 0
	not sel.matchExpressions
}

selected_elements(ns, sel) := object.get(bindings.elements_by_label, [[ns, k, v]], set()) if {
	labels := object.get(sel, "matchLabels", {})
	count(labels) == 1
	not sel.matchExpressions
	some k, v in labels
}

selected_elements(ns, sel) := {pair[1] |
	some pair in object.get(bindings.described_by_label, [[ns, k, sel.matchLabels[k]]], set())
	labels_match(sel, bindings.pod_labels(input.resources[pair[0]]))
} if {
	count(object.get(sel, "matchLabels", {})) > 1
	not sel.matchExpressions
	k := min(object.keys(sel.matchLabels))
}

# targets_of[n]: element ids bound to the workloads policy n selects.
targets_of[n] := dsts if {
	some n in netpols
	np := input.resources[n]
	dsts := selected_elements(np.metadata.namespace, object.get(np.spec, "podSelector", {}))
	count(dsts) > 0
}

# Elements a peer of policy np admits: those its pod selector picks in the peer's namespace.
peer_elements(np, peer) := selected_elements(peer_namespace(np, peer), object.get(peer, "podSelector", {}))

# default_deny contains namespace: some policy selects every pod and admits no ingress.
default_deny contains ns if {
	some n in netpols
	np := input.resources[n]
	count(object.get(np.spec, "podSelector", {})) == 0
	"Ingress" in policy_types(np)
	count(object.get(np.spec, "ingress", [])) == 0
	ns := np.metadata.namespace
}

# allowed_ingress contains [source element, target element]: some policy admits the pair.
allowed_ingress contains [src, dst] if {
	some n, dsts in targets_of
	np := input.resources[n]
	some rule in object.get(np.spec, "ingress", [])
	some peer in object.get(rule, "from", [])
	some src in peer_elements(np, peer)
	some dst in dsts
}

# A rule without `from` admits every source.
allowed_ingress contains ["*", dst] if {
	some n, dsts in targets_of
	np := input.resources[n]
	some rule in object.get(np.spec, "ingress", [])
	count(object.get(rule, "from", [])) == 0
	some dst in dsts
}
