# METADATA
# title: Containers must run with a seccomp profile
# description: >-
#   Without a seccomp profile a container can make every system call the kernel offers. The
#   effective profile (container overrides pod) must be RuntimeDefault or Localhost; Unconfined
#   is never acceptable. Pod Security Standards: baseline forbids Unconfined, restricted
#   requires a profile.
# custom:
#   id: K8S-019
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0030, KSV-0104
#     checkov: CKV_K8S_31
#     kubescape: C-0055
#     kube-score: container-seccomp-profile
#     polaris: linuxHardening
#     gatekeeper: K8sPSPSeccomp
#     kyverno: restrict-seccomp-strict
#     kubesec: SeccompAny, SeccompUnconfined
#     azure: AllowedSeccompProfiles
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Set `securityContext.seccompProfile.type: RuntimeDefault` in the pod spec.
package warden.checks.seccomp

import data.warden.lib.k8s

good_types := {"RuntimeDefault", "Localhost"}

# An explicit bad profile in the pod spec (reported once per pod).
deny contains finding if {
	some p in k8s.pods
	type := p.spec.securityContext.seccompProfile.type
	not good_types[type]
	msg := sprintf("%s sets seccomp profile %s", [k8s.display(p.owner), type])
	finding := k8s.finding("K8S-019", "medium", msg, p.index, array.concat(p.path, ["securityContext", "seccompProfile", "type"]))
}

# An explicit bad profile on a container.
deny contains finding if {
	some c in k8s.containers
	type := c.container.securityContext.seccompProfile.type
	not good_types[type]
	msg := sprintf("%s sets seccomp profile %s", [k8s.container_display(c), type])
	finding := k8s.finding("K8S-019", "medium", msg, c.index, array.concat(c.path, ["securityContext", "seccompProfile", "type"]))
}

# No profile anywhere for this container.
deny contains finding if {
	some c in k8s.containers
	not has_profile(k8s.container_sc(c))
	not has_profile(k8s.pod_sc(c))
	msg := sprintf("%s has no seccomp profile (pod or container)", [k8s.container_display(c)])
	path := k8s.path2(c.pod_path, c.pod, "securityContext", "seccompProfile")
	finding := k8s.finding("K8S-019", "medium", msg, c.index, path)
}

has_profile(sc) if sc.seccompProfile.type
