# METADATA
# title: Pods must use a dedicated service account
# description: >-
#   Pods without `serviceAccountName` run as the namespace's `default` service account, which is
#   shared by everything in the namespace: any RBAC granted to it leaks to all of them.
#   The deprecated `serviceAccount` field is also reported.
# custom:
#   id: K8S-027
#   severity: low
#   stride: [S, E]
#   aliases:
#     checkov: CKV_K8S_41, CKV_K8S_42
#     kube-linter: default-service-account, deprecated-service-account-field
#     kubesec: ServiceAccountName
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Create a ServiceAccount per workload and set `serviceAccountName` in the pod spec.
package warden.checks.default_service_account

import data.warden.lib.k8s

deny contains finding if {
	some p in k8s.pods
	object.get(p.spec, "serviceAccountName", "default") == "default"
	not p.spec.serviceAccount
	msg := sprintf("%s runs as the namespace's default service account", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-027", "low", msg, p.index, array.concat(p.path, ["serviceAccountName"]))
}

deny contains finding if {
	some p in k8s.pods
	p.spec.serviceAccount
	msg := sprintf("%s uses the deprecated serviceAccount field", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-027", "low", msg, p.index, array.concat(p.path, ["serviceAccount"]))
}
