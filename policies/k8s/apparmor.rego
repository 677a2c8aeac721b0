# METADATA
# title: Containers must not run AppArmor unconfined
# description: >-
#   An `unconfined` AppArmor profile (field `appArmorProfile.type: Unconfined` or the legacy
#   `container.apparmor.security.beta.kubernetes.io/<container>` annotation) removes the
#   runtime's default mandatory access control. Pod Security Standards (baseline) forbid it.
# custom:
#   id: K8S-020
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0002
#     polaris: linuxHardening
#     gatekeeper: K8sPSPAppArmor
#     kyverno: restrict-apparmor-profiles
#     kubesec: ApparmorAny, ApparmorUnconfined
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Use `appArmorProfile.type: RuntimeDefault` (or Localhost) and remove unconfined annotations.
package warden.checks.apparmor

import data.warden.lib.k8s

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains finding if {
	some p in k8s.pods
	p.spec.securityContext.appArmorProfile.type == "Unconfined"
	msg := sprintf("%s runs AppArmor unconfined", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-020", "medium", msg, p.index, array.concat(p.path, ["securityContext", "appArmorProfile", "type"]))
}

deny contains finding if {
	some c in k8s.containers
	c.container.securityContext.appArmorProfile.type == "Unconfined"
	msg := sprintf("%s runs AppArmor unconfined", [k8s.container_display(c)])
	finding := k8s.finding("K8S-020", "medium", msg, c.index, array.concat(c.path, ["securityContext", "appArmorProfile", "type"]))
}

deny contains finding if {
	some p in k8s.pods
	some key, value in object.get(k8s.pod_meta(p.owner), "annotations", {})
	startswith(key, annotation_prefix)
	value == "unconfined"
	name := trim_prefix(key, annotation_prefix)
	msg := sprintf("%s runs container \"%s\" AppArmor unconfined (annotation)", [k8s.display(p.owner), name])
	finding := k8s.finding("K8S-020", "medium", msg, p.index, array.concat(meta_path(p), ["annotations", key]))
}

# pod spec path ends in "spec"; its metadata is the sibling.
meta_path(p) := array.concat(array.slice(p.path, 0, count(p.path) - 1), ["metadata"])
