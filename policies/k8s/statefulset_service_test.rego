package warden.checks.statefulset_service_test

import data.warden.checks.statefulset_service
import data.warden.lib.fixtures as fx

sts := object.union(fx.wrap("StatefulSet", fx.good_pod), {"spec": {"serviceName": "payments-db"}})

svc(name, spec) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "payments"}, "spec": spec}

headless := svc("payments-db", {"clusterIP": "None", "selector": fx.labels})

test_headless_service_passes if {
	count(statefulset_service.deny) == 0 with input as {"resources": [sts, headless]}
}

test_cluster_ip_service_found if {
	res := statefulset_service.deny with input as {"resources": [sts, svc("payments-db", {"selector": fx.labels})]}
	count(res) == 1
	some f in res
	f.check == "K8S-070"
	f.resource == 0
	f.path == ["spec", "serviceName"]
	f.msg == "StatefulSet payments/payments-api names Service payments-db in serviceName, which is not headless (clusterIP is unset, not None)"
}

test_missing_service_found_when_namespace_has_services if {
	res := statefulset_service.deny with input as {"resources": [sts, svc("other", {"selector": fx.labels})]}
	count(res) == 1
}

test_no_services_in_namespace_not_judged if {
	count(statefulset_service.deny) == 0 with input as fx.one(sts)
}

test_headless_selecting_other_pods_found if {
	res := statefulset_service.deny with input as {"resources": [sts, svc("payments-db", {"clusterIP": "None", "selector": {"app": "other"}})]}
	count(res) == 1
}

test_no_service_name_found if {
	res := statefulset_service.deny with input as {"resources": [fx.wrap("StatefulSet", fx.good_pod), headless]}
	fx.paths(res) == {["spec", "serviceName"]}
}

test_service_written_twice_no_conflict if {
	count(statefulset_service.deny) == 0 with input as {"resources": [sts, headless, object.union(headless, {"metadata": {"labels": {"a": "b"}}})]}
}
