// `warden trace` text output: each threat that code speaks about with the tags that speak about
// it, then the threats still open. A pure function of the trace result, so it is deterministic.
import { SEVERITIES } from '../model/types.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { visibleControls } from '../text/escape.js';
import { EXPOSES_RULE, type ResolvedAnnotation, type TraceResult } from './apply.js';

export interface TraceSummary {
  annotations: number;
  files: number;
  /** Threats with at least one code annotation resolving to them. */
  linked: number;
  mitigatedInCode: number;
  acceptedInCode: number;
  exposed: number;
  open: number;
  total: number;
  /** Annotations that resolved to no threat (mitigates/exposes/accepts only). */
  unresolved: number;
}

export function summarizeTrace(r: TraceResult): TraceSummary {
  const linked = new Set(r.annotations.flatMap((a) => a.threats));
  const threats = r.register.threats;
  return {
    annotations: r.annotations.length,
    files: new Set(r.annotations.map((a) => a.file)).size,
    linked: linked.size,
    mitigatedInCode: threats.filter((t) => t.status === 'mitigated' && t.evidence.some((e) => e.kind === 'code')).length,
    acceptedInCode: threats.filter((t) => t.status === 'accepted' && t.acceptance && r.annotations.some((a) => a.tag === 'accepts' && a.file === t.acceptance!.source.file && a.line === t.acceptance!.source.line)).length,
    exposed: threats.filter((t) => t.rule === EXPOSES_RULE).length,
    open: threats.filter((t) => t.status === 'open').length,
    total: threats.length,
    unresolved: r.annotations.filter((a) => (a.tag === 'mitigates' || a.tag === 'exposes' || a.tag === 'accepts') && a.threats.length === 0).length,
  };
}

const severityRank = (t: Threat) => SEVERITIES.indexOf(t.severity);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Open threats, most severe first, then by target, category, id. */
export function openThreats(reg: ThreatRegister): Threat[] {
  return reg.threats
    .filter((t) => t.status === 'open')
    .sort((a, b) => severityRank(b) - severityRank(a) || cmp(a.target.id, b.target.id) || cmp(a.category, b.category) || cmp(a.id, b.id));
}

/** Threats some annotation resolved to, by target, category, id; each with its annotations in file order. */
export function linkedThreats(r: TraceResult): Array<{ threat: Threat; annotations: ResolvedAnnotation[] }> {
  const byThreat = new Map<string, ResolvedAnnotation[]>();
  for (const a of r.annotations) for (const id of a.threats) byThreat.set(id, [...(byThreat.get(id) ?? []), a]);
  return r.register.threats
    .filter((t) => byThreat.has(t.id))
    .sort((a, b) => cmp(a.target.id, b.target.id) || cmp(a.category, b.category) || cmp(a.id, b.id))
    .map((threat) => ({ threat, annotations: byThreat.get(threat.id)! }));
}

/** One line describing what a tag says: `by oidcAuth: tokens verified`. */
export function describeAnnotation(a: ResolvedAnnotation): string {
  if (a.tag === 'accepts') return `accepted by ${a.owner} until ${a.until}: ${a.reason}`;
  if (a.tag === 'exposes') return `exposes${a.severity ? ` (${a.severity})` : ''}: ${a.note ?? ''}`;
  if (a.control) return `mitigates by ${a.control}${a.note ? `: ${a.note}` : ''}`;
  return a.note ? `mitigates: ${a.note}` : 'mitigates';
}

export function renderTraceText(r: TraceResult): string {
  const s = summarizeTrace(r);
  const out: string[] = [
    `${r.register.model}: ${s.annotations} annotation${s.annotations === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}; ` +
      `${s.mitigatedInCode} threat${s.mitigatedInCode === 1 ? '' : 's'} mitigated in code, ${s.acceptedInCode} accepted in code, ${s.exposed} exposed; ${s.open} of ${s.total} open.`,
  ];
  const linked = linkedThreats(r);
  if (linked.length > 0) {
    out.push('', 'Threats linked to code:');
    for (const { threat: t, annotations } of linked) {
      out.push(`  ${t.id}  ${t.target.id}.${t.category}  ${t.status}  ${t.title}`);
      for (const a of annotations) out.push(`    ${a.file}:${a.line}${a.declaration ? `  ${a.declaration}` : ''}  ${describeAnnotation(a)}`);
    }
  }
  const open = openThreats(r.register);
  out.push('', open.length > 0 ? `Open threats (${open.length}):` : 'Open threats: none.');
  for (const t of open) out.push(`  ${t.id}  ${t.severity.padEnd(8)}  ${t.target.id}.${t.category}  ${t.title}`);
  // Model text and tag text from source files are shown, never obeyed (src/text/escape.ts).
  return visibleControls(out.join('\n') + '\n');
}
