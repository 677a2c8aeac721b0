package warden.checks.proc_mount_test

import data.warden.checks.proc_mount
import data.warden.lib.fixtures as fx

c := fx.container({"securityContext": {"procMount": "Unmasked"}})

test_unmasked_found if {
	res := proc_mount.deny with input as fx.one(fx.wrap("ReplicaSet", fx.pod_with(c)))
	count(res) == 1
	some f in res
	f.check == "K8S-022"
	f.resource == 0
	f.path == ["spec", "template", "spec", "containers", 0, "securityContext", "procMount"]
}

test_init_and_ephemeral if {
	count(proc_mount.deny) == 2 with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
}

test_default_and_clean_pass if {
	d := fx.container({"securityContext": {"procMount": "Default"}})
	count(proc_mount.deny) == 0 with input as fx.one(fx.wrap("Pod", fx.pod_with(d)))
	count(proc_mount.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
