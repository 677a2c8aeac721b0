# METADATA
# title: Containers must limit ephemeral storage
# description: >-
#   A container writing logs or temp files without an ephemeral-storage limit can fill the node disk and get every pod on it evicted.
# custom:
#   id: K8S-034
#   severity: low
#   stride: [D]
#   aliases:
#     kube-score: container-ephemeral-storage-request-and-limit
#     gatekeeper: K8sContainerEphemeralStorageLimit
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `resources.limits` (["ephemeral-storage"]) on every init and regular container.
package warden.checks.ephemeral_storage

import data.warden.lib.k8s

keys := ["ephemeral-storage"]

deny contains finding if {
	some c in k8s.containers
	k8s.long_running_groups[c.group]
	some key in keys
	not c.container.resources.limits[key]
	msg := sprintf("%s has no %s limits", [k8s.container_display(c), key])
	finding := k8s.finding("K8S-034", "low", msg, c.index, k8s.path3(c.path, c.container, "resources", "limits", key))
}
