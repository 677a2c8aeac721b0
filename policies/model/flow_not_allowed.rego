# METADATA
# title: Declared flow blocked by the namespace's default deny
# description: >-
#   The model declares a flow between two workloads, the destination's namespace denies ingress by
#   default, and no NetworkPolicy admits the source: the application will fail in the cluster, or
#   the model describes a flow that does not exist.
# custom:
#   id: WD-DRIFT-002
#   severity: medium
#   stride: [D]
#   resources: [NetworkPolicy, Deployment, StatefulSet, DaemonSet]
#   remediation: Add a NetworkPolicy admitting the declared source, or remove the flow from the model.
#   pod_spec: false
package warden.model.flow_not_allowed

import data.warden.model.bindings
import data.warden.model.network

deny contains finding if {
	some f in data.warden.model.flows
	bindings.described_elements[f.from]
	some di in object.get(bindings.resources_of, f.to, [])
	dst := input.resources[di]
	network.default_deny[bindings.resource_namespace(dst)]
	# the whole set, bound once: a lookup with a constant key would make opa re-derive it per flow
	allowed := network.allowed_ingress
	not allowed[[f.from, f.to]]
	not allowed[["*", f.to]]
	finding := {
		"check": "WD-DRIFT-002",
		"severity": "medium",
		"msg": sprintf("the model declares flow %s (%s -> %s) but no NetworkPolicy in namespace %s admits it past the default deny", [f.id, f.from, f.to, bindings.resource_namespace(dst)]),
		"resource": di,
		"path": ["metadata", "name"],
		"element": f.to,
		"flow": f.id,
		"boundary": "",
	}
}
