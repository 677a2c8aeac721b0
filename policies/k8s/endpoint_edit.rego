# METADATA
# title: The aggregated edit role must not grant endpoint writes
# description: >-
#   Roles aggregated into `edit` that allow writing Endpoints or EndpointSlices let every editor
#   redirect a Service to arbitrary IPs, including across namespaces (CVE-2021-25740).
# custom:
#   id: K8S-064
#   severity: high
#   stride: [T, E]
#   aliases:
#     gatekeeper: K8sBlockEndpointEditDefaultRole
#     azure: BlockEndpointEditDefaultRole
#   resources: [ClusterRole]
#   remediation: >-
#     Remove endpoints/endpointslices write verbs from roles aggregated into edit.
package warden.checks.endpoint_edit

import data.warden.lib.k8s

aggregated_to_edit(r) if r.metadata.name == "system:aggregate-to-edit"

aggregated_to_edit(r) if r.metadata.labels["rbac.authorization.k8s.io/aggregate-to-edit"] == "true"

endpoint_resources := [["", "endpoints"], ["discovery.k8s.io", "endpointslices"]]

deny contains finding if {
	some entry in k8s.rbac_rules
	entry.owner.kind == "ClusterRole"
	aggregated_to_edit(entry.owner)
	writable := {pair[1] | some pair in endpoint_resources; some verb in k8s.write_verbs; k8s.grants(entry.rule, pair[0], pair[1], verb)}
	count(writable) > 0
	msg := sprintf("%s is aggregated into edit and can modify %s (CVE-2021-25740)", [k8s.display(entry.owner), concat(", ", sort(writable))])
	finding := k8s.finding("K8S-064", "high", msg, entry.index, entry.path)
}
