package warden.checks.external_ips_test

import data.warden.checks.external_ips

svc := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api", "namespace": "payments"}, "spec": {"externalIPs": ["10.0.0.1", "23.1.1.1"]}}

test_external_ips_found if {
	res := external_ips.deny with input as {"resources": [svc]}
	{f.check | some f in res} == {"K8S-052"}
	{[f.resource, f.path] | some f in res} == {[0, ["spec", "externalIPs", 0]], [0, ["spec", "externalIPs", 1]]}
}

test_allowed_ip if {
	count(external_ips.deny) == 1 with input as {"resources": [svc]} with data.warden.params as {"K8S-052": {"allowedIPs": ["10.0.0.1"]}}
}

test_clean_passes if {
	count(external_ips.deny) == 0 with input as {"resources": [object.union(svc, {"spec": {"externalIPs": []}})]}
}
