# METADATA
# title: Pods must not mount host paths
# description: >-
#   A hostPath volume exposes the node's filesystem to the pod; writable or sensitive paths
#   (/, /etc, /proc, /var/lib/kubelet, ...) let a container tamper with the node or read other
#   pods' secrets.
# custom:
#   id: K8S-005
#   severity: high
#   stride: [E, T, I]
#   aliases:
#     trivy: KSV-0023, KSV-0121
#     kubescape: C-0048, C-0045
#     kube-linter: sensitive-host-mounts, writable-host-mount
#     polaris: hostPathSet
#     gatekeeper: K8sPSPHostFilesystem
#     kyverno: disallow-host-path
#     azure: NoHostPathVolume
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   params: {allowedPaths: "host path prefixes that may be mounted (default none)"}
#   remediation: >-
#     Use emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.
package warden.checks.host_path

import data.warden.lib.k8s

sensitive := {"/", "/etc", "/proc", "/sys", "/root", "/home", "/boot", "/dev", "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/var/run", "/run", "/var/log"}

allowed(path) if {
	some prefix in k8s.param("K8S-005", "allowedPaths", [])
	startswith(path, prefix)
}

note(path) := " (sensitive node path)" if sensitive[path]

note(path) := "" if not sensitive[path]

deny contains finding if {
	some p in k8s.pods
	some j, volume in object.get(p.spec, "volumes", [])
	path := volume.hostPath.path
	not allowed(path)
	msg := sprintf("%s mounts host path %s%s in volume \"%s\"", [k8s.display(p.owner), path, note(path), volume.name])
	finding := k8s.finding("K8S-005", "high", msg, p.index, array.concat(p.path, ["volumes", j, "hostPath"]))
}
