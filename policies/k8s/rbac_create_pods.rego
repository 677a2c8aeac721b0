# METADATA
# title: Roles should not create pods or workloads
# description: >-
#   Creating a pod (directly or through a Deployment, Job, ...) lets a subject run any image with
#   any service account of the namespace, mount its Secrets and inherit their permissions.
# custom:
#   id: K8S-063
#   severity: medium
#   stride: [E]
#   aliases:
#     trivy: KSV-0048
#     kube-linter: access-to-create-pods
#   resources: [Role, ClusterRole]
#   params: {allowedRoles: "names of Roles/ClusterRoles allowed to create workloads (e.g. CI deployers)"}
#   remediation: >-
#     Let only the deployment pipeline's identity create workloads, and list it in allowedRoles.
package warden.checks.rbac_create_pods

import data.warden.lib.k8s

workload_resources := [["", "pods"], ["apps", "deployments"], ["apps", "statefulsets"], ["apps", "daemonsets"], ["apps", "replicasets"], ["batch", "jobs"], ["batch", "cronjobs"], ["", "replicationcontrollers"]]

deny contains finding if {
	some entry in k8s.rbac_rules
	not entry.owner.metadata.name in k8s.param("K8S-063", "allowedRoles", [])
	creatable := {pair[1] | some pair in workload_resources; k8s.grants(entry.rule, pair[0], pair[1], "create")}
	count(creatable) > 0
	msg := sprintf("%s can create %s", [k8s.display(entry.owner), concat(", ", sort(creatable))])
	finding := k8s.finding("K8S-063", "medium", msg, entry.index, entry.path)
}
