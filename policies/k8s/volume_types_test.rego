package warden.checks.volume_types_test

import data.warden.checks.volume_types
import data.warden.lib.fixtures as fx

spec := fx.pod({"volumes": [{"name": "cfg", "configMap": {"name": "c"}}, {"name": "share", "nfs": {"server": "10.0.0.4", "path": "/x"}}]})

test_nfs_found if {
	res := volume_types.deny with input as fx.one(fx.wrap("StatefulSet", spec))
	count(res) == 1
	some f in res
	f.check == "K8S-024"
	f.resource == 0
	f.path == ["spec", "template", "spec", "volumes", 1, "nfs"]
	f.msg == "StatefulSet payments/payments-api uses volume \"share\" of type nfs"
}

test_clean_passes if {
	count(volume_types.deny) == 0 with input as fx.one(fx.wrap("StatefulSet", fx.good_pod))
}
