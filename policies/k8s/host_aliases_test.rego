package warden.checks.host_aliases_test

import data.warden.checks.host_aliases
import data.warden.lib.fixtures as fx

test_host_aliases_found if {
	spec := fx.pod({"hostAliases": [{"ip": "10.1.2.3", "hostnames": ["login.microsoftonline.com"]}]})
	res := host_aliases.deny with input as fx.one(fx.wrap("ReplicaSet", spec))
	count(res) == 1
	some f in res
	f.check == "K8S-040"
	f.resource == 0
	f.path == ["spec", "template", "spec", "hostAliases"]
}

test_clean_passes if {
	count(host_aliases.deny) == 0 with input as fx.one(fx.wrap("ReplicaSet", fx.good_pod))
}
