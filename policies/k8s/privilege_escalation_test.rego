package warden.checks.privilege_escalation_test

import data.warden.checks.privilege_escalation
import data.warden.lib.fixtures as fx

test_explicit_true_found if {
	c := fx.container({"securityContext": {"allowPrivilegeEscalation": true}})
	res := privilege_escalation.deny with input as fx.one(fx.wrap("ReplicaSet", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-009"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"]
}

test_missing_security_context_points_at_parent if {
	c := object.remove(fx.good_container, ["securityContext"])
	some f in privilege_escalation.deny with input as fx.one(fx.wrap("Pod", fx.pod_with(c)))
	f.path == ["spec", "containers", 0, "securityContext"]
}

test_init_and_ephemeral if {
	c := fx.container({"securityContext": {"allowPrivilegeEscalation": true}})
	res := privilege_escalation.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	count(res) == 2
}

test_clean_passes if {
	count(privilege_escalation.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
