# METADATA
# title: Services must not be exposed through public load balancers or node ports
# description: >-
#   A LoadBalancer Service without the provider's "internal" annotation gets a public IP; a
#   NodePort opens the port on every node. Both bypass the ingress tier (WAF, TLS, auth) the
#   model puts in front of the workloads.
# custom:
#   id: K8S-051
#   severity: medium
#   stride: [I, D]
#   aliases:
#     gatekeeper: K8sBlockLoadBalancer, K8sBlockNodePort
#     kube-score: service-type
#     kube-linter: exposed-services
#     azure: use internal load balancers
#   resources: [Service]
#   params: {allowedServices: "namespace/name of Services allowed to be public (default none)"}
#   remediation: >-
#     Use ClusterIP behind the ingress controller, or annotate the Service
#     `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`.
package warden.checks.public_service

import data.warden.lib.k8s

internal_annotations := {
	"service.beta.kubernetes.io/azure-load-balancer-internal": "true",
	"service.beta.kubernetes.io/aws-load-balancer-internal": "true",
	"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
	"networking.gke.io/load-balancer-type": "Internal",
	"cloud.google.com/load-balancer-type": "Internal",
}

is_internal(r) if {
	some key, value in object.get(r.metadata, "annotations", {})
	internal_annotations[key] == value
}

allowed(r) if concat("/", [k8s.namespace(r), r.metadata.name]) in k8s.param("K8S-051", "allowedServices", [])

deny contains finding if {
	some i, r in input.resources
	r.kind == "Service"
	r.spec.type == "LoadBalancer"
	not is_internal(r)
	not allowed(r)
	msg := sprintf("%s is a public LoadBalancer (no internal annotation)", [k8s.display(r)])
	finding := k8s.finding("K8S-051", "medium", msg, i, ["spec", "type"])
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "Service"
	r.spec.type == "NodePort"
	not allowed(r)
	msg := sprintf("%s is a NodePort Service, open on every node", [k8s.display(r)])
	finding := k8s.finding("K8S-051", "medium", msg, i, ["spec", "type"])
}
