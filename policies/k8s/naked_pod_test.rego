package warden.checks.naked_pod_test

import data.warden.checks.naked_pod
import data.warden.lib.fixtures as fx

test_bare_pod_found if {
	res := naked_pod.deny with input as {"resources": [fx.wrap("Deployment", fx.good_pod), fx.wrap("Pod", fx.good_pod)]}
	count(res) == 1
	some f in res
	f.check == "K8S-066"
	f.resource == 1
	f.path == ["metadata", "ownerReferences"]
}

test_owned_pod_passes if {
	owned := json.patch(fx.wrap("Pod", fx.good_pod), [{"op": "add", "path": "/metadata/ownerReferences", "value": [{"kind": "ReplicaSet", "name": "api-7d9"}]}])
	count(naked_pod.deny) == 0 with input as fx.one(owned)
}

test_pod_without_metadata_reported_at_root if {
	r := object.remove(fx.wrap("Pod", fx.good_pod), ["metadata"])
	some f in naked_pod.deny with input as fx.one(r)
	f.path == ["metadata"]
}
