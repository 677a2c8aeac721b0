// Suppressions: `waive "K8S-013" for "deployment/legacy" owner ... until ... because ...` in the
// model, and `warden.dev/ignore: "K8S-013, K8S-020"` annotations on resources. Neither hides a
// finding: it is kept in the report, marked suppressed, and does not fail the run. An expired
// waiver suppresses nothing and is a finding of its own (WD-WAIVER-001), so a forgotten deadline
// breaks the build instead of silently extending itself.
import type { Diagnostic } from '../diagnostics/index.js';
import type { Waiver } from '../model/types.js';
import { IGNORE_ANNOTATION, type ManifestResource } from './manifests.js';
import type { Finding, RuleInfo, Suppression } from './types.js';

export { IGNORE_ANNOTATION };

export const WAIVER_RULE: RuleInfo = {
  id: 'WD-WAIVER-001',
  title: 'Expired waiver',
  description: 'A waiver in the model has passed its expiry date. It no longer suppresses the findings it covered; renew it with a new date and reason, or fix the findings.',
  severity: 'high',
  family: 'waiver',
  stride: [],
  remediation: 'Fix the waived findings, or renew the waiver with a new `until` date and an owner who accepts the risk.',
};

const SHORT_KINDS: Record<string, string> = {
  deploy: 'deployment',
  sts: 'statefulset',
  ds: 'daemonset',
  rs: 'replicaset',
  rc: 'replicationcontroller',
  cj: 'cronjob',
  po: 'pod',
  svc: 'service',
  ing: 'ingress',
  netpol: 'networkpolicy',
  sa: 'serviceaccount',
  ns: 'namespace',
  cm: 'configmap',
  pdb: 'poddisruptionbudget',
};

function normKind(k: string): string {
  const l = k.toLowerCase();
  return SHORT_KINDS[l] ?? l;
}

/**
 * Target of a waiver: `kind/name` (any namespace), `kind/namespace/name`, or `element/<Id>` for
 * findings without a resource (a modelled workload missing from the manifests).
 */
export function parseWaiverTarget(text: string): { kind: string; namespace?: string; name: string } | undefined {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) return undefined;
  return parts.length === 3 ? { kind: normKind(parts[0]), namespace: parts[1], name: parts[2] } : { kind: normKind(parts[0]), name: parts[1] };
}

function waiverMatches(w: Waiver, target: NonNullable<ReturnType<typeof parseWaiverTarget>>, f: Finding): boolean {
  if (w.check !== f.check) return false;
  if (target.kind === 'element') return f.element === target.name;
  const r = f.resource;
  if (!r) return false;
  const kind = r.kind.toLowerCase();
  if (kind !== target.kind && `${kind}s` !== target.kind) return false;
  if (r.name !== target.name) return false;
  return target.namespace === undefined || (r.namespace ?? '') === target.namespace;
}

