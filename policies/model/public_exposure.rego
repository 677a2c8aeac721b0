# METADATA
# title: Internet exposure in a boundary the model keeps internal
# description: >-
#   A public LoadBalancer Service (no cloud "internal load balancer" annotation) sits in a namespace
#   whose boundary holds no element with `exposure internet`, or an Ingress routes into a namespace
#   that no modelled flow enters from an ingress element or an internet-exposed one: the manifests
#   publish what the model says is internal, so the threats the model analysed are not the ones the
#   cluster faces.
# custom:
#   id: WD-DRIFT-004
#   severity: high
#   stride: [S, I, D]
#   resources: [Service, Ingress]
#   remediation: "Use a ClusterIP Service behind the modelled gateway, or mark the exposed element `exposure internet` and review its threats."
#   per_resource: true
package warden.model.public_exposure

import data.warden.model.bindings

internal_namespace(ns) if {
	b := data.warden.model.namespaces[ns]
	not b.internet
}

# Cloud annotations that keep a LoadBalancer on a private address.
internal_lb_annotations := {
	"service.beta.kubernetes.io/azure-load-balancer-internal": "true",
	"service.beta.kubernetes.io/aws-load-balancer-internal": "true",
	"networking.gke.io/load-balancer-type": "Internal",
	"cloud.google.com/load-balancer-type": "Internal",
}

internal_lb(r) if {
	some k, v in internal_lb_annotations
	lower(object.get(object.get(r.metadata, "annotations", {}), k, "")) == lower(v)
}

# A declared flow enters the namespace from an ingress element or an internet-exposed one.
routed_from_edge(ns) if {
	some f in data.warden.model.flows
	data.warden.model.elements[f.to].namespace == ns
	src := data.warden.model.elements[f.from]
	edge(src)
}

edge(e) if e.kind == "ingress"

edge(e) if e.exposure == "internet"

deny contains finding if {
	some i, r in input.resources
	r.kind == "Service"
	r.spec.type == "LoadBalancer"
	not internal_lb(r)
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
	not routed_from_edge(ns)
	b := data.warden.model.namespaces[ns]
	finding := {
		"check": "WD-DRIFT-004",
		"severity": "high",
		"msg": sprintf("Ingress %s/%s publishes services, but the model keeps boundary %s off the internet (no flow enters it from an ingress or internet-facing element)", [ns, r.metadata.name, b.boundary]),
		"resource": i,
		"path": ["spec"],
		"element": "",
		"flow": "",
		"boundary": b.boundary,
	}
}
