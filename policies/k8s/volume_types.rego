# METADATA
# title: Pods may use only restricted volume types
# description: >-
#   Volume types beyond configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim,
#   projected and secret reach node or storage-backend resources directly (hostPath, nfs, iscsi,
#   flexVolume, ...). Pod Security Standards (restricted) allow only the listed types.
# custom:
#   id: K8S-024
#   severity: low
#   stride: [E, T]
#   aliases:
#     trivy: KSV-0028
#     gatekeeper: K8sPSPVolumeTypes
#     kyverno: restrict-volume-types
#     azure: AllowedVolumeTypes
#     pss: restricted
#   resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: >-
#     Replace the volume with a PersistentVolumeClaim (CSI) or one of the allowed types.
package warden.checks.volume_types

import data.warden.lib.k8s

allowed := {"name", "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}

deny contains finding if {
	some p in k8s.pods
	some j, volume in object.get(p.spec, "volumes", [])
	some type, _ in volume
	not allowed[type]
	msg := sprintf("%s uses volume \"%s\" of type %s", [k8s.display(p.owner), object.get(volume, "name", ""), type])
	finding := k8s.finding("K8S-024", "low", msg, p.index, array.concat(p.path, ["volumes", j, type]))
}
