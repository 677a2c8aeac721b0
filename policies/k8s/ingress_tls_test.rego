package warden.checks.ingress_tls_test

import data.warden.checks.ingress_tls

ing(tls) := {
	"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
	"metadata": {"name": "pay", "namespace": "ingress"},
	"spec": {"tls": tls, "rules": [{"host": "pay.contoso.com"}, {"host": "admin.contoso.com"}]},
}

test_no_tls_found if {
	res := ingress_tls.deny with input as {"resources": [ing([])]}
	count(res) == 1
	some f in res
	f.check == "K8S-053"
	f.resource == 0
	f.path == ["spec", "tls"]
}

test_uncovered_host_found if {
	res := ingress_tls.deny with input as {"resources": [ing([{"hosts": ["pay.contoso.com"], "secretName": "pay-tls"}])]}
	count(res) == 1
	some f in res
	f.path == ["spec", "rules", 1, "host"]
}

test_clean_passes if {
	count(ingress_tls.deny) == 0 with input as {"resources": [ing([{"hosts": ["pay.contoso.com", "admin.contoso.com"], "secretName": "t"}])]}
}