/** Check ids a resource asks to ignore, and the position of the annotation. */
function ignoredBy(resource: ManifestResource): { checks: Set<string>; line: number; column: number } | undefined {
  const value = resource.ignoreAnnotation ? resource.ignoreAnnotation() : (resource.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations?.[IGNORE_ANNOTATION];
  if (typeof value !== 'string') return undefined;
  const checks = new Set(
    value
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const at = resource.position(['metadata', 'annotations', IGNORE_ANNOTATION]);
  return { checks, line: at.line, column: at.column };
}

/**
 * Marks suppressed findings in place and returns the extra findings (expired waivers) and
 * diagnostics (malformed or unused waivers). `today` is an ISO date (yyyy-mm-dd).
 */
export function applySuppressions(
  findings: Finding[],
  waivers: readonly Waiver[],
  resources: readonly ManifestResource[],
  today: string,
  displayFile: (f: string) => string,
  options: { annotations?: boolean } = {},
): { extra: Finding[]; diagnostics: Diagnostic[] } {
  const extra: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const w of waivers) {
    const span = { line: w.source.line, column: w.source.column, endLine: w.source.endLine, endColumn: w.source.endColumn, offset: 0, endOffset: 0 };
    const file = displayFile(w.source.file);
    const target = parseWaiverTarget(w.resource);
    if (!target) {
      diagnostics.push({
        code: 'WD5010',
        severity: 'error',
        message: `waiver for ${w.check}: resource "${w.resource}" is not "kind/name", "kind/namespace/name" or "element/<Id>"`,
        file,
        span,
        hint: 'for example waive "K8S-013" for "deployment/payments/legacy" ...',
      });
      continue;
    }
    if (w.until < today) {
      extra.push({
        check: WAIVER_RULE.id,
        title: WAIVER_RULE.title,
        severity: WAIVER_RULE.severity,
        family: 'waiver',
        message: `waiver of ${w.check} for ${w.resource} (owner ${w.owner}) expired on ${w.until}; the findings it covered fail again`,
        elements: [],
        controls: [],
        threats: [],
        model: { file, line: w.source.line },
        fingerprint: '',
      });
      continue;
    }
    let used = false;
    for (const f of findings) {
      if (f.suppressed || !waiverMatches(w, target, f)) continue;
      const s: Suppression = { kind: 'waiver', owner: w.owner, until: w.until, reason: w.reason, file, line: w.source.line };
      f.suppressed = s;
      used = true;
    }
    if (!used) {
      diagnostics.push({
        code: 'WD5011',
        severity: 'warning',
        message: `waiver of ${w.check} for ${w.resource} matches no finding`,
        file,
        span,
        hint: 'the finding is fixed (remove the waiver) or the resource name is wrong',
      });
    }
  }
  const refused = annotationSuppressions(findings, resources, options.annotations !== false);
  for (const [r, at] of refused) diagnostics.push(annotationRefused(r, at));
  return { extra, diagnostics };
}

/** Where an annotation that was not honoured stands, and the checks it asked to ignore. */
type Refused = { line: number; column: number; checks: Set<string> };

/**
 * Marks the findings a resource's warden.dev/ignore annotation names as suppressed, when `honour`;
 * otherwise leaves them open and returns, per resource, the annotation's position and the checks it
 * would have suppressed.
 */
function annotationSuppressions(findings: Finding[], resources: readonly ManifestResource[], honour: boolean): Map<ManifestResource, Refused> {
  const refused = new Map<ManifestResource, Refused>();
  // once per resource: a resource reads its value again from the text on each access
  const ignored = new Map<ManifestResource, ReturnType<typeof ignoredBy>>();
  for (const f of findings) {
    if (f.suppressed || !f.resource) continue;
    const r = resources[f.resource.index];
    if (r && !ignored.has(r)) ignored.set(r, ignoredBy(r));
    const ig = r ? ignored.get(r) : undefined;
    if (!r || !ig || !(ig.checks.has(f.check) || ig.checks.has('*'))) continue;
    if (honour) f.suppressed = { kind: 'annotation', reason: `${IGNORE_ANNOTATION} annotation on ${f.resource.label}`, file: r.file, line: ig.line };
    else {
      const seen = refused.get(r) ?? { line: ig.line, column: ig.column, checks: new Set<string>() };
      seen.checks.add(f.check);
      refused.set(r, seen);
    }
  }
  return refused;
}

/** WD5019: an annotation that asked to suppress findings `--no-ignore-annotations` keeps open. */
function annotationRefused(r: ManifestResource, at: Refused): Diagnostic {
  const label = `${r.kind.toLowerCase()}/${r.name}`;
  const checks = [...at.checks].sort();
  return {
    code: 'WD5019',
    severity: 'warning',
    message: `${IGNORE_ANNOTATION} on ${label} is not honoured (--no-ignore-annotations): ${checks.join(', ')} stay${checks.length === 1 ? 's' : ''} open`,
    file: r.file,
    span: { line: at.line, column: at.column, endLine: at.line, endColumn: at.column + IGNORE_ANNOTATION.length, offset: 0, endOffset: 0 },
    hint: 'suppress a finding with a waiver in the model (owner, expiry, reason), or fix it',
  };
}
