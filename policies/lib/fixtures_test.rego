# Test fixtures shared by the check tests: a fully hardened container and pod spec that pass
# every check, and wrappers that place a pod spec in each workload kind. Kept in a _test file so
# production bundles never load it.
package warden.lib.fixtures

digest := "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"

good_image := sprintf("contoso.azurecr.io/payments/api:1.4.2@%s", [digest])

good_container := {
	"name": "app",
	"image": good_image,
	"imagePullPolicy": "Always",
	"ports": [{"name": "http", "containerPort": 8080}],
	"securityContext": {
		"allowPrivilegeEscalation": false,
		"privileged": false,
		"readOnlyRootFilesystem": true,
		"runAsNonRoot": true,
		"capabilities": {"drop": ["ALL"]},
	},
	"resources": {
		"limits": {"cpu": "500m", "memory": "256Mi", "ephemeral-storage": "1Gi"},
		"requests": {"cpu": "100m", "memory": "128Mi", "ephemeral-storage": "256Mi"},
	},
	"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
	"readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
}

good_pod := {
	"serviceAccountName": "payments-api",
	"automountServiceAccountToken": false,
	"securityContext": {
		"runAsNonRoot": true,
		"runAsUser": 10001,
		"runAsGroup": 10001,
		"fsGroup": 10001,
		"seccompProfile": {"type": "RuntimeDefault"},
	},
	"containers": [good_container],
	"volumes": [{"name": "tmp", "emptyDir": {}}],
}

labels := {"app.kubernetes.io/name": "payments-api", "owner": "payments-team"}

meta := {"name": "payments-api", "namespace": "payments", "labels": labels}

# container(overrides): the good container with some fields replaced (object.union merges deeply).
container(overrides) := object.union(good_container, overrides)

# pod(overrides): the good pod spec with some fields replaced.
pod(overrides) := object.union(good_pod, overrides)

# A pod spec whose only container is `c`.
pod_with(c) := object.union(good_pod, {"containers": [c]})

template := {"metadata": {"labels": labels}}

wrap(kind, spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec} if kind == "Pod"

wrap(kind, spec) := {
	"apiVersion": "apps/v1", "kind": kind, "metadata": meta,
	"spec": {"replicas": 1, "selector": {"matchLabels": labels}, "template": object.union(template, {"spec": spec})},
} if kind in {"Deployment", "StatefulSet", "ReplicaSet"}

wrap(kind, spec) := {
	"apiVersion": "apps/v1", "kind": kind, "metadata": meta,
	"spec": {"selector": {"matchLabels": labels}, "template": object.union(template, {"spec": spec})},
} if kind == "DaemonSet"

wrap(kind, spec) := {
	"apiVersion": "v1", "kind": kind, "metadata": meta,
	"spec": {"replicas": 1, "selector": labels, "template": object.union(template, {"spec": spec})},
} if kind == "ReplicationController"

wrap(kind, spec) := {
	"apiVersion": "batch/v1", "kind": kind, "metadata": meta,
	"spec": {"template": object.union(template, {"spec": object.union(spec, {"restartPolicy": "Never"})})},
} if kind == "Job"

wrap(kind, spec) := {
	"apiVersion": "batch/v1", "kind": kind, "metadata": meta,
	"spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": object.union(
		template,
		{"spec": object.union(spec, {"restartPolicy": "OnFailure"})},
	)}}},
} if kind == "CronJob"

# Where each kind keeps its pod spec (mirrors warden.lib.k8s.pod_spec_path, written out so the
# tests check the library rather than reuse it).
spec_path := {
	"Pod": ["spec"],
	"Deployment": ["spec", "template", "spec"],
	"StatefulSet": ["spec", "template", "spec"],
	"DaemonSet": ["spec", "template", "spec"],
	"ReplicaSet": ["spec", "template", "spec"],
	"ReplicationController": ["spec", "template", "spec"],
	"Job": ["spec", "template", "spec"],
	"CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
}

kinds := {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"}

# input with one resource
one(r) := {"resources": [r]}

# The default-deny policy and a Namespace that make the cross-resource checks quiet in clean tests.
default_deny(ns) := {
	"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
	"metadata": {"name": "default-deny", "namespace": ns},
	"spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
}

# A pod spec whose init and ephemeral containers are `c` (named "init" and "debug"); the regular
# container stays the good one, so only those two should be reported.
side_containers(c) := pod({
	"initContainers": [object.union(c, {"name": "init"})],
	"ephemeralContainers": [object.union(c, {"name": "debug"})],
})

paths(findings) := {f.path | some f in findings}

ids(findings) := {f.check | some f in findings}

# The good container without the field at `pointer` (a JSON pointer, e.g. "/resources/limits/cpu").
container_without(pointer) := json.patch(good_container, [{"op": "remove", "path": pointer}])
