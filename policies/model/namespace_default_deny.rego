# METADATA
# title: Modelled namespace without a default-deny NetworkPolicy
# description: >-
#   A trust boundary of the model is bound to a namespace, but no NetworkPolicy there selects every
#   pod and admits nothing: the boundary exists only on the diagram, every pod accepts traffic from
#   anywhere in the cluster.
# custom:
#   id: WD-DRIFT-003
#   severity: high
#   stride: [T, I, E]
#   resources: [Namespace, NetworkPolicy]
#   remediation: "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` (and Egress) to the namespace."
#   pod_spec: false
package warden.model.namespace_default_deny

import data.warden.model.bindings
import data.warden.model.network

# Only namespaces the manifests actually populate: a partial manifest set is not drift.
populated contains ns if {
	some r in input.resources
	ns := bindings.resource_namespace(r)
	ns != ""
}

# namespace_objects[name]: indexes of the Namespace objects of that name (one, in valid manifests).
namespace_objects[r.metadata.name] contains i if {
	some i, r in input.resources
	r.kind == "Namespace"
}

namespace_index(ns) := min(namespace_objects[ns])

namespace_index(ns) := -1 if not namespace_objects[ns]

deny contains finding if {
	# whole sets bound once: opa re-derives a partial set for every lookup with a bound key
	populated_namespaces := populated
	denied := network.default_deny
	some ns, b in data.warden.model.namespaces
	populated_namespaces[ns]
	not denied[ns]
	finding := {
		"check": "WD-DRIFT-003",
		"severity": "high",
		"msg": sprintf("namespace %s (boundary %s) has no default-deny NetworkPolicy", [ns, b.boundary]),
		"resource": namespace_index(ns),
		"path": ["metadata", "name"],
		"element": "",
		"flow": "",
		"boundary": b.boundary,
	}
}
