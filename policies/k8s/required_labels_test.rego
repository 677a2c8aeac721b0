package warden.checks.required_labels_test

import data.warden.checks.required_labels
import data.warden.lib.fixtures as fx

test_missing_owner_found if {
	r := json.patch(fx.wrap("CronJob", fx.good_pod), [{"op": "remove", "path": "/metadata/labels/owner"}])
	res := required_labels.deny with input as fx.one(r)
	count(res) == 1
	some f in res
	f.check == "K8S-067"
	f.resource == 0
	f.path == ["metadata", "labels", "owner"]
}

test_no_labels_points_at_metadata if {
	r := json.patch(fx.wrap("Deployment", fx.good_pod), [{"op": "remove", "path": "/metadata/labels"}])
	fx.paths(required_labels.deny) == {["metadata", "labels"]} with input as fx.one(r)
}

test_param_labels if {
	count(required_labels.deny) == 1 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
		with data.warden.params as {"K8S-067": {"labels": ["owner", "cost-center"]}}
}

test_clean_passes if {
	count(required_labels.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}

test_no_metadata_points_at_root if {
	r := object.remove(fx.wrap("Job", fx.good_pod), ["metadata"])
	fx.paths(required_labels.deny) == {["metadata"]} with input as fx.one(r)
}
