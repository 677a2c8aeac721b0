# METADATA
# title: Pods must not automount a service account token
# description: >-
#   A mounted service account token lets anyone who compromises the container call the Kubernetes
#   API as the pod's service account. Opt out with `automountServiceAccountToken: false` on the
#   pod (or on its ServiceAccount when that is in the same manifest set), and mount a projected
#   token only where the API is really needed.
# custom:
#   id: K8S-026
#   severity: medium
#   stride: [I, E]
#   aliases:
#     trivy: KSV-0036
#     checkov: CKV_K8S_38
#     kubescape: C-0034
#     polaris: automountServiceAccountToken
#     gatekeeper: K8sPSPAutomountServiceAccountTokenPod
#     kubesec: AutomountServiceAccountToken
#     azure: BlockAutomountToken
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, ServiceAccount]
#   remediation: >-
#     Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount).
#   admission: partial
#   admission_reason: >-
#     a ServiceAccount that opts out of token automounting is not visible at admission, so a pod relying on it is reported
#   context: [ServiceAccount]
package warden.checks.service_account_token

import data.warden.lib.k8s

# ServiceAccounts in the manifests that opt out: [namespace, name].
opted_out := {[k8s.namespace(r), r.metadata.name] |
	some r in input.resources
	r.kind == "ServiceAccount"
	r.automountServiceAccountToken == false
}

sa_name(spec) := object.get(spec, "serviceAccountName", object.get(spec, "serviceAccount", "default"))

deny contains finding if {
	some p in k8s.pods
	p.spec.automountServiceAccountToken == true
	msg := sprintf("%s automounts its service account token", [k8s.display(p.owner)])
	finding := k8s.finding("K8S-026", "medium", msg, p.index, array.concat(p.path, ["automountServiceAccountToken"]))
}

deny contains finding if {
	some p in k8s.pods
	not is_boolean(object.get(p.spec, "automountServiceAccountToken", null))
	not opted_out[[k8s.namespace(p.owner), sa_name(p.spec)]]
	msg := sprintf("%s automounts the token of service account \"%s\" (not disabled on the pod or the ServiceAccount)", [k8s.display(p.owner), sa_name(p.spec)])
	finding := k8s.finding("K8S-026", "medium", msg, p.index, array.concat(p.path, ["automountServiceAccountToken"]))
}
