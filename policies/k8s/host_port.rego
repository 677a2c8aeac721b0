# METADATA
# title: Containers must not bind host ports
# description: >-
#   A hostPort publishes the container directly on the node's interfaces, bypassing Services and
#   NetworkPolicies and pinning the pod to nodes where the port is free.
# custom:
#   id: K8S-004
#   severity: medium
#   stride: [I, E]
#   aliases:
#     trivy: KSV-0024
#     checkov: CKV_K8S_26
#     kubescape: C-0044
#     polaris: hostPortSet
#     gatekeeper: K8sPSPHostNetworkingPorts
#     kyverno: disallow-host-ports
#     azure: BlockUsingHostNetwork
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {allowedHostPorts: "list of port numbers that may be bound (default none)"}
#   remediation: >-
#     Remove `hostPort` and expose the container through a Service.
package warden.checks.host_port

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	some j, port in object.get(c.container, "ports", [])
	port.hostPort != 0
	not port.hostPort in k8s.param("K8S-004", "allowedHostPorts", [])
	msg := sprintf("%s binds host port %v", [k8s.container_display(c), port.hostPort])
	finding := k8s.finding("K8S-004", "medium", msg, c.index, array.concat(c.path, ["ports", j, "hostPort"]))
}
