# METADATA
# title: Probes and lifecycle hooks must not target other hosts
# description: >-
#   A `host` in an httpGet or tcpSocket probe or lifecycle handler makes the kubelet connect to
#   an arbitrary address from the node: an SSRF primitive. Pod Security Standards (baseline,
#   from 1.34) forbid it.
# custom:
#   id: K8S-025
#   severity: medium
#   stride: [S, I]
#   aliases:
#     gatekeeper: K8sPSPHostProbesLifecycle
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `host` from probes and lifecycle handlers; the kubelet then targets the pod IP.
package warden.checks.probe_host

import data.warden.lib.k8s

# [path below the container, handler] for every probe and lifecycle handler.
handlers(container) := [[[probe], container[probe]] | some probe in ["livenessProbe", "readinessProbe", "startupProbe"]; container[probe]]

hook_handlers(container) := [[["lifecycle", hook], container.lifecycle[hook]] | some hook in ["postStart", "preStop"]; container.lifecycle[hook]]

deny contains finding if {
	some c in k8s.containers
	some entry in array.concat(handlers(c.container), hook_handlers(c.container))
	some action in ["httpGet", "tcpSocket"]
	host := entry[1][action].host
	host != ""
	msg := sprintf("%s has a %s handler targeting host %s", [k8s.container_display(c), action, host])
	path := array.concat(array.concat(c.path, entry[0]), [action, "host"])
	finding := k8s.finding("K8S-025", "medium", msg, c.index, path)
}
