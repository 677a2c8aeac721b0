# METADATA
# title: Pods and containers must not run as UID 0
# description: >-
#   An explicit `runAsUser: 0` runs the process as root whatever the image says. A minimum UID can
#   be required (some tools ask for UIDs above 10000 to avoid clashing with host users).
# custom:
#   id: K8S-011
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0105, KSV-0020
#     checkov: CKV_K8S_40
#     kube-score: container-security-context-user-group-id
#     kyverno: require-run-as-non-root-user
#     kubesec: RunAsUser
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {minUid: "lowest UID accepted (default 1, i.e. only root is rejected)"}
#   remediation: >-
#     Set `runAsUser` to a non-zero UID (for example 10001) and make the image work as that user.
package warden.checks.run_as_user

import data.warden.lib.k8s

min_uid := k8s.param("K8S-011", "minUid", 1)

deny contains finding if {
	some p in k8s.pods
	uid := p.spec.securityContext.runAsUser
	uid < min_uid
	msg := sprintf("%s runs as UID %v (below %v)", [k8s.display(p.owner), uid, min_uid])
	finding := k8s.finding("K8S-011", "medium", msg, p.index, array.concat(p.path, ["securityContext", "runAsUser"]))
}

deny contains finding if {
	some c in k8s.containers
	uid := c.container.securityContext.runAsUser
	uid < min_uid
	msg := sprintf("%s runs as UID %v (below %v)", [k8s.container_display(c), uid, min_uid])
	finding := k8s.finding("K8S-011", "medium", msg, c.index, array.concat(c.path, ["securityContext", "runAsUser"]))
}
