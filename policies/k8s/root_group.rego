# METADATA
# title: Pods and containers must not run with the root group
# description: >-
#   GID 0 in `runAsGroup`, `fsGroup` or `supplementalGroups` gives the process root-group access
#   to files owned by group root (including many files on the image and host mounts).
# custom:
#   id: K8S-012
#   severity: low
#   stride: [E]
#   aliases:
#     trivy: KSV-0116, KSV-0021
#     gatekeeper: K8sPSPAllowedUsers, K8sPSPFSGroup
#     kube-linter: run-as-non-root
#     kubesec: RunAsGroup
#     azure: AllowedUsersGroups
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set runAsGroup and fsGroup to a non-zero GID and remove 0 from supplementalGroups.
package warden.checks.root_group

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	some field in ["runAsGroup", "fsGroup"]
	p.spec.securityContext[field] == 0
	msg := sprintf("%s sets %s to the root group (0)", [k8s.display(p.owner), field])
	finding := k8s.finding("K8S-012", "low", msg, p.index, array.concat(p.path, ["securityContext", field]))
}

deny contains finding if {
	some p in k8s.pods
	some j, gid in p.spec.securityContext.supplementalGroups
	gid == 0
	msg := sprintf("%s adds the root group (0) to supplementalGroups", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-012", "low", msg, p.index, array.concat(p.path, ["securityContext", "supplementalGroups", j]))
}

deny contains finding if {
	some c in k8s.containers
	c.container.securityContext.runAsGroup == 0
	msg := sprintf("%s sets runAsGroup to the root group (0)", [k8s.container_display(c)])
	finding := k8s.finding("K8S-012", "low", msg, c.index, array.concat(c.path, ["securityContext", "runAsGroup"]))
}
