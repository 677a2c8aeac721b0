package warden.checks.public_service_test

import data.warden.checks.public_service

svc(type, annotations) := {
	"apiVersion": "v1", "kind": "Service",
	"metadata": {"name": "gw", "namespace": "ingress", "annotations": annotations},
	"spec": {"type": type, "selector": {"app": "gw"}, "ports": [{"port": 443}]},
}

test_public_lb_and_node_port_found if {
	res := public_service.deny with input as {"resources": [svc("ClusterIP", {}), svc("LoadBalancer", {}), svc("NodePort", {})]}
	{f.check | some f in res} == {"K8S-051"}
	{[f.resource, f.path] | some f in res} == {[1, ["spec", "type"]], [2, ["spec", "type"]]}
}

test_internal_lb_passes if {
	internal := svc("LoadBalancer", {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"})
	count(public_service.deny) == 0 with input as {"resources": [internal]}
}

test_allow_list if {
	count(public_service.deny) == 0 with input as {"resources": [svc("LoadBalancer", {})]}
		with data.warden.params as {"K8S-051": {"allowedServices": ["ingress/gw"]}}
}

test_clean_passes if {
	count(public_service.deny) == 0 with input as {"resources": [svc("ClusterIP", {})]}
}
