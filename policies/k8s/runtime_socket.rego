# METADATA
# title: Pods must not mount the container runtime socket
# description: >-
#   Mounting the Docker, containerd or CRI-O socket (or the directory holding it) hands the pod
#   full control of every container on the node: it can start privileged containers at will.
# custom:
#   id: K8S-006
#   severity: critical
#   stride: [E]
#   aliases:
#     trivy: KSV-0006
#     checkov: CKV_K8S_27
#     kubescape: C-0074
#     kube-linter: docker-sock
#     kyverno: disallow-cri-sock-mount
#     kubesec: DockerSock
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove the socket mount; build images with a daemonless builder (BuildKit rootless, kaniko)
#     and read node metrics through the kubelet API instead.
package warden.checks.runtime_socket

import data.warden.lib.k8s

sockets := {
	"/var/run/docker.sock", "/run/docker.sock", "/var/run/cri-dockerd.sock",
	"/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
	"/var/run/crio/crio.sock", "/run/crio/crio.sock",
	"/var/run", "/run", "/var/run/containerd", "/run/containerd", "/var/run/crio", "/run/crio",
}

normalise(path) := trim_suffix(path, "/") if path != "/"

deny contains finding if {
	some p in k8s.pods
	some j, volume in object.get(p.spec, "volumes", [])
	path := normalise(volume.hostPath.path)
	sockets[path]
	msg := sprintf("%s mounts the container runtime socket path %s", [k8s.display(p.owner), path])
	finding := k8s.finding("K8S-006", "critical", msg, p.index, array.concat(p.path, ["volumes", j, "hostPath", "path"]))
}
