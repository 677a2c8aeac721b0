# METADATA
# title: Pods must not override name resolution with hostAliases
# description: >-
#   `hostAliases` writes entries into the pod's /etc/hosts, silently redirecting names to other
#   addresses (a spoofing vector that bypasses DNS and its monitoring).
# custom:
#   id: K8S-040
#   severity: low
#   stride: [S]
#   aliases:
#     trivy: KSV-0007
#     kubesec: HostAliases
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `hostAliases`; fix the name in DNS (CoreDNS custom config or a private DNS zone).
package warden.checks.host_aliases

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	count(object.get(p.spec, "hostAliases", [])) > 0
	msg := sprintf("%s overrides /etc/hosts with hostAliases", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-040", "low", msg, p.index, array.concat(p.path, ["hostAliases"]))
}
