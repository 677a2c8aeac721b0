// How a model element is bound to Kubernetes resources: `workload "kind/name"` (or
// "kind/namespace/name") and `selector "label=value,..."`. These strings are plain `string`
// attributes in the DSL (models/warden/kubernetes.warden); their syntax is defined once here so the
// checker (`warden validate`) rejects exactly what policy derivation cannot use, with the same codes
// (WD4002, WD4003), and a model that validates always builds.

/** Workload kinds `workload "kind/..."` accepts, for messages. */
export const WORKLOAD_KINDS = ['pod', 'deployment', 'statefulset', 'daemonset', 'replicaset', 'replicationcontroller', 'job', 'cronjob'] as const;

/** Canonical lower-case workload kinds, with the short names kubectl accepts. */
const KIND_ALIASES: Record<string, string> = {
  pod: 'pod',
  po: 'pod',
  deployment: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  ds: 'daemonset',
  replicaset: 'replicaset',
  rs: 'replicaset',
  replicationcontroller: 'replicationcontroller',
  rc: 'replicationcontroller',
  job: 'job',
  cronjob: 'cronjob',
  cj: 'cronjob',
};

// Kubernetes object names (DNS-1123 subdomain) and namespaces (DNS-1123 label): a workload named
// otherwise can never match a manifest, so it is refused rather than silently never checked.
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const OBJECT_NAME = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);
const NAMESPACE = new RegExp(`^${DNS_LABEL}$`);

export interface WorkloadRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** `kind/name` or `kind/namespace/name` read, or why it cannot be (a message naming the part at fault). */
export function readWorkload(text: string): { value: WorkloadRef } | { problem: string } {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) return { problem: `workload "${text}" is not "kind/name" or "kind/namespace/name"` };
  const kind = KIND_ALIASES[parts[0].toLowerCase().replace(/s$/, '')] ?? KIND_ALIASES[parts[0].toLowerCase()];
  if (!kind) return { problem: `workload "${text}": "${parts[0]}" is not a workload kind` };
  const name = parts[parts.length - 1];
  if (name.length > 253 || !OBJECT_NAME.test(name)) return { problem: `workload "${text}": "${name}" is not a Kubernetes object name (lower-case letters, digits, '-' and '.')` };
  if (parts.length === 3 && (parts[1].length > 63 || !NAMESPACE.test(parts[1]))) return { problem: `workload "${text}": "${parts[1]}" is not a Kubernetes namespace (lower-case letters, digits and '-')` };
  return { value: parts.length === 3 ? { kind, namespace: parts[1], name } : { kind, name } };
}

/** Parses `kind/name` or `kind/namespace/name`; undefined when readWorkload finds a problem. */
export function parseWorkload(text: string): WorkloadRef | undefined {
  const r = readWorkload(text);
  return 'value' in r ? r.value : undefined;
}

/** The hint for a workload problem. */
export const WORKLOAD_HINT = `for example workload "deployment/payments-api"; kinds: ${WORKLOAD_KINDS.join(', ')}`;

/** The hint for a selector problem. */
export const SELECTOR_HINT = 'for example selector "app=payments,tier=api"';

/** Parses an equality label selector `app=payments,tier=api` (`==` accepted). */
export function parseSelector(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z0-9./_-]+)\s*==?\s*([A-Za-z0-9._-]*)\s*$/.exec(part);
    if (!m) return undefined;
    out[m[1]] = m[2];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
