# METADATA
# title: Manifests must not use removed API versions
# description: >-
#   API versions removed from Kubernetes are rejected at apply time (or silently skipped by
#   tooling), so the security controls they carry (NetworkPolicies, PDBs, RBAC) never reach the
#   cluster.
# custom:
#   id: K8S-041
#   severity: medium
#   stride: [D]
#   aliases:
#     trivy: KSV-0107
#     kube-score: stable-version
#     kube-linter: no-extensions-v1beta
#     gatekeeper: verifydeprecatedapi
#     kyverno: check-deprecated-apis
#   resources: ["*"]
#   remediation: >-
#     Migrate to the replacement API version (apps/v1, networking.k8s.io/v1, policy/v1, batch/v1,
#     rbac.authorization.k8s.io/v1, autoscaling/v2).
package warden.checks.deprecated_api

import data.warden.lib.k8s

# "apiVersion kind" -> [replacement, removed in]
removed := {
	"extensions/v1beta1 Deployment": ["apps/v1", "1.16"],
	"extensions/v1beta1 DaemonSet": ["apps/v1", "1.16"],
	"extensions/v1beta1 ReplicaSet": ["apps/v1", "1.16"],
	"extensions/v1beta1 NetworkPolicy": ["networking.k8s.io/v1", "1.16"],
	"extensions/v1beta1 PodSecurityPolicy": ["(none, use Pod Security Admission)", "1.16"],
	"extensions/v1beta1 Ingress": ["networking.k8s.io/v1", "1.22"],
	"apps/v1beta1 Deployment": ["apps/v1", "1.16"],
	"apps/v1beta1 StatefulSet": ["apps/v1", "1.16"],
	"apps/v1beta2 Deployment": ["apps/v1", "1.16"],
	"apps/v1beta2 StatefulSet": ["apps/v1", "1.16"],
	"apps/v1beta2 DaemonSet": ["apps/v1", "1.16"],
	"apps/v1beta2 ReplicaSet": ["apps/v1", "1.16"],
	"networking.k8s.io/v1beta1 Ingress": ["networking.k8s.io/v1", "1.22"],
	"networking.k8s.io/v1beta1 IngressClass": ["networking.k8s.io/v1", "1.22"],
	"rbac.authorization.k8s.io/v1beta1 Role": ["rbac.authorization.k8s.io/v1", "1.22"],
	"rbac.authorization.k8s.io/v1beta1 ClusterRole": ["rbac.authorization.k8s.io/v1", "1.22"],
	"rbac.authorization.k8s.io/v1beta1 RoleBinding": ["rbac.authorization.k8s.io/v1", "1.22"],
	"rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding": ["rbac.authorization.k8s.io/v1", "1.22"],
	"admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration": ["admissionregistration.k8s.io/v1", "1.22"],
	"admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration": ["admissionregistration.k8s.io/v1", "1.22"],
	"batch/v1beta1 CronJob": ["batch/v1", "1.25"],
	"policy/v1beta1 PodDisruptionBudget": ["policy/v1", "1.25"],
	"policy/v1beta1 PodSecurityPolicy": ["(none, use Pod Security Admission)", "1.25"],
	"discovery.k8s.io/v1beta1 EndpointSlice": ["discovery.k8s.io/v1", "1.25"],
	"autoscaling/v2beta1 HorizontalPodAutoscaler": ["autoscaling/v2", "1.25"],
	"autoscaling/v2beta2 HorizontalPodAutoscaler": ["autoscaling/v2", "1.26"],
	"flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema": ["flowcontrol.apiserver.k8s.io/v1", "1.29"],
	"flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema": ["flowcontrol.apiserver.k8s.io/v1", "1.32"],
}

deny contains finding if {
	some i, r in input.resources
	entry := removed[concat(" ", [r.apiVersion, r.kind])]
	msg := sprintf("%s uses %s, removed in Kubernetes %s (use %s)", [k8s.display(r), r.apiVersion, entry[1], entry[0]])
	finding := k8s.finding("K8S-041", "medium", msg, i, ["apiVersion"])
}
