# METADATA
# title: Workload the model does not describe
# description: >-
#   A workload in the manifests matches no element of the model (by `workload "kind/name"` or
#   `selector`). Nothing was threat-modelled for it, and none of the model's controls are checked on
#   it. Pods owned by a controller are skipped (their controller is the workload).
# custom:
#   id: WD-DRIFT-005
#   severity: medium
#   stride: [S, T, R, I, D, E]
#   resources: [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod]
#   remediation: Add an element with a `workload` binding to the model, or remove the workload.
#   per_resource: true
package warden.model.unmodelled_workload

import data.warden.model.bindings

deny contains finding if {
	some i, r in input.resources
	bindings.is_workload(r)
	count(object.get(r.metadata, "ownerReferences", [])) == 0
	not bindings.described(i)
	finding := {
		"check": "WD-DRIFT-005",
		"severity": "medium",
		"msg": sprintf("%s %s is not described by any element of the model", [r.kind, r.metadata.name]),
		"resource": i,
		"path": ["metadata", "name"],
		"element": "",
		"flow": "",
		"boundary": "",
	}
}
