# METADATA
# title: Internet exposure in a boundary the model keeps internal
# description: >-
#   A LoadBalancer Service or an Ingress sits in a namespace whose boundary holds no element with
#   `exposure internet`: the manifests publish what the model says is internal, so the threats the
#   model analysed are not the ones the cluster faces.
# custom:
#   id: WD-DRIFT-004
#   severity: high
#   stride: [S, I, D]
#   resources: [Service, Ingress]
#   remediation: "Use a ClusterIP Service behind the modelled gateway, or mark the exposed element `exposure internet` and review its threats."
package warden.model.public_exposure

import data.warden.model.bindings

internal_namespace(ns) if {
	b := data.warden.model.namespaces[ns]
	not b.internet
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "Service"
	r.spec.type == "LoadBalancer"
	ns := bindings.resource_namespace(r)
	internal_namespace(ns)
	b := data.warden.model.namespaces[ns]
	finding := {
		"check": "WD-DRIFT-004",
		"severity": "high",
		"msg": sprintf("Service %s/%s is a LoadBalancer, but the model keeps boundary %s off the internet", [ns, r.metadata.name, b.boundary]),
		"resource": i,
		"path": ["spec", "type"],
		"element": "",
		"flow": "",
		"boundary": b.boundary,
	}
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "Ingress"
	ns := bindings.resource_namespace(r)
	internal_namespace(ns)
	b := data.warden.model.namespaces[ns]
	finding := {
		"check": "WD-DRIFT-004",
		"severity": "high",
		"msg": sprintf("Ingress %s/%s publishes services, but the model keeps boundary %s off the internet", [ns, r.metadata.name, b.boundary]),
		"resource": i,
		"path": ["spec"],
		"element": "",
		"flow": "",
		"boundary": b.boundary,
	}
}
