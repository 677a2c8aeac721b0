# METADATA
# title: Modelled workload missing from the manifests
# description: >-
#   An element of the model is bound to a workload (or a selector) that no manifest provides: the
#   model describes something that is not deployed, or the binding has a typo. Reported only when
#   the manifests populate the element's namespace, so checking one component at a time stays quiet.
# custom:
#   id: WD-DRIFT-006
#   severity: low
#   stride: [R]
#   resources: []
#   remediation: Fix the element's `workload` binding, or remove the element from the model.
#   pod_spec: false
package warden.model.missing_workload

import data.warden.model.bindings

bound(e) if e.workload.name

bound(e) if count(e.selector) > 0

namespace_in_manifests(e) if e.namespace == ""

# Namespaces the manifests use, collected once rather than scanned per element.
manifest_namespaces contains ns if {
	some r in input.resources
	ns := bindings.resource_namespace(r)
}

namespace_in_manifests(e) if {
	namespaces := manifest_namespaces # the whole set, so opa derives it once
	namespaces[e.namespace]
}

element_described(eid) if bindings.described_elements[eid]

deny contains finding if {
	count(input.resources) > 0
	some eid, e in data.warden.model.elements
	bound(e)
	namespace_in_manifests(e)
	not element_described(eid)
	finding := {
		"check": "WD-DRIFT-006",
		"severity": "low",
		"msg": sprintf("element %s is bound to %s, which no manifest provides", [eid, e.binding]),
		"resource": -1,
		"path": [],
		"element": eid,
		"flow": "",
		"boundary": "",
	}
}
