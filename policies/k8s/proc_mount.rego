# METADATA
# title: Containers must use the default /proc mount
# description: >-
#   `procMount: Unmasked` exposes /proc paths the runtime normally masks (kernel memory, keys,
#   scheduling). Pod Security Standards (baseline) allow only Default.
# custom:
#   id: K8S-022
#   severity: medium
#   stride: [I, E]
#   aliases:
#     trivy: KSV-0027
#     kube-linter: unsafe-proc-mount
#     polaris: procMount
#     gatekeeper: K8sPSPProcMount
#     kyverno: disallow-proc-mount
#     azure: AllowedProcMountType
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `securityContext.procMount` or set it to Default.
package warden.checks.proc_mount

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	mount := c.container.securityContext.procMount
	mount != "Default"
	msg := sprintf("%s uses procMount %s", [k8s.container_display(c), mount])
	finding := k8s.finding("K8S-022", "medium", msg, c.index, array.concat(c.path, ["securityContext", "procMount"]))
}
