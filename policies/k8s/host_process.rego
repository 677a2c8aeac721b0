# METADATA
# title: Windows pods must not run as HostProcess
# description: >-
#   A Windows HostProcess container runs directly on the node with the node's privileges;
#   Pod Security Standards (baseline) forbid it.
# custom:
#   id: K8S-007
#   severity: high
#   stride: [E]
#   aliases:
#     trivy: KSV-0103
#     polaris: hostProcess
#     gatekeeper: K8sPSPHostProcess
#     kyverno: disallow-host-process
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `windowsOptions.hostProcess` (or set it to false) at pod and container level.
package warden.checks.host_process

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	p.spec.securityContext.windowsOptions.hostProcess == true
	msg := sprintf("%s runs as a Windows HostProcess pod", [k8s.display(p.owner)])
	path := array.concat(p.path, ["securityContext", "windowsOptions", "hostProcess"])
	finding := k8s.finding("K8S-007", "high", msg, p.index, path)
}

deny contains finding if {
	some c in k8s.containers
	c.container.securityContext.windowsOptions.hostProcess == true
	msg := sprintf("%s runs as a Windows HostProcess container", [k8s.container_display(c)])
	path := array.concat(c.path, ["securityContext", "windowsOptions", "hostProcess"])
	finding := k8s.finding("K8S-007", "high", msg, c.index, path)
}
