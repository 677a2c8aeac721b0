package warden.checks.read_only_root_fs_test

import data.warden.checks.read_only_root_fs
import data.warden.lib.fixtures as fx

test_missing_found_in_every_kind if {
	c := fx.container({"securityContext": {"readOnlyRootFilesystem": false}})
	every kind in fx.kinds {
		res := read_only_root_fs.deny with input as fx.one(fx.wrap(kind, fx.pod_with(c)))
		count(res) == 1
		some f in res
		f.check == "K8S-013"
		f.resource == 0
		f.path == array.concat(fx.spec_path[kind], ["containers", 0, "securityContext", "readOnlyRootFilesystem"])
	}
}

test_init_and_ephemeral if {
	c := object.remove(fx.good_container, ["securityContext"])
	res := read_only_root_fs.deny with input as fx.one(fx.wrap("Pod", fx.side_containers(c)))
	fx.paths(res) == {["spec", "initContainers", 0, "securityContext"], ["spec", "ephemeralContainers", 0, "securityContext"]}
}

test_clean_passes if {
	count(read_only_root_fs.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
