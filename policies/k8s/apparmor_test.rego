package warden.checks.apparmor_test

import data.warden.checks.apparmor
import data.warden.lib.fixtures as fx

test_annotation_found if {
	r := fx.wrap("Deployment", fx.good_pod)
	bad := json.patch(r, [{"op": "add", "path": "/spec/template/metadata/annotations", "value": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}])
	res := apparmor.deny with input as fx.one(bad)
	count(res) == 1
	some f in res
	f.check == "K8S-020"
	f.resource == 0
	f.path == ["spec", "template", "metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"]
}

test_pod_annotation_path_for_bare_pod if {
	r := fx.wrap("Pod", fx.good_pod)
	bad := json.patch(r, [{"op": "add", "path": "/metadata/annotations", "value": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}])
	some f in apparmor.deny with input as fx.one(bad)
	f.path == ["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"]
}

test_field_found_init_ephemeral if {
	c := fx.container({"securityContext": {"appArmorProfile": {"type": "Unconfined"}}})
	count(apparmor.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_clean_and_runtime_default_pass if {
	count(apparmor.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
	spec := fx.pod({"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}})
	count(apparmor.deny) == 0 with input as fx.one(fx.wrap("Deployment", spec))
}
