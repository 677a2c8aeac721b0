# METADATA
# title: Containers must use a read-only root filesystem
# description: >-
#   A writable root filesystem lets an attacker drop tools or modify binaries and configuration in
#   a running container; write to emptyDir volumes instead.
# custom:
#   id: K8S-013
#   severity: medium
#   stride: [T, E]
#   aliases:
#     trivy: KSV-0014
#     checkov: CKV_K8S_22
#     kubescape: C-0017
#     kube-score: container-security-context-readonlyrootfilesystem
#     kube-linter: no-read-only-root-fs
#     polaris: notReadOnlyRootFilesystem
#     gatekeeper: K8sPSPReadOnlyRootFilesystem
#     kubesec: ReadOnlyRootFilesystem
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the app writes.
package warden.checks.read_only_root_fs

import data.warden.lib.k8s

deny contains finding if {
	some c in k8s.containers
	not c.container.securityContext.readOnlyRootFilesystem == true
	msg := sprintf("%s has a writable root filesystem", [k8s.container_display(c)])
	path := k8s.path2(c.path, c.container, "securityContext", "readOnlyRootFilesystem")
	finding := k8s.finding("K8S-013", "medium", msg, c.index, path)
}
