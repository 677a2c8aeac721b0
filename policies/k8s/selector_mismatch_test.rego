package warden.checks.selector_mismatch_test

import data.warden.checks.selector_mismatch as check
import data.warden.lib.fixtures as fx

deployment := fx.wrap("Deployment", fx.good_pod)

svc(selector) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "payments-api", "namespace": "payments"}, "spec": {"selector": selector}}

test_controller_selector_mismatch_found if {
	bad := json.patch(deployment, [{"op": "replace", "path": "/spec/selector/matchLabels", "value": {"app": "other"}}])
	res := check.deny with input as fx.one(bad)
	count(res) == 1
	some f in res
	f.check == "K8S-068"
	f.resource == 0
	f.path == ["spec", "selector"]
}

test_service_selecting_nothing_found if {
	res := check.deny with input as {"resources": [deployment, svc({"app.kubernetes.io/name": "payment-api"})]}
	count(res) == 1
	some f in res
	f.resource == 1
	f.msg == "Service payments/payments-api selects no pod in the manifests"
}

test_dangling_ingress_and_hpa if {
	ing := {
		"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "payments"},
		"spec": {"rules": [{"host": "pay.contoso.com", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "payments-apii", "port": {"number": 80}}}}]}}]},
	}
	hpa := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "api", "namespace": "payments"}, "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"}}}
	res := check.deny with input as {"resources": [deployment, svc({"app.kubernetes.io/name": "payments-api"}), ing, hpa]}
	{[f.resource, f.path] | some f in res} == {
		[2, ["spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"]],
		[3, ["spec", "scaleTargetRef", "name"]],
	}
}

test_service_alone_is_not_judged if {
	count(check.deny) == 0 with input as {"resources": [svc({"app": "x"})]}
}

test_clean_passes if {
	count(check.deny) == 0 with input as {"resources": [deployment, svc({"app.kubernetes.io/name": "payments-api"})]}
}
