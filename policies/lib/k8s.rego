# METADATA
# title: Warden Kubernetes helpers
# description: >-
#   Shared helpers for the check library: where each workload kind keeps its pod spec,
#   every container (init, regular, ephemeral) with its path, display names, label
#   selectors, RBAC rule matching, parameters from data.warden.params and the finding shape.
package warden.lib.k8s

# Controllers that keep the pod template at spec.template.spec.
template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

workload_kinds := {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"}

# Kinds that live in a namespace; used by the namespace checks so cluster-scoped objects are not flagged.
namespaced_kinds := workload_kinds | {
	"Service", "ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding", "Ingress",
	"NetworkPolicy", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Endpoints", "EndpointSlice",
	"PersistentVolumeClaim", "LimitRange", "ResourceQuota",
}

# --- parameters -------------------------------------------------------------------------------

# data.warden.params is optional; a default keeps every check evaluable without it.
default all_params := {}

all_params := data.warden.params

param(id, key, fallback) := object.get(object.get(all_params, id, {}), key, fallback)

# --- findings ---------------------------------------------------------------------------------

finding(id, severity, msg, index, path) := {
	"check": id,
	"severity": severity,
	"msg": msg,
	"resource": index,
	"path": path,
}

# --- names ------------------------------------------------------------------------------------

# Metadata may be missing in a malformed manifest; findings must still carry a name.
meta(r) := object.get(r, "metadata", {})

namespace(r) := object.get(meta(r), "namespace", "default")

# "Deployment payments/payments-api"; cluster-scoped or namespace-less objects: "ClusterRole admin".
display(r) := sprintf("%s %s/%s", [object.get(r, "kind", "<no kind>"), meta(r).namespace, object.get(meta(r), "name", "<unnamed>")]) if {
	meta(r).namespace
}

display(r) := sprintf("%s %s", [object.get(r, "kind", "<no kind>"), object.get(meta(r), "name", "<unnamed>")]) if {
	not has_namespace(r)
}

has_namespace(r) if meta(r).namespace

container_word := {
	"initContainers": "Init container",
	"containers": "Container",
	"ephemeralContainers": "Ephemeral container",
}

# `Container "app" of Deployment payments/payments-api`
container_display(c) := sprintf("%s \"%s\" of %s", [container_word[c.group], c.name, display(c.owner)])

# --- pod specs --------------------------------------------------------------------------------

pod_spec_path(r) := ["spec"] if r.kind == "Pod"

pod_spec_path(r) := ["spec", "template", "spec"] if template_kinds[r.kind]

pod_spec_path(r) := ["spec", "jobTemplate", "spec", "template", "spec"] if r.kind == "CronJob"

pod_spec(r) := r.spec if r.kind == "Pod"

pod_spec(r) := r.spec.template.spec if template_kinds[r.kind]

pod_spec(r) := r.spec.jobTemplate.spec.template.spec if r.kind == "CronJob"

# Pod metadata (labels, annotations) as the kubelet will see it.
pod_meta(r) := object.get(r, "metadata", {}) if r.kind == "Pod"

pod_meta(r) := object.get(r.spec.template, "metadata", {}) if template_kinds[r.kind]

pod_meta(r) := object.get(r.spec.jobTemplate.spec.template, "metadata", {}) if r.kind == "CronJob"

pod_labels(r) := object.get(pod_meta(r), "labels", {})

# One entry per workload: {index, owner, spec, path}.
# An array (a complete rule, built once and cached) rather than a set: entries are unique by
# construction, and a set would hash every entry, whole resource included, on insertion.
pods := [{"index": i, "owner": r, "spec": spec, "path": pod_spec_path(r)} |
	some i, r in input.resources
	spec := pod_spec(r)
]

container_groups := ["initContainers", "containers", "ephemeralContainers"]

# One entry per container of every workload: {index, owner, pod, group, name, container, path}.
containers := [c |
	some p in pods
	some group in container_groups
	some j, container in object.get(p.spec, group, [])
	c := {
		"index": p.index,
		"owner": p.owner,
		"pod": p.spec,
		"pod_path": p.path,
		"group": group,
		"name": object.get(container, "name", sprintf("#%d", [j])),
		"container": container,
		"path": array.concat(p.path, [group, j]),
	}
]

# Containers that accept resources and probes (the API rejects both on ephemeral containers).
long_running_groups := {"initContainers", "containers"}

# --- paths to possibly-missing fields --------------------------------------------------------

# The contract: a missing field is reported at its nearest existing parent plus the missing key.
path2(base, obj, k1, k2) := array.concat(base, [k1, k2]) if object_at(obj, k1)

path2(base, obj, k1, _) := array.concat(base, [k1]) if not object_at(obj, k1)

path3(base, obj, k1, k2, k3) := array.concat(base, [k1, k2, k3]) if object_at(obj[k1], k2)

path3(base, obj, k1, k2, _) := array.concat(base, [k1, k2]) if {
	object_at(obj, k1)
	not object_at(obj[k1], k2)
}

path3(base, obj, k1, _, _) := array.concat(base, [k1]) if not object_at(obj, k1)

# Written as a helper because `not is_object(obj[k])` on an absent key is not reliably true.
object_at(obj, k) if is_object(obj[k])

# --- security context -------------------------------------------------------------------------

container_sc(c) := object.get(c.container, "securityContext", {})

pod_sc(c) := object.get(c.pod, "securityContext", {})

# --- images -----------------------------------------------------------------------------------

# Image without its digest: "reg/repo:tag@sha256:..." -> "reg/repo:tag".
image_name(image) := split(image, "@")[0]

image_has_digest(image) if contains(image, "@sha256:")

# The tag is after the last ":" of the last path segment (a ":" before a "/" is a registry port).
image_tag(image) := tag if {
	parts := split(image_name(image), "/")
	last := parts[count(parts) - 1]
	segs := split(last, ":")
	count(segs) > 1
	tag := segs[count(segs) - 1]
}

# The registry host, or docker.io when the first segment is not a host (Docker Hub shorthand).
image_registry(image) := first if {
	parts := split(image_name(image), "/")
	count(parts) > 1
	first := parts[0]
	is_registry_host(first)
}

image_registry(image) := "docker.io" if {
	parts := split(image_name(image), "/")
	count(parts) > 1
	not is_registry_host(parts[0])
}

image_registry(image) := "docker.io" if {
	count(split(image_name(image), "/")) == 1
}

is_registry_host(s) if contains(s, ".")

is_registry_host(s) if contains(s, ":")

is_registry_host("localhost")

# --- label selectors --------------------------------------------------------------------------

# A Service-style selector: a plain map that must be a subset of the labels.
map_selects(sel, labels) if {
	count(sel) > 0
	every k, v in sel {
		labels[k] == v
	}
}

# A LabelSelector (matchLabels + matchExpressions); an empty selector selects everything.
selector_matches(sel, labels) if {
	every k, v in object.get(sel, "matchLabels", {}) {
		labels[k] == v
	}
	every e in object.get(sel, "matchExpressions", []) {
		expression_matches(e, labels)
	}
}

expression_matches(e, labels) if {
	e.operator == "In"
	labels[e.key] in e.values
}

expression_matches(e, labels) if {
	e.operator == "NotIn"
	not value_in(labels, e.key, e.values)
}

expression_matches(e, labels) if {
	e.operator == "Exists"
	_ = labels[e.key]
}

expression_matches(e, labels) if {
	e.operator == "DoesNotExist"
	not has_key(labels, e.key)
}

has_key(obj, k) if _ = obj[k]

value_in(obj, k, values) if obj[k] in values

selector_is_empty(sel) if {
	count(object.get(sel, "matchLabels", {})) == 0
	count(object.get(sel, "matchExpressions", [])) == 0
}

# --- RBAC -------------------------------------------------------------------------------------

rbac_role_kinds := {"Role", "ClusterRole"}

rbac_binding_kinds := {"RoleBinding", "ClusterRoleBinding"}

# Every rule of every Role/ClusterRole: {index, owner, rule, path}.
rbac_rules := [{"index": i, "owner": r, "rule": rule, "path": ["rules", j]} |
	some i, r in input.resources
	rbac_role_kinds[r.kind]
	some j, rule in object.get(r, "rules", [])
]

# True when the rule grants `verb` on `resource` in API group `group` (wildcards included).
grants(rule, group, resource, verb) if {
	some g in object.get(rule, "apiGroups", [""])
	g in {group, "*"}
	some res in object.get(rule, "resources", [])
	res in {resource, "*"}
	some v in object.get(rule, "verbs", [])
	v in {verb, "*"}
}

write_verbs := {"create", "update", "patch", "delete", "deletecollection"}

# --- capabilities -----------------------------------------------------------------------------

# Capability names are compared without the CAP_ prefix and in upper case.
cap_name(cap) := upper(trim_prefix(upper(cap), "CAP_"))

added_caps(c) := [cap_name(cap) | some cap in c.container.securityContext.capabilities.add]

dropped_caps(c) := {cap_name(cap) | some cap in c.container.securityContext.capabilities.drop}

# --- indexes for cross-resource checks ----------------------------------------------------------

# Built once per evaluation: complete rules are cached, whereas probing a partial set with a
# ground key (`s[[ns, x]]`) re-evaluates its body, which made cross-resource checks quadratic.

workload_namespaces := {namespace(r) | some r in input.resources; workload_kinds[r.kind]}

# [namespace, index] of every workload, sorted: each namespace's pairs are contiguous, so its
# first workload is the pair whose predecessor has another namespace. Sorting keeps this
# O(n log n), where a comprehension per namespace would scan every workload per namespace.
workload_ns_index := sort([[namespace(r), i] | some i, r in input.resources; workload_kinds[r.kind]])

starts_group(0)

starts_group(k) if {
	k > 0
	workload_ns_index[k - 1][0] != workload_ns_index[k][0]
}

# namespace -> index of its first workload.
first_workload := {pair[0]: pair[1] | some k, pair in workload_ns_index; starts_group(k)}

# [namespace, kind, name] of every workload.
workload_keys := {[namespace(r), r.kind, r.metadata.name] | some r in input.resources; workload_kinds[r.kind]}

# [namespace, label, value] of every workload's pod labels: "does anything in ns carry app=x?"
# is then a hash lookup.
pod_label_pairs := {[namespace(r), k, v] |
	some r in input.resources
	workload_kinds[r.kind]
	some k, v in pod_labels(r)
}
