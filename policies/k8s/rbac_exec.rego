# METADATA
# title: Roles must not allow exec, attach or node proxy
# description: >-
#   `create` on pods/exec or pods/attach runs commands inside other workloads' containers, and
#   nodes/proxy reaches the kubelet API directly (bypassing audit of the individual actions).
# custom:
#   id: K8S-059
#   severity: high
#   stride: [E, R]
#   aliases:
#     trivy: KSV-0053, KSV-0054, KSV-0047
#     checkov: CKV2_K8S_2
#     kubescape: C-0002
#     polaris: clusterrolePodExecAttach
#   resources: [Role, ClusterRole]
#   remediation: >-
#     Remove exec/attach/proxy from workload roles; grant them to humans through JIT access only.
package warden.checks.rbac_exec

import data.warden.lib.k8s

dangerous := [["pods/exec", "create"], ["pods/attach", "create"], ["nodes/proxy", "get"], ["nodes/proxy", "create"]]

deny contains finding if {
	some entry in k8s.rbac_rules
	granted := {res | some pair in dangerous; k8s.grants(entry.rule, "", pair[0], pair[1]); res := pair[0]}
	count(granted) > 0
	msg := sprintf("%s allows %s", [k8s.display(entry.owner), concat(", ", sort(granted))])
	finding := k8s.finding("K8S-059", "high", msg, entry.index, entry.path)
}
