// The model's decisions about threats: `mitigate`, `accept` and `notApplicable` statements. Each
// names threats by `Element.category`, `Element.category.rule` or a threat id; a reference that
// names no threat is an error (WD3020, with a did-you-mean), an acceptance past its date is an
// error (WD3021) and its threats stay `accepted` with `expired: true` so `--fail-on` still fails.
//
// Precedence when several apply to one threat: notApplicable, then mitigated, then accepted, then
// open. A mitigation by control or statement is the stronger answer than an acceptance of risk.
import type { ResolvedModel, SourceRef, ThreatRef } from '../model/types.js';
import { didYouMean, type Diagnostic } from '../diagnostics/index.js';
import type { Threat } from './types.js';
import { toDiagnostic } from './conditions.js';
import type { ModelLookup } from './lookup.js';

export function formatRef(ref: ThreatRef): string {
  return ref.kind === 'id' ? ref.id : `${ref.element}.${ref.category}${ref.rule ? `.${ref.rule}` : ''}`;
}

export function applyDecisions(model: ResolvedModel, lookup: ModelLookup, threats: Threat[], today: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map(threats.map((t) => [t.id, t]));
  const byTarget = new Map<string, Threat[]>();
  for (const t of threats) {
    let list = byTarget.get(t.target.id);
    if (!list) byTarget.set(t.target.id, (list = []));
    list.push(t);
  }

  const resolve = (ref: ThreatRef, source: SourceRef): Threat[] => {
    if (ref.kind === 'id') {
      const t = byId.get(ref.id);
      if (t) return [t];
      const guess = didYouMean(ref.id, byId.keys());
      diagnostics.push(toDiagnostic('WD3020', `no threat has id ${ref.id}`, source, guess ? `did you mean ${guess}?` : 'run `warden threats` to list the ids'));
      return [];
    }
    const onTarget = byTarget.get(ref.element);
    if (!onTarget) {
      const known = lookup.elements.has(ref.element) || lookup.flows.has(ref.element);
      const guess = known ? undefined : didYouMean(ref.element, [...lookup.elements.keys(), ...lookup.flows.keys()]);
      diagnostics.push(
        toDiagnostic('WD3020', known ? `${ref.element} has no threats` : `no element or flow named "${ref.element}"`, source, guess ? `did you mean "${guess}"?` : undefined),
      );
      return [];
    }
    const matching = onTarget.filter((t) => t.category === ref.category && (ref.rule === undefined || t.rule === ref.rule));
    if (matching.length === 0) {
      const candidates = [...new Set(onTarget.map((t) => (ref.rule === undefined ? `${ref.element}.${t.category}` : `${ref.element}.${t.category}.${t.rule}`)))];
      const guess = didYouMean(formatRef(ref), candidates);
      diagnostics.push(
        toDiagnostic(
          'WD3020',
          `no threat ${formatRef(ref)}: ${ref.element} has no ${ref.rule ? `threat from rule ${ref.rule} in ${ref.category}` : `${ref.category} threat`}`,
          source,
          guess ? `did you mean ${guess}?` : `threats of ${ref.element}: ${candidates.sort().join(', ')}`,
        ),
      );
    }
    return matching;
  };

  for (const m of model.mitigations) {
    for (const t of resolve(m.target, m.source)) {
      t.evidence.push({ kind: 'statement', ...(m.control ? { control: m.control } : {}), ...(m.text ? { text: m.text } : {}), fingerprint: t.fingerprint, source: m.source });
      if (t.status === 'open') t.status = 'mitigated';
    }
  }
  for (const a of model.acceptances) {
    const expired = a.until < today;
    if (expired) {
      diagnostics.push(
        toDiagnostic('WD3021', `acceptance of ${formatRef(a.target)} expired on ${a.until} (owner ${a.owner})`, a.source, 'review the risk: mitigate the threat or renew the acceptance with a later `until` date'),
      );
    }
    for (const t of resolve(a.target, a.source)) {
      t.acceptance = { owner: a.owner, until: a.until, reason: a.reason, expired, fingerprint: t.fingerprint, source: a.source };
      if (t.status === 'open') t.status = 'accepted';
    }
  }
  for (const n of model.notApplicable) {
    for (const t of resolve(n.target, n.source)) {
      t.notApplicable = { reason: n.reason, fingerprint: t.fingerprint, source: n.source };
      t.status = 'notApplicable';
    }
  }
  return diagnostics;
}

/** Whether a threat still counts against the team: open, or accepted on an expired acceptance. */
export function isOutstanding(t: Threat): boolean {
  return t.status === 'open' || (t.status === 'accepted' && t.acceptance?.expired === true);
}
