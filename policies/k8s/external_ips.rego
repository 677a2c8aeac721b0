# METADATA
# title: Services must not set externalIPs
# description: >-
#   Anyone who can create a Service with `externalIPs` can intercept traffic to those addresses
#   from inside the cluster (CVE-2020-8554, a man-in-the-middle primitive).
# custom:
#   id: K8S-052
#   severity: high
#   stride: [S, T]
#   aliases:
#     trivy: KSV-0108
#     gatekeeper: K8sExternalIPs
#     kyverno: restrict-service-external-ips
#     azure: AllowedExternalIPs
#   resources: [Service]
#   params: {allowedIPs: "external IPs that may be used (default none)"}
#   remediation: >-
#     Remove `spec.externalIPs`; use a LoadBalancer Service or an Ingress instead.
package warden.checks.external_ips

import data.warden.lib.k8s

deny contains finding if {
	some i, r in input.resources
	r.kind == "Service"
	some j, ip in r.spec.externalIPs
	not ip in k8s.param("K8S-052", "allowedIPs", [])
	msg := sprintf("%s claims external IP %s (CVE-2020-8554)", [k8s.display(r), ip])
	finding := k8s.finding("K8S-052", "high", msg, i, ["spec", "externalIPs", j])
}
