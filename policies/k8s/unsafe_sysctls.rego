# METADATA
# title: Pods may set only safe sysctls
# description: >-
#   Sysctls outside the namespaced safe set change node-wide kernel behaviour and can starve or
#   destabilise other pods. Pod Security Standards (baseline) list the safe set.
# custom:
#   id: K8S-023
#   severity: medium
#   stride: [D, E]
#   aliases:
#     trivy: KSV-0026
#     kube-linter: unsafe-sysctls
#     gatekeeper: K8sPSPForbiddenSysctls
#     kyverno: restrict-sysctls
#     azure: AllowedSysctlInterfaces
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove the sysctl, or tune it on the node pool instead of in the pod.
package warden.checks.unsafe_sysctls

import data.warden.lib.k8s

safe := {
	"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
}

deny contains finding if {
	some p in k8s.pods
	some j, sysctl in p.spec.securityContext.sysctls
	not safe[sysctl.name]
	msg := sprintf("%s sets unsafe sysctl %s", [k8s.display(p.owner), sysctl.name])
	finding := k8s.finding("K8S-023", "medium", msg, p.index, array.concat(p.path, ["securityContext", "sysctls", j, "name"]))
}
