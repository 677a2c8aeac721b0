# METADATA
# title: Pods must be managed by a controller
# description: >-
#   A bare Pod is not rescheduled when its node fails or is drained, and is invisible to the
#   rollout, scaling and disruption machinery.
# custom:
#   id: K8S-066
#   severity: low
#   stride: [D]
#   aliases:
#     kubescape: C-0073
#     azure: BlockNakedPods
#   resources: [Pod]
#   remediation: >-
#     Run the pod from a Deployment, StatefulSet, DaemonSet or Job.
package warden.checks.naked_pod

import data.warden.lib.k8s

deny contains finding if {
	some i, r in input.resources
	r.kind == "Pod"
	count(object.get(k8s.meta(r), "ownerReferences", [])) == 0
	msg := sprintf("%s is not managed by a controller", [k8s.display(r)])
	finding := k8s.finding("K8S-066", "low", msg, i, k8s.path2([], r, "metadata", "ownerReferences"))
}
