// Differences between two registers, for pull-request review: threats added, removed, and changed
// in status (or severity). Threats are matched by id, which is stable across unrelated edits
// (ids.ts), so a renamed element shows as its threats removed and re-added.
import type { Threat, ThreatRegister } from './types.js';
import { escapeMarkdown as md, markdownCode as code, visibleControls } from '../text/escape.js';

export interface ThreatState {
  status: Threat['status'];
  severity: Threat['severity'];
  /** True when the status is `accepted` on an acceptance that has expired. */
  expired: boolean;
}

export interface ThreatChange {
  id: string;
  rule: string;
  category: Threat['category'];
  target: Threat['target'];
  title: string;
  before: ThreatState;
  after: ThreatState;
  /**
   * Set when a decision (mitigate statement, accept, notApplicable) applies on both sides but what
   * it was decided on changed: the fingerprint the old decision recorded and the threat's new one.
   */
  decidedOn?: { before: string; after: string };
}

export interface RegisterDiff {
  old: { model: string; file: string };
  new: { model: string; file: string };
  added: Threat[];
  removed: Threat[];
  changed: ThreatChange[];
  unchanged: number;
}

/** The fingerprint a threat's decision recorded, if a decision applies to it. */
function decisionFingerprint(t: Threat): string | undefined {
  if (t.notApplicable?.fingerprint) return t.notApplicable.fingerprint;
  if (t.acceptance?.fingerprint) return t.acceptance.fingerprint;
  for (const e of t.evidence) if (e.kind === 'statement' && e.fingerprint) return e.fingerprint;
  return undefined;
}

const state = (t: Threat): ThreatState => ({ status: t.status, severity: t.severity, expired: t.acceptance?.expired === true && t.status === 'accepted' });

export function diffRegisters(before: ThreatRegister, after: ThreatRegister): RegisterDiff {
  const oldById = new Map(before.threats.map((t) => [t.id, t]));
  const newById = new Map(after.threats.map((t) => [t.id, t]));
  const added = after.threats.filter((t) => !oldById.has(t.id));
  const removed = before.threats.filter((t) => !newById.has(t.id));
  const changed: ThreatChange[] = [];
  let unchanged = 0;
  for (const t of after.threats) {
    const o = oldById.get(t.id);
    if (!o) continue;
    const a = state(o);
    const b = state(t);
    const was = decisionFingerprint(o);
    const now = decisionFingerprint(t) !== undefined ? t.fingerprint : undefined;
    const decidedOn = was !== undefined && now !== undefined && was !== now ? { before: was, after: now } : undefined;
    if (a.status === b.status && a.severity === b.severity && a.expired === b.expired && !decidedOn) unchanged++;
    else changed.push({ id: t.id, rule: t.rule, category: t.category, target: t.target, title: t.title, before: a, after: b, ...(decidedOn ? { decidedOn } : {}) });
  }
  return { old: { model: before.model, file: before.file }, new: { model: after.model, file: after.file }, added, removed, changed, unchanged };
}

/** Whether the diff shows nothing for a reviewer to look at. */
export const diffIsEmpty = (d: RegisterDiff): boolean => d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;

const stateText = (s: ThreatState) => `${s.status}${s.expired ? ' (expired)' : ''}, ${s.severity}`;

export function renderDiffText(d: RegisterDiff): string {
  const lines = [`Threat diff: ${d.old.file} -> ${d.new.file}`, `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`];
  for (const t of d.added) lines.push(`+ ${t.id} ${t.severity} ${t.status} ${t.target.id} [${t.rule}] ${t.title}`);
  for (const t of d.removed) lines.push(`- ${t.id} ${t.severity} ${t.status} ${t.target.id} [${t.rule}] ${t.title}`);
  for (const c of d.changed) lines.push(`~ ${c.id} ${c.target.id} [${c.rule}] ${c.title}: ${stateText(c.before)} -> ${stateText(c.after)}${c.decidedOn ? `; decided on ${c.decidedOn.before}, now ${c.decidedOn.after}: review the decision` : ''}`);
  return visibleControls(lines.join('\n') + '\n');
}

export function renderDiffJson(d: RegisterDiff): string {
  const brief = (t: Threat) => ({ id: t.id, rule: t.rule, category: t.category, target: t.target, title: t.title, severity: t.severity, status: t.status, source: t.source });
  return (
    JSON.stringify(
      { old: d.old, new: d.new, summary: { added: d.added.length, removed: d.removed.length, changed: d.changed.length, unchanged: d.unchanged }, added: d.added.map(brief), removed: d.removed.map(brief), changed: d.changed },
      null,
      2,
    ) + '\n'
  );
}

export function renderDiffMarkdown(d: RegisterDiff): string {
  const out = [`## Threat model changes`, '', `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed in status or severity, ${d.unchanged} unchanged.`, ''];
  const table = (title: string, rows: string[]) => {
    if (rows.length === 0) return;
    out.push(`### ${title}`, '', '| Threat | Target | Severity | Status | Title |', '| --- | --- | --- | --- | --- |', ...rows, '');
  };
  table('Added', d.added.map((t) => `| ${code(t.id)} | ${code(t.target.id)} | ${t.severity} | ${t.status} | ${md(t.title)} |`));
  table('Removed', d.removed.map((t) => `| ${code(t.id)} | ${code(t.target.id)} | ${t.severity} | ${t.status} | ${md(t.title)} |`));
  table(
    'Changed',
    d.changed.map((c) => `| ${code(c.id)} | ${code(c.target.id)} | ${c.before.severity} → ${c.after.severity} | ${stateText(c.before).split(',')[0]} → ${stateText(c.after).split(',')[0]}${c.decidedOn ? ' (decided on something else: review)' : ''} | ${md(c.title)} |`),
  );
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
