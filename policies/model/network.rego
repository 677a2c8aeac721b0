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

# An empty podSelector ({} or absent) selects every pod of the namespace.
selects(np, r) if {
	bindings.is_workload(r)
	bindings.resource_namespace(r) == np.metadata.namespace
	labels_match(object.get(np.spec, "podSelector", {}), bindings.pod_labels(r))
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

peer_selects(np, peer, r) if {
	bindings.is_workload(r)
	bindings.resource_namespace(r) == peer_namespace(np, peer)
	labels_match(object.get(peer, "podSelector", {}), bindings.pod_labels(r))
}

# targets_of[n]: element ids bound to the workloads policy n selects. Built per policy from the
# described workloads of its namespace only, so 10,000 resources stay linear per namespace.
targets_of := {n: dsts |
	some n in netpols
	np := input.resources[n]
	dsts := {pair[1] |
		some pair in object.get(bindings.described_by_namespace, np.metadata.namespace, [])
		selects(np, input.resources[pair[0]])
	}
	count(dsts) > 0
}

# Described workloads a peer of policy np can select: those in the peer's namespace.
peer_candidates(np, peer) := object.get(bindings.described_by_namespace, peer_namespace(np, peer), [])

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
	some pair in peer_candidates(np, peer)
	peer_selects(np, peer, input.resources[pair[0]])
	src := pair[1]
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
