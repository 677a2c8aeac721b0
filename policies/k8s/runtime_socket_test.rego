package warden.checks.runtime_socket_test

import data.warden.checks.runtime_socket
import data.warden.lib.fixtures as fx

sock(path) := fx.pod({"volumes": [{"name": "sock", "hostPath": {"path": path, "type": "Socket"}}]})

test_docker_socket_found if {
	res := runtime_socket.deny with input as fx.one(fx.wrap("DaemonSet", sock("/var/run/docker.sock")))
	count(res) == 1
	some f in res
	f.check == "K8S-006"
	f.severity == "critical"
	f.resource == 0
	f.path == ["spec", "template", "spec", "volumes", 0, "hostPath", "path"]
}

test_containerd_dir_with_trailing_slash if {
	count(runtime_socket.deny) == 1 with input as fx.one(fx.wrap("Pod", sock("/run/containerd/")))
}

test_other_host_path_is_not_a_socket if {
	count(runtime_socket.deny) == 0 with input as fx.one(fx.wrap("DaemonSet", sock("/var/log")))
	count(runtime_socket.deny) == 0 with input as fx.one(fx.wrap("DaemonSet", fx.good_pod))
}
