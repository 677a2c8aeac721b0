# METADATA
# title: Ingress hosts must be explicit and owned by one namespace
# description: >-
#   A wildcard (or missing) host captures traffic for names nobody reviewed; the same host claimed
#   by Ingresses in two namespaces lets one team hijack another's traffic.
# custom:
#   id: K8S-054
#   severity: medium
#   stride: [S]
#   aliases:
#     gatekeeper: K8sBlockWildcardIngress, K8sUniqueIngressHost
#     kube-score: ingress-targets-service
#     kube-linter: dangling-ingress
#   resources: [Ingress]
#   remediation: >-
#     Give every rule an explicit host and serve each host from a single namespace.
#   admission: partial
#   admission_reason: >-
#     the duplicate-host rule compares Ingresses across namespaces and only runs in CI; the wildcard-host rule is enforced
#   context: [Ingress]
package warden.checks.ingress_host

import data.warden.lib.k8s

deny contains finding if {
	some i, r in input.resources
	r.kind == "Ingress"
	some j, rule in object.get(r.spec, "rules", [])
	startswith(object.get(rule, "host", "*"), "*")
	msg := sprintf("%s rule %d matches any host (%s)", [k8s.display(r), j, object.get(rule, "host", "no host")])
	finding := k8s.finding("K8S-054", "medium", msg, i, host_path(rule, j))
}

host_path(rule, j) := ["spec", "rules", j, "host"] if rule.host

host_path(rule, j) := ["spec", "rules", j] if not rule.host

deny contains finding if {
	some i, r in input.resources
	r.kind == "Ingress"
	some j, rule in object.get(r.spec, "rules", [])
	some k, other in input.resources
	k < i
	other.kind == "Ingress"
	k8s.namespace(other) != k8s.namespace(r)
	some other_rule in object.get(other.spec, "rules", [])
	other_rule.host == rule.host
	msg := sprintf("%s claims host %s, already served by %s", [k8s.display(r), rule.host, k8s.display(other)])
	finding := k8s.finding("K8S-054", "medium", msg, i, ["spec", "rules", j, "host"])
}
