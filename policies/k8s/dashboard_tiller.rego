# METADATA
# title: Do not deploy Tiller or the Kubernetes dashboard
# description: >-
#   Helm 2's Tiller and the Kubernetes dashboard expose cluster-admin-level APIs inside the
#   cluster and have a history of being reachable without authentication.
# custom:
#   id: K8S-042
#   severity: high
#   stride: [E]
#   aliases:
#     trivy: KSV-0102
#     checkov: CKV_K8S_33, CKV_K8S_34, CKV_K8S_44, CKV_K8S_45
#     kubescape: C-0014
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Remove Tiller (use Helm 3) and the dashboard; use the Azure portal or kubectl with Entra ID auth.
package warden.checks.dashboard_tiller

import data.warden.lib.k8s

markers := {"tiller": "Tiller", "kubernetes-dashboard": "the Kubernetes dashboard", "kubernetesui/dashboard": "the Kubernetes dashboard"}

deny contains finding if {
	some c in k8s.containers
	some marker, what in markers
	contains(lower(c.container.image), marker)
	msg := sprintf("%s runs %s (image %s)", [k8s.container_display(c), what, c.container.image])
	finding := k8s.finding("K8S-042", "high", msg, c.index, array.concat(c.path, ["image"]))
}
