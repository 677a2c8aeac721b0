package warden.checks.selinux_test

import data.warden.checks.selinux
import data.warden.lib.fixtures as fx

test_pod_type_and_user_found if {
	spec := fx.pod({"securityContext": {"seLinuxOptions": {"type": "spc_t", "user": "system_u"}}})
	res := selinux.deny with input as fx.one(fx.wrap("StatefulSet", spec))
	fx.ids(res) == {"K8S-021"}
	{f.resource | some f in res} == {0}
	fx.paths(res) == {
		["spec", "template", "spec", "securityContext", "seLinuxOptions", "type"],
		["spec", "template", "spec", "securityContext", "seLinuxOptions", "user"],
	}
}

test_container_role_init_ephemeral if {
	c := fx.container({"securityContext": {"seLinuxOptions": {"role": "sysadm_r"}}})
	count(selinux.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_container_t_allowed if {
	spec := fx.pod({"securityContext": {"seLinuxOptions": {"type": "container_t", "level": "s0:c123,c456"}}})
	count(selinux.deny) == 0 with input as fx.one(fx.wrap("Deployment", spec))
	count(selinux.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
