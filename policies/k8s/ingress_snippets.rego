# METADATA
# title: Ingresses must not use NGINX configuration snippets
# description: >-
#   `*-snippet` annotations inject raw NGINX configuration; with Lua or `alias` directives they
#   read the controller's service account token and every Secret it can see (CVE-2021-25742).
# custom:
#   id: K8S-055
#   severity: high
#   stride: [E, I]
#   aliases:
#     checkov: CKV_K8S_152, CKV_K8S_153, CKV_K8S_154
#     kubescape: C-0059
#     trivy: KCV-0093
#   resources: [Ingress]
#   remediation: >-
#     Remove the snippet annotation and set `allow-snippet-annotations: "false"` in the controller.
package warden.checks.ingress_snippets

import data.warden.lib.k8s

deny contains finding if {
	some i, r in input.resources
	r.kind == "Ingress"
	some key, _ in object.get(r.metadata, "annotations", {})
	endswith(key, "-snippet")
	msg := sprintf("%s injects raw NGINX configuration through annotation %s", [k8s.display(r), key])
	finding := k8s.finding("K8S-055", "high", msg, i, ["metadata", "annotations", key])
}
