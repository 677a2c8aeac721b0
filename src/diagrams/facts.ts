// What a diagram says about an element or flow beyond its name: threat counts, the worst open
// severity, the protocol and highest data classification on a flow, and whether a flow crosses a
// trust boundary. Both renderers draw from these facts, so DOT and Mermaid never disagree.
import {
  CLASSIFICATIONS,
  SEVERITIES,
  type AttrValue,
  type Classification,
  type Flow,
  type ResolvedModel,
  type Severity,
} from '../model/types.js';
import type { ThreatRegister } from '../threats/types.js';

export interface ThreatBadge {
  total: number;
  /** Threats with status 'open' (an expired acceptance is reported by the engine as open or accepted+expired; both count here). */
  open: number;
  /** Highest severity among open threats. */
  worstOpen?: Severity;
}

/** Threat counts keyed by element or flow id. */
export function threatBadges(register: ThreatRegister | undefined): Map<string, ThreatBadge> {
  const badges = new Map<string, ThreatBadge>();
  for (const t of register?.threats ?? []) {
    const b = badges.get(t.target.id) ?? { total: 0, open: 0 };
    b.total++;
    if (t.status === 'open' || (t.status === 'accepted' && t.acceptance?.expired)) {
      b.open++;
      if (b.worstOpen === undefined || SEVERITIES.indexOf(t.severity) > SEVERITIES.indexOf(b.worstOpen)) b.worstOpen = t.severity;
    }
    badges.set(t.target.id, b);
  }
  return badges;
}

/** Badge text: `⚠ 3/7` (open/total) when threats are open, `✓ 7` when all are handled. */
export function badgeText(b: ThreatBadge): string {
  return b.open > 0 ? `\u26a0 ${b.open}/${b.total}` : `\u2713 ${b.total}`;
}

function scalar(v: AttrValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.type === 'string' || v.type === 'enum' || v.type === 'date') return v.value;
  if (v.type === 'number' || v.type === 'bool') return String(v.value);
  if (v.type === 'ref') return v.target;
  return undefined;
}

export interface FlowFacts {
  protocol?: string;
  /** Highest classification among the data assets carried. */
  classification?: Classification;
  /** The endpoints sit in different boundaries (or one is outside every boundary). */
  crossesBoundary: boolean;
  /** The flow goes to a boundary with a higher trust level than its source's. */
  crossesInto: boolean;
}

export class FlowFactsIndex {
  private readonly elementBoundary = new Map<string, string | undefined>();
  private readonly trust = new Map<string, number>();
  private readonly dataClass = new Map<string, Classification>();

  constructor(model: ResolvedModel) {
    for (const e of model.elements) this.elementBoundary.set(e.id, e.boundary);
    for (const b of model.boundaries) this.trust.set(b.id, b.trustRank);
    for (const d of model.data) this.dataClass.set(d.id, d.classification);
  }

  facts(flow: Flow): FlowFacts {
    const fromB = this.elementBoundary.get(flow.from);
    const toB = this.elementBoundary.get(flow.to);
    // An element outside every boundary is treated as untrusted (rank 0), as the threat engine does.
    const fromT = fromB === undefined ? 0 : (this.trust.get(fromB) ?? 0);
    const toT = toB === undefined ? 0 : (this.trust.get(toB) ?? 0);
    let rank = -1;
    for (const d of flow.data) rank = Math.max(rank, CLASSIFICATIONS.indexOf(this.dataClass.get(d) ?? 'public'));
    return {
      protocol: scalar(flow.attributes.protocol),
      classification: rank >= 0 ? CLASSIFICATIONS[rank] : undefined,
      crossesBoundary: fromB !== toB,
      crossesInto: fromB !== toB && toT > fromT,
    };
  }
}

/** The second label line of a flow: `https · restricted`. */
export function flowDetail(f: FlowFacts): string {
  return [f.protocol, f.classification].filter((s) => s !== undefined).join(' \u00b7 ');
}
