package warden.checks.ingress_host_test

import data.warden.checks.ingress_host

ing(ns, hosts) := {
	"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
	"metadata": {"name": "web", "namespace": ns},
	"spec": {"rules": [{"host": h} | some h in hosts]},
}

test_wildcard_found if {
	res := ingress_host.deny with input as {"resources": [ing("ingress", ["pay.contoso.com", "*.contoso.com"])]}
	count(res) == 1
	some f in res
	f.check == "K8S-054"
	f.resource == 0
	f.path == ["spec", "rules", 1, "host"]
}

test_duplicate_across_namespaces_found_on_later if {
	res := ingress_host.deny with input as {"resources": [ing("ingress", ["pay.contoso.com"]), ing("payments", ["pay.contoso.com"])]}
	count(res) == 1
	some f in res
	f.resource == 1
	f.path == ["spec", "rules", 0, "host"]
}

test_clean_passes if {
	count(ingress_host.deny) == 0 with input as {"resources": [ing("ingress", ["pay.contoso.com"]), ing("ingress", ["pay.contoso.com"])]}
}
