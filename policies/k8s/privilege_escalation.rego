# METADATA
# title: Containers must disallow privilege escalation
# description: >-
#   Unless `allowPrivilegeEscalation` is explicitly false, a process can gain more privileges than
#   its parent (setuid binaries, file capabilities). Pod Security Standards (restricted) require false.
# custom:
#   id: K8S-009
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0001
#     checkov: CKV_K8S_20
#     kubescape: C-0016
#     kube-linter: privilege-escalation-container
#     polaris: privilegeEscalationAllowed
#     gatekeeper: K8sPSPAllowPrivilegeEscalationContainer
#     kyverno: disallow-privilege-escalation
#     kubesec: AllowPrivilegeEscalation
#     azure: NoPrivilegeEscalation
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `securityContext.allowPrivilegeEscalation: false` on every container.
package warden.checks.privilege_escalation

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	not c.container.securityContext.allowPrivilegeEscalation == false
	msg := sprintf("%s allows privilege escalation (allowPrivilegeEscalation is not false)", [k8s.container_display(c)])
	path := k8s.path2(c.path, c.container, "securityContext", "allowPrivilegeEscalation")
	finding := k8s.finding("K8S-009", "medium", msg, c.index, path)
}
