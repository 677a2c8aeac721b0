package warden.lib.k8s_test

import data.warden.lib.k8s

test_path2_missing_parent if {
	k8s.path2(["c"], {"x": 1}, "securityContext", "privileged") == ["c", "securityContext"]
	k8s.path2(["c"], {"securityContext": {}}, "securityContext", "privileged") == ["c", "securityContext", "privileged"]
}

test_path3_levels if {
	k8s.path3([], {}, "a", "b", "c") == ["a"]
	k8s.path3([], {"a": {}}, "a", "b", "c") == ["a", "b"]
	k8s.path3([], {"a": {"b": {}}}, "a", "b", "c") == ["a", "b", "c"]
}

test_image_tag if {
	not k8s.image_tag("nginx")
	not k8s.image_tag("registry.local:5000/team/app")
	k8s.image_tag("nginx:1.25") == "1.25"
	k8s.image_tag("registry.local:5000/team/app:v2@sha256:abc") == "v2"
}

test_image_registry if {
	k8s.image_registry("nginx") == "docker.io"
	k8s.image_registry("bitnami/redis:7") == "docker.io"
	k8s.image_registry("contoso.azurecr.io/payments/api:1") == "contoso.azurecr.io"
	k8s.image_registry("localhost/app") == "localhost"
	k8s.image_registry("registry:5000/app") == "registry:5000"
}

test_selectors if {
	k8s.selector_matches({}, {"app": "a"})
	k8s.selector_matches({"matchLabels": {"app": "a"}}, {"app": "a", "tier": "web"})
	not k8s.selector_matches({"matchLabels": {"app": "b"}}, {"app": "a"})
	k8s.selector_matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]}, {"app": "a"})
	not k8s.selector_matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]}, {"tier": "db"})
	k8s.selector_matches({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["db"]}]}, {"tier": "db"})
	k8s.selector_matches({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}, {"app": "a"})
	not k8s.selector_matches({"matchExpressions": [{"key": "tier", "operator": "Exists"}]}, {"app": "a"})
	k8s.map_selects({"app": "a"}, {"app": "a", "x": "y"})
	not k8s.map_selects({}, {"app": "a"})
}

test_display if {
	k8s.display({"kind": "Deployment", "metadata": {"name": "api", "namespace": "payments"}}) == "Deployment payments/api"
	k8s.display({"kind": "ClusterRole", "metadata": {"name": "admin"}}) == "ClusterRole admin"
}

test_display_without_metadata if {
	k8s.display({"kind": "Pod"}) == "Pod <unnamed>"
	k8s.namespace({"kind": "Pod"}) == "default"
}
