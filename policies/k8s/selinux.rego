# METADATA
# title: SELinux options must stay within the container types
# description: >-
#   Custom SELinux users/roles or types outside the container_* set let a container escape the
#   label confinement. Pod Security Standards (baseline) allow only container_t,
#   container_init_t, container_kvm_t and container_engine_t and forbid user and role.
# custom:
#   id: K8S-021
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0025
#     gatekeeper: K8sPSPSELinuxV2
#     kyverno: disallow-selinux
#     pss: baseline
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove `seLinuxOptions.user`/`role` and use one of the container_* types (or leave it unset).
package warden.checks.selinux

import data.warden.lib.k8s

allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

# Security contexts with their owner and path: the pod's and each container's.
contexts contains {"index": p.index, "who": k8s.display(p.owner), "sc": sc, "path": array.concat(p.path, ["securityContext"])} if {
	some p in k8s.pods
	sc := p.spec.securityContext
}

contexts contains {"index": c.index, "who": k8s.container_display(c), "sc": sc, "path": array.concat(c.path, ["securityContext"])} if {
	some c in k8s.containers
	sc := c.container.securityContext
}

deny contains finding if {
	some ctx in contexts
	type := ctx.sc.seLinuxOptions.type
	not allowed_types[type]
	msg := sprintf("%s uses SELinux type %s", [ctx.who, type])
	finding := k8s.finding("K8S-021", "medium", msg, ctx.index, array.concat(ctx.path, ["seLinuxOptions", "type"]))
}

deny contains finding if {
	some ctx in contexts
	some field in ["user", "role"]
	value := ctx.sc.seLinuxOptions[field]
	value != ""
	msg := sprintf("%s sets SELinux %s %s", [ctx.who, field, value])
	finding := k8s.finding("K8S-021", "medium", msg, ctx.index, array.concat(ctx.path, ["seLinuxOptions", field]))
}
