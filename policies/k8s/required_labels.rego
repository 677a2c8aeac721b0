# METADATA
# title: Workloads must carry the required ownership labels
# description: >-
#   Without owner and application labels nobody can tell who runs a workload, who to page, or
#   which threat-model element it implements: incidents and audits stall.
# custom:
#   id: K8S-067
#   severity: low
#   stride: [R]
#   aliases:
#     gatekeeper: K8sRequiredLabels, K8sRequiredAnnotations
#     kube-linter: required-label-owner, required-annotation-email
#     kyverno: require-labels
#     kubescape: C-0076, C-0077
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {labels: "label keys every workload must have (default [app.kubernetes.io/name, owner])"}
#   remediation: >-
#     Add the labels to the workload's metadata.
package warden.checks.required_labels

import data.warden.lib.k8s

required := k8s.param("K8S-067", "labels", ["app.kubernetes.io/name", "owner"])

deny contains finding if {
	some i, r in input.resources
	k8s.workload_kinds[r.kind]
	labels := object.get(k8s.meta(r), "labels", {})
	some key in required
	not labels[key]
	msg := sprintf("%s has no %s label", [k8s.display(r), key])
	finding := k8s.finding("K8S-067", "low", msg, i, k8s.path3([], r, "metadata", "labels", key))
}
