# METADATA
# title: Containers must run with a UID and GID above the host's range
# description: >-
#   A container that sets no `runAsUser`/`runAsGroup` runs as whatever the image says, often root;
#   a low UID or GID (below 10000 by default) can coincide with a real user or group of the node,
#   so a container escape lands with that user's files. The effective value is the container's
#   securityContext, else the pod's. Stricter than K8S-011/K8S-012, which reject only 0; this is the
#   rule kube-score, Trivy and Checkov apply by default.
# custom:
#   id: K8S-069
#   severity: low
#   stride: [E]
#   aliases:
#     trivy: KSV-0020, KSV-0021
#     checkov: CKV_K8S_40
#     kube-score: container-security-context-user-group-id
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {minUid: "lowest UID accepted (default 10000)", minGid: "lowest GID accepted (default 10000)"}
#   remediation: >-
#     Set `runAsUser` and `runAsGroup` to values of 10000 or more (for example 10001) in the pod's
#     securityContext, and make the image work as that user.
package warden.checks.high_user_ids

import data.warden.lib.k8s

limits := {
	"runAsUser": k8s.param("K8S-069", "minUid", 10000),
	"runAsGroup": k8s.param("K8S-069", "minGid", 10000),
}

word := {"runAsUser": "UID", "runAsGroup": "GID"}

# The value the kubelet uses: the container's, else the pod's.
effective(c, field) := v if {
	v := k8s.container_sc(c)[field]
} else := v if {
	v := k8s.pod_sc(c)[field]
}

# Where to point: the field that set the value, or the container's securityContext when unset.
at(c, field) := array.concat(c.path, ["securityContext", field]) if {
	_ = k8s.container_sc(c)[field]
} else := array.concat(c.pod_path, ["securityContext", field]) if {
	_ = k8s.pod_sc(c)[field]
} else := k8s.path2(c.path, c.container, "securityContext", field)

deny contains finding if {
	some c in k8s.containers
	k8s.long_running_groups[c.group]
	some field, min in limits
	v := effective(c, field)
	v < min
	msg := sprintf("%s runs with %s %v (below %v)", [k8s.container_display(c), word[field], v, min])
	finding := k8s.finding("K8S-069", "low", msg, c.index, at(c, field))
}

deny contains finding if {
	some c in k8s.containers
	k8s.long_running_groups[c.group]
	some field, min in limits
	not effective(c, field)
	msg := sprintf("%s sets no %s: it runs as the image's %s (set %s of %v or more)", [k8s.container_display(c), field, word[field], word[field], min])
	finding := k8s.finding("K8S-069", "low", msg, c.index, at(c, field))
}
