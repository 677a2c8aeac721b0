package warden.checks.ingress_snippets_test

import data.warden.checks.ingress_snippets

ing(annotations) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "ingress", "annotations": annotations}, "spec": {}}

test_snippet_found if {
	res := ingress_snippets.deny with input as {"resources": [ing({
		"nginx.ingress.kubernetes.io/ssl-redirect": "true",
		"nginx.ingress.kubernetes.io/server-snippet": "location /x { alias /var/run/secrets/; }",
	})]}
	count(res) == 1
	some f in res
	f.check == "K8S-055"
	f.resource == 0
	f.path == ["metadata", "annotations", "nginx.ingress.kubernetes.io/server-snippet"]
}

test_clean_passes if {
	count(ingress_snippets.deny) == 0 with input as {"resources": [ing({"nginx.ingress.kubernetes.io/ssl-redirect": "true"})]}
}
