# METADATA
# title: Probes must target a port the container exposes
# description: >-
#   An httpGet, tcpSocket or grpc probe aimed at a port the container does not declare (by number or
#   by name) usually means the probe checks nothing the container serves, or fails forever after a
#   port change. Containers that declare no ports at all are not judged (their ports are unknown).
# custom:
#   id: K8S-072
#   severity: low
#   stride: [D]
#   aliases:
#     kube-linter: liveness-port, readiness-port, startup-port
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController]
#   remediation: >-
#     Point the probe at a `containerPort` of the container (by number or by its name), or declare
#     the port the probe uses.
package warden.checks.probe_port

import data.warden.lib.k8s

probe_kinds := ["livenessProbe", "readinessProbe", "startupProbe"]

port_handlers := ["httpGet", "tcpSocket", "grpc"]

exposed(ports, p) if {
	is_number(p)
	some q in ports
	q.containerPort == p
}

exposed(ports, p) if {
	is_string(p)
	some q in ports
	q.name == p
}

# A numeric port written as a string ("8080") is matched by number.
exposed(ports, p) if {
	is_string(p)
	regex.match(`^[0-9]+$`, p)
	some q in ports
	q.containerPort == to_number(p)
}

deny contains finding if {
	some c in k8s.containers
	k8s.long_running_groups[c.group]
	ports := c.container.ports
	count(ports) > 0
	some probe in probe_kinds
	some h in port_handlers
	p := c.container[probe][h].port
	not exposed(ports, p)
	msg := sprintf("%s %s targets port %v, which the container does not expose", [k8s.container_display(c), probe, p])
	finding := k8s.finding("K8S-072", "low", msg, c.index, array.concat(c.path, [probe, h, "port"]))
}
