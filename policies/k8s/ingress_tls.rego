# METADATA
# title: Ingresses must terminate TLS for every host
# description: >-
#   An Ingress without `spec.tls`, or with hosts not covered by its TLS section, serves those hosts
#   over plain HTTP: credentials and tokens cross the network in clear text.
# custom:
#   id: K8S-053
#   severity: high
#   stride: [I, T, S]
#   aliases:
#     polaris: tlsSettingsMissing
#     gatekeeper: K8sHttpsOnly
#     azure: accessible only over HTTPS
#   resources: [Ingress]
#   remediation: >-
#     Add a `spec.tls` entry listing every host with its certificate Secret (cert-manager or Key Vault).
package warden.checks.ingress_tls

import data.warden.lib.k8s

deny contains finding if {
	some i, r in input.resources
	r.kind == "Ingress"
	count(object.get(r.spec, "tls", [])) == 0
	msg := sprintf("%s has no TLS section: it serves plain HTTP", [k8s.display(r)])
	finding := k8s.finding("K8S-053", "high", msg, i, ["spec", "tls"])
}

deny contains finding if {
	some i, r in input.resources
	r.kind == "Ingress"
	count(object.get(r.spec, "tls", [])) > 0
	covered := {h | some t in r.spec.tls; some h in object.get(t, "hosts", [])}
	some j, rule in object.get(r.spec, "rules", [])
	not covered[rule.host]
	msg := sprintf("%s host %s is not covered by its TLS section", [k8s.display(r), rule.host])
	finding := k8s.finding("K8S-053", "high", msg, i, ["spec", "rules", j, "host"])
}
