# METADATA
# title: Containers must drop NET_RAW
# description: >-
#   NET_RAW (in the default capability set) allows crafting raw packets: ARP/DNS spoofing and
#   sniffing of neighbours on the node's network. It must not be added, and must be dropped
#   (explicitly or through ALL).
# custom:
#   id: K8S-017
#   severity: medium
#   stride: [S, I]
#   aliases:
#     trivy: KSV-0119
#     checkov: CKV_K8S_28
#     kube-linter: drop-net-raw-capability
#     kyverno: require-drop-cap-net-raw
#     polaris: insecureCapabilities
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Drop NET_RAW (or ALL) in `securityContext.capabilities.drop` and do not add it back.
package warden.checks.drop_net_raw

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	some j, cap in k8s.added_caps(c)
	cap == "NET_RAW"
	msg := sprintf("%s adds NET_RAW", [k8s.container_display(c)])
	finding := k8s.finding("K8S-017", "medium", msg, c.index, array.concat(c.path, ["securityContext", "capabilities", "add", j]))
}

deny contains finding if {
	some c in k8s.containers
	not "NET_RAW" in k8s.added_caps(c)
	dropped := k8s.dropped_caps(c)
	not dropped.ALL
	not dropped.NET_RAW
	msg := sprintf("%s keeps NET_RAW (drop neither NET_RAW nor ALL)", [k8s.container_display(c)])
	path := k8s.path3(c.path, c.container, "securityContext", "capabilities", "drop")
	finding := k8s.finding("K8S-017", "medium", msg, c.index, path)
}
