// Counts shown at the top of every report; one definition so text, JSON and Markdown agree.
import type { Severity } from '../../model/types.js';
import { SEVERITIES } from '../../model/types.js';
import type { ThreatRegister } from '../types.js';
import { isOutstanding } from '../decisions.js';

export interface RegisterSummary {
  total: number;
  open: number;
  mitigated: number;
  accepted: number;
  expired: number;
  notApplicable: number;
  /** Generic STRIDE-baseline threats (rule `stride.*`) among `total`; the rest are specific. */
  generic: number;
  /** Outstanding threats (open, or accepted on an expired acceptance) per severity. */
  outstanding: Record<Severity, number>;
}

export function summarize(register: ThreatRegister): RegisterSummary {
  const outstanding = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const s: RegisterSummary = { total: register.threats.length, open: 0, mitigated: 0, accepted: 0, expired: 0, notApplicable: 0, generic: 0, outstanding };
  for (const t of register.threats) {
    s[t.status]++;
    if (t.generic) s.generic++;
    if (t.status === 'accepted' && t.acceptance?.expired) s.expired++;
    if (isOutstanding(t)) outstanding[t.severity]++;
  }
  return s;
}

export function summaryLine(s: RegisterSummary): string {
  const accepted = s.expired > 0 ? `${s.accepted} accepted (${s.expired} expired)` : `${s.accepted} accepted`;
  return `${s.total} threat${s.total === 1 ? '' : 's'}: ${s.open} open, ${s.mitigated} mitigated, ${accepted}, ${s.notApplicable} not applicable; ${s.total - s.generic} specific, ${s.generic} generic`;
}
