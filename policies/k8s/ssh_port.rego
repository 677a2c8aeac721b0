# METADATA
# title: Containers must not expose SSH
# description: >-
#   A container listening on port 22 runs an SSH server: a second, unmonitored way in that
#   bypasses the cluster's authentication and audit (use `kubectl debug` instead).
# custom:
#   id: K8S-043
#   severity: medium
#   stride: [S, E]
#   aliases:
#     kubescape: C-0042
#     kube-linter: ssh-port
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove the SSH server and port 22; use ephemeral debug containers for troubleshooting.
package warden.checks.ssh_port

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	some j, port in object.get(c.container, "ports", [])
	port.containerPort == 22
	msg := sprintf("%s exposes SSH (port 22)", [k8s.container_display(c)])
	finding := k8s.finding("K8S-043", "medium", msg, c.index, array.concat(c.path, ["ports", j, "containerPort"]))
}
