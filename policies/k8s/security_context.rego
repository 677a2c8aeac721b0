# METADATA
# title: Pods and containers must declare a security context
# description: >-
#   A missing or empty securityContext means every hardening setting is left at the runtime's
#   permissive default; declaring it makes the intended posture explicit and reviewable.
# custom:
#   id: K8S-045
#   severity: low
#   stride: [E]
#   aliases:
#     trivy: KSV-0118
#     checkov: CKV_K8S_29, CKV_K8S_30
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Add a pod-level and a container-level `securityContext` with the hardening settings.
package warden.checks.security_context

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	count(object.get(p.spec, "securityContext", {})) == 0
	msg := sprintf("%s has no pod securityContext", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-045", "low", msg, p.index, array.concat(p.path, ["securityContext"]))
}

deny contains finding if {
	some c in k8s.containers
	count(k8s.container_sc(c)) == 0
	msg := sprintf("%s has no securityContext", [k8s.container_display(c)])
	finding := k8s.finding("K8S-045", "low", msg, c.index, array.concat(c.path, ["securityContext"]))
}
