# METADATA
# title: NetworkPolicy admits traffic the model does not declare
# description: >-
#   A NetworkPolicy lets one modelled workload reach another although the threat model declares no
#   flow between them, or admits every source to a workload that the model reaches only from
#   inside. Either the model is missing a flow (its threats were never analysed) or the policy is too
#   wide.
# custom:
#   id: WD-DRIFT-001
#   severity: high
#   stride: [T, I, E]
#   resources: [NetworkPolicy]
#   remediation: Declare the flow in the model, or narrow the policy's `from` to the declared sources.
#   pod_spec: false
package warden.model.undeclared_ingress

import data.warden.model.network

declared contains [f.from, f.to] if {
	some f in data.warden.model.flows
}

# Elements reached from outside the cluster: exposed to the internet, or the target of a flow whose
# source is not a workload of the manifests (an actor, a gateway outside the cluster).
open_to_all contains eid if {
	some eid, e in data.warden.model.elements
	e.exposure == "internet"
}

open_to_all contains f.to if {
	some f in data.warden.model.flows
	src := data.warden.model.elements[f.from]
	src.namespace == ""
}

deny contains finding if {
	some n, dsts in network.targets_of
	np := input.resources[n]
	some dst in dsts
	some ri, rule in object.get(np.spec, "ingress", [])
	some pi, peer in object.get(rule, "from", [])
	some src in network.peer_elements(np, peer)
	src != dst
	not declared[[src, dst]]
	finding := {
		"check": "WD-DRIFT-001",
		"severity": "high",
		"msg": sprintf("NetworkPolicy %s/%s admits traffic from %s to %s, a flow the model does not declare", [np.metadata.namespace, np.metadata.name, src, dst]),
		"resource": n,
		"path": ["spec", "ingress", ri, "from", pi],
		"element": dst,
		"flow": "",
		"boundary": "",
	}
}

deny contains finding if {
	some n, dsts in network.targets_of
	np := input.resources[n]
	some dst in dsts
	not open_to_all[dst]
	some ri, rule in object.get(np.spec, "ingress", [])
	count(object.get(rule, "from", [])) == 0
	finding := {
		"check": "WD-DRIFT-001",
		"severity": "high",
		"msg": sprintf("NetworkPolicy %s/%s admits traffic from any source to %s, which the model reaches only from declared flows", [np.metadata.namespace, np.metadata.name, dst]),
		"resource": n,
		"path": ["spec", "ingress", ri],
		"element": dst,
		"flow": "",
		"boundary": "",
	}
}
