# METADATA
# title: Containers should listen on unprivileged ports
# description: >-
#   Binding a port below 1024 needs root or NET_BIND_SERVICE; images that listen on 80/443 tend to
#   run as root for no other reason. Listen on 8080/8443 and map the port in the Service.
# custom:
#   id: K8S-044
#   severity: low
#   stride: [E]
#   aliases:
#     trivy: KSV-0117
#     kube-linter: privileged-ports
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Listen on a port >= 1024 and use the Service's `port`/`targetPort` mapping.
package warden.checks.privileged_ports

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	some j, port in object.get(c.container, "ports", [])
	port.containerPort < 1024
	msg := sprintf("%s listens on privileged port %v", [k8s.container_display(c), port.containerPort])
	finding := k8s.finding("K8S-044", "low", msg, c.index, array.concat(c.path, ["ports", j, "containerPort"]))
}
