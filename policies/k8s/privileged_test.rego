package warden.checks.privileged_test

import data.warden.checks.privileged
import data.warden.lib.fixtures as fx

bad := fx.container({"securityContext": {"privileged": true}})

test_privileged_found_in_every_kind if {
	every kind in fx.kinds {
		res := privileged.deny with input as fx.one(fx.wrap(kind, fx.pod_with(bad)))
		count(res) == 1
		some f in res
		f.check == "K8S-008"
		f.severity == "critical"
		f.resource == 0
		f.path == array.concat(fx.spec_path[kind], ["containers", 0, "securityContext", "privileged"])
	}
}

test_message if {
	some f in privileged.deny with input as fx.one(fx.wrap("Deployment", fx.pod_with(bad)))
	f.msg == "Container \"app\" of Deployment payments/payments-api runs privileged"
}

test_init_and_ephemeral if {
	res := privileged.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(bad)))
	fx.paths(res) == {
		["spec", "initContainers", 0, "securityContext", "privileged"],
		["spec", "ephemeralContainers", 0, "securityContext", "privileged"],
	}
	some f in res
	f.msg == "Init container \"init\" of Pod payments/payments-api runs privileged"
}

test_resource_index_is_position if {
	res := privileged.deny with input as {"resources": [fx.wrap("Deployment", fx.good_pod), fx.wrap("Pod", fx.pod_with(bad))]}
	{f.resource | some f in res} == {1}
}

test_clean_passes if {
	count(privileged.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}

test_resource_without_metadata_still_reported if {
	r := object.remove(fx.wrap("Pod", fx.pod_with(bad)), ["metadata"])
	some f in privileged.deny with input as fx.one(r)
	f.msg == "Container \"app\" of Pod <unnamed> runs privileged"
}
