# METADATA
# title: Liveness and readiness probes must differ
# description: >-
#   A liveness probe identical to the readiness probe restarts a container exactly when it should
#   only be taken out of the load balancer: a slow dependency or a burst of load then turns into a
#   restart loop across every replica. Liveness should test that the process is alive; readiness
#   that it can serve. Probes are compared on their handler (httpGet, tcpSocket, grpc, exec).
# custom:
#   id: K8S-071
#   severity: low
#   stride: [D]
#   aliases:
#     kube-score: pod-probes-identical
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController]
#   remediation: >-
#     Point the liveness probe at a cheap endpoint that only checks the process (or drop it), and
#     keep the dependency checks in the readiness probe.
package warden.checks.probes_distinct

import data.warden.lib.k8s

handlers := ["httpGet", "tcpSocket", "grpc", "exec"]

handler(probe) := {h: probe[h] | some h in handlers; probe[h]}

deny contains finding if {
	some c in k8s.containers
	c.group == "containers"
	live := c.container.livenessProbe
	ready := c.container.readinessProbe
	h := handler(live)
	count(h) > 0
	h == handler(ready)
	msg := sprintf("%s has identical liveness and readiness probes", [k8s.container_display(c)])
	finding := k8s.finding("K8S-071", "low", msg, c.index, array.concat(c.path, ["livenessProbe"]))
}
