# METADATA
# title: Containers must run as non-root
# description: >-
#   `runAsNonRoot: true` (on the pod, or on every container) makes the kubelet refuse to start a
#   container whose user is root. The container's setting overrides the pod's.
# custom:
#   id: K8S-010
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0012
#     checkov: CKV_K8S_23
#     kubescape: C-0013
#     kube-linter: run-as-non-root
#     polaris: runAsRootAllowed
#     gatekeeper: K8sPSPAllowedUsers
#     kyverno: require-run-as-nonroot
#     kubesec: RunAsNonRoot
#     azure: AllowedUsersGroups
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `securityContext.runAsNonRoot: true` in the pod spec and build the image with a non-root USER.
package warden.checks.run_as_non_root

import data.warden.lib.k8s

# The container says false explicitly.
deny contains finding if {
	some c in k8s.containers
	k8s.container_sc(c).runAsNonRoot == false
	msg := sprintf("%s sets runAsNonRoot: false", [k8s.container_display(c)])
	finding := k8s.finding("K8S-010", "medium", msg, c.index, array.concat(c.path, ["securityContext", "runAsNonRoot"]))
}

# The container is silent and the pod is false or silent.
deny contains finding if {
	some c in k8s.containers
	not has_setting(k8s.container_sc(c))
	not k8s.pod_sc(c).runAsNonRoot == true
	msg := sprintf("%s may run as root (runAsNonRoot is not true for the pod or the container)", [k8s.container_display(c)])
	finding := k8s.finding("K8S-010", "medium", msg, c.index, pod_path(c))
}

has_setting(sc) if is_boolean(sc.runAsNonRoot)

pod_sets(c) if is_boolean(k8s.pod_sc(c).runAsNonRoot)

pod_path(c) := array.concat(c.pod_path, ["securityContext", "runAsNonRoot"]) if pod_sets(c)

pod_path(c) := k8s.path2(c.path, c.container, "securityContext", "runAsNonRoot") if not pod_sets(c)
