// Which candidate controls fit a target, and the fingerprint a decision records.
//
// NOTE(fit): a control enforced only by Kubernetes checks (every policy it lists is a `K8S-` check,
// e.g. readOnlyRootFilesystem) is proposed only for Kubernetes elements: a kind from
// warden/kubernetes (workload, ingress, service, namespace, cluster and their sub-kinds) or an element
// inside a boundary bound to a namespace; for a flow, when either end is one. A third-party API or
// a managed database never gets `readOnlyRootFilesystem` as its mitigation.
import * as crypto from 'node:crypto';
import type { Element, Flow } from '../model/types.js';
import type { ModelLookup } from './lookup.js';

export const KUBERNETES_KINDS: readonly string[] = ['workload', 'statefulWorkload', 'ingress', 'service', 'namespace', 'cluster'];

/** A control whose every policy is a Kubernetes manifest check. */
export function isKubernetesControl(lookup: ModelLookup, control: string): boolean {
  const def = lookup.controls.get(control);
  return def !== undefined && def.policies.length > 0 && def.policies.every((p) => p.startsWith('K8S-'));
}

/** Whether an element runs on Kubernetes (see NOTE(fit)). */
export function isKubernetesElement(lookup: ModelLookup, id: string): boolean {
  const e = lookup.elements.get(id);
  if (!e) return false;
  const chain = lookup.ancestry.get(e.kind) ?? [e.kind];
  if (chain.some((k) => KUBERNETES_KINDS.includes(k))) return true;
  for (let b = e.boundary; b !== undefined; ) {
    const boundary = lookup.boundaries.get(b);
    if (!boundary) break;
    if (boundary.namespace !== undefined) return true;
    b = boundary.parent;
  }
  return false;
}

/** Whether `control` is a fitting candidate for the target (see NOTE(fit)). */
export function fitsTarget(lookup: ModelLookup, control: string, target: Element | Flow, isFlow: boolean): boolean {
  if (!isKubernetesControl(lookup, control)) return true;
  if (!isFlow) return isKubernetesElement(lookup, target.id);
  const f = target as Flow;
  return isKubernetesElement(lookup, f.from) || isKubernetesElement(lookup, f.to);
}

/**
 * What a decision on a threat is about, hashed: rule, target identity, kind, title and ends, and the
 * instantiated statement (which names the assets and facts the rule used). 8 hex digits.
 */
export function threatFingerprint(rule: string, target: Element | Flow, isFlow: boolean, statement: string): string {
  const parts = [rule, isFlow ? ((target as Flow).key ?? target.id) : target.id, target.kind, target.title];
  if (isFlow) parts.push((target as Flow).from, (target as Flow).to);
  else parts.push((target as Element).boundary ?? '');
  parts.push(statement);
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 8);
}
