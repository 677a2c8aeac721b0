# METADATA
# title: Every namespace with workloads must have a default-deny NetworkPolicy
# description: >-
#   Without a NetworkPolicy that selects every pod (`podSelector: {}`) and denies both Ingress and
#   Egress by default, any compromised pod can reach every other pod and the internet: lateral
#   movement and exfiltration go unchecked. Allowed flows are then opened by narrower policies.
# custom:
#   id: K8S-050
#   severity: high
#   stride: [I, T, E]
#   aliases:
#     checkov: CKV2_K8S_6
#     kubescape: C-0030, C-0054
#     kube-score: pod-networkpolicy
#     kube-linter: non-isolated-pod
#     polaris: missingNetworkPolicy
#     kyverno: add-network-policy
#     trivy: KSV-0038
#   resources: [NetworkPolicy, Namespace, Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no rules to
#     each namespace, then allow the flows the model declares.
#   admission: ci-only
#   admission_reason: >-
#     needs every NetworkPolicy and workload of a namespace (default deny per namespace)
package warden.checks.default_deny_network_policy

import data.warden.lib.k8s

policy_types(spec) := spec.policyTypes if spec.policyTypes

policy_types(spec) := types if {
	not spec.policyTypes
	types := array.concat(["Ingress"], [t | spec.egress; t := "Egress"])
}

rule_key := {"Ingress": "ingress", "Egress": "egress"}

# [namespace, type] for every namespace that denies `type` traffic by default.
denies := {[k8s.namespace(r), type] |
	some r in input.resources
	r.kind == "NetworkPolicy"
	k8s.selector_is_empty(object.get(r.spec, "podSelector", {}))
	some type in policy_types(r.spec)
	count(object.get(r.spec, rule_key[type], [])) == 0
}

missing(ns) := [type | some type in ["Ingress", "Egress"]; not denies[[ns, type]]]

# [name, index] of the Namespace objects in the manifests.
namespace_objects := {[r.metadata.name, i] | some i, r in input.resources; r.kind == "Namespace"}

namespace_object_indexes(ns) := {i | some pair in namespace_objects; pair[0] == ns; i := pair[1]}

# Anchor the finding on the Namespace object when the manifests have one ...
anchor(ns) := [min(indexes), ["metadata", "name"]] if {
	indexes := namespace_object_indexes(ns)
	count(indexes) > 0
}

# ... else on the first workload of the namespace.
anchor(ns) := [k8s.first_workload[ns], ["metadata", "namespace"]] if {
	count(namespace_object_indexes(ns)) == 0
}

deny contains finding if {
	some ns in k8s.workload_namespaces
	gaps := missing(ns)
	count(gaps) > 0
	at := anchor(ns)
	msg := sprintf("Namespace %s has workloads but no default-deny NetworkPolicy for %s", [ns, concat(" and ", gaps)])
	finding := k8s.finding("K8S-050", "high", msg, at[0], at[1])
}
