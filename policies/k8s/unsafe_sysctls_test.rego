package warden.checks.unsafe_sysctls_test

import data.warden.checks.unsafe_sysctls
import data.warden.lib.fixtures as fx

spec := fx.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}, {"name": "kernel.msgmax", "value": "65536"}]}})

test_unsafe_found if {
	res := unsafe_sysctls.deny with input as fx.one(fx.wrap("Pod", spec))
	count(res) == 1
	some f in res
	f.check == "K8S-023"
	f.resource == 0
	f.path == ["spec", "securityContext", "sysctls", 1, "name"]
	f.msg == "Pod payments/payments-api sets unsafe sysctl kernel.msgmax"
}

test_clean_passes if {
	count(unsafe_sysctls.deny) == 0 with input as fx.one(fx.wrap("Deployment", fx.good_pod))
}
