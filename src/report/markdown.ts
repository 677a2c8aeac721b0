// Markdown fragments for `warden docs` regions: the threat table and the phase checklists. Every
// model string goes through escapeMarkdown / markdownCode (src/text/escape.ts), so a title with
// `|`, backticks or `<script>` renders as text inside a GitHub table.
import { PHASES, SEVERITIES, type Phase, type ResolvedModel } from '../model/types.js';
import { CATEGORY_LABEL, isOutstanding } from '../threats/index.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { escapeMarkdown, markdownCode } from '../text/escape.js';
import { buildChecklist } from '../threats/index.js';


export function categoryLabel(c: string): string {
  return (CATEGORY_LABEL as Record<string, string>)[c] ?? c;
}

export function statusLabel(t: Threat): string {
  if (t.status === 'accepted' && t.acceptance?.expired) return 'accepted (expired)';
  return t.status === 'notApplicable' ? 'not applicable' : t.status;
}

/** Threats in report order: outstanding first, then by severity (highest first), then id. */
export function sortThreats(threats: readonly Threat[]): Threat[] {
  return [...threats].sort(
    (a, b) =>
      Number(isOutstanding(b)) - Number(isOutstanding(a)) ||
      SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export interface ThreatTableOptions {
  /** Only threats with these statuses (default: all). */
  statuses?: readonly string[];
}

export function threatTableMarkdown(register: ThreatRegister, options: ThreatTableOptions = {}): string {
  const shown = sortThreats(register.threats).filter((t) => !options.statuses || options.statuses.includes(t.status));
  const lines = ['| ID | Target | STRIDE | Severity | Status | Threat |', '|---|---|---|---|---|---|'];
  for (const t of shown) {
    lines.push(
      `| ${markdownCode(t.id)} | ${markdownCode(t.target.id)} | ${categoryLabel(t.category)} | ${t.severity} | ${statusLabel(t)} | ${escapeMarkdown(t.title)} |`,
    );
  }
  const open = register.threats.filter(isOutstanding).length;
  lines.push('', `${register.threats.length} threats, ${open} outstanding${shown.length !== register.threats.length ? ` (${shown.length} shown)` : ''}.`);
  return lines.join('\n');
}

/**
 * The threat engine's phase checklist (buildChecklist: one item per candidate control of the
 * outstanding threats) as Markdown for a docs region: no document heading, one bold line per phase.
 */
export function checklistMarkdown(model: ResolvedModel, register: ThreatRegister, phase?: Phase): string {
  const list = buildChecklist(register, model.controls);
  const out: string[] = [];
  for (const p of phase ? [phase] : PHASES) {
    out.push(`**${p}**`, '');
    if (list[p].length === 0) out.push('Nothing outstanding in this phase.');
    for (const item of list[p]) {
      const where = item.targets.map(markdownCode).join(', ');
      const head = item.control ? `Apply ${markdownCode(item.control)} (${escapeMarkdown(item.title)}) to ${where}` : `Address ${escapeMarkdown(item.title)} on ${where}`;
      const policies = item.policies.length ? `; enforced by ${item.policies.map(markdownCode).join(', ')}` : '';
      out.push(`- [ ] ${head} (${item.severity}, ${item.threats.length} threat${item.threats.length === 1 ? '' : 's'}${policies})`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
