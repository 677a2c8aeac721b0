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
#   pod_spec: false
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

# NOTE: the message explains itself, because "every pod is selected by some NetworkPolicy" is
# what other tools accept: it lists which workloads the namespace's policies select for the missing
# directions (and which they do not), then says why that is not enough.

# Built once (complete rules are cached; a function would rescan the input on every call).
all_policies := [p | some p in input.resources; p.kind == "NetworkPolicy"]

all_workloads := [r | some r in input.resources; k8s.workload_kinds[r.kind]]

policies_in(ns) := [p | some p in all_policies; k8s.namespace(p) == ns]

workloads_in(ns) := [r | some r in all_workloads; k8s.namespace(r) == ns]

# Names of the namespace's policies that restrict `w` in one of the `types` directions.
# "allow-api (Ingress/Egress)": each with the directions (of `types`) it restricts.
selecting(policies, w, types) := sort({sprintf("%s (%s)", [object.get(p.metadata, "name", "<unnamed>"), concat("/", directions)]) |
	some p in policies
	directions := [type | some type in policy_types(p.spec); type in types]
	count(directions) > 0
	k8s.selector_matches(object.get(p.spec, "podSelector", {}), k8s.pod_labels(w))
})

workload_name(w) := sprintf("%s %s", [w.kind, object.get(w.metadata, "name", "<unnamed>")])

# "a, b, c and 2 more"
some_of(list) := concat(", ", list) if count(list) <= 3

some_of(list) := sprintf("%s and %d more", [concat(", ", array.slice(list, 0, 3)), count(list) - 3]) if count(list) > 3

not_selected(open) := sprintf(" but not %s", [some_of(open)]) if count(open) > 0

not_selected(open) := "" if count(open) == 0

restricts_any(policies, type) if {
	some p in policies
	type in policy_types(p.spec)
}

none_restricts(types) := sprintf(", and none of them restricts %s", [concat(" or ", types)]) if count(types) > 0

none_restricts(types) := "" if count(types) == 0

explain(ns, gaps) := msg if {
	policies := policies_in(ns)
	selected := [sprintf("%s by %s", [workload_name(w), concat(", ", names)]) | some w in workloads_in(ns); names := selecting(policies, w, gaps); count(names) > 0]
	count(selected) == 0
	msg := sprintf("no NetworkPolicy selects any of its workloads for %s, so every pod accepts and opens any connection", [concat(" and ", gaps)])
}

explain(ns, gaps) := msg if {
	policies := policies_in(ns)
	workloads := workloads_in(ns)
	selected := [sprintf("%s by %s", [workload_name(w), concat(", ", names)]) | some w in workloads; names := selecting(policies, w, gaps); count(names) > 0]
	count(selected) > 0
	open := [workload_name(w) | some w in workloads; count(selecting(policies, w, gaps)) == 0]
	unrestricted := [type | some type in gaps; not restricts_any(policies, type)]
	msg := sprintf("its policies select %d of %d workloads (%s)%s%s; selecting pods one by one still leaves open every workload added later, until someone writes its policy", [count(selected), count(workloads), concat("; ", array.slice(selected, 0, 3)), not_selected(open), none_restricts(unrestricted)])
}

deny contains finding if {
	some ns in k8s.workload_namespaces
	gaps := missing(ns)
	count(gaps) > 0
	at := anchor(ns)
	msg := sprintf("Namespace %s has workloads but no default-deny NetworkPolicy for %s: %s", [ns, concat(" and ", gaps), explain(ns, gaps)])
	finding := k8s.finding("K8S-050", "high", msg, at[0], at[1])
}
