# METADATA
# title: Containers must not run privileged
# description: >-
#   A privileged container has every capability and all host devices: it is root on the node.
# custom:
#   id: K8S-008
#   severity: critical
#   stride: [E]
#   aliases:
#     trivy: KSV-0017
#     checkov: CKV_K8S_16
#     kubescape: C-0057
#     kube-score: container-security-context-privileged
#     kube-linter: privileged-container
#     polaris: runAsPrivileged
#     gatekeeper: K8sPSPPrivilegedContainer
#     kyverno: disallow-privileged-containers
#     kubesec: Privileged
#     azure: NoPrivilegedContainers
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `securityContext.privileged: true`; grant only the specific capability needed.
package warden.checks.privileged

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	c.container.securityContext.privileged == true
	msg := sprintf("%s runs privileged", [k8s.container_display(c)])
	finding := k8s.finding("K8S-008", "critical", msg, c.index, array.concat(c.path, ["securityContext", "privileged"]))
}
