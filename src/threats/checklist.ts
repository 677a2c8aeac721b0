// DevSecOps checklists per phase, derived from the outstanding threats: one item per candidate
// control, listing where to apply it and which threats it answers; items for controls enforced by
// policies name the checks that enforce them. A threat with no candidate control becomes an item
// of its own. The phase of an item is the control's phase (its declaration), else the threat's.
import type { ControlDef, Phase, ResolvedModel, Severity } from '../model/types.js';
import { PHASES } from '../model/types.js';
import type { Threat, ThreatRegister } from './types.js';
import { isOutstanding } from './decisions.js';
import { severityRank } from './severity.js';
import { escapeMarkdown as md, markdownCode as code } from '../text/escape.js';

export interface ChecklistItem {
  /** Control id, or undefined for a threat that lists no candidate control. */
  control?: string;
  title: string;
  phase: Phase;
  policies: string[];
  targets: string[];
  threats: { id: string; title: string; severity: Severity; target: string }[];
  /** Highest severity among its threats: items are listed worst first. */
  severity: Severity;
}

export type Checklist = Record<Phase, ChecklistItem[]>;

export function buildChecklist(register: ThreatRegister, controls: readonly ControlDef[]): Checklist {
  const defs = new Map(controls.map((c) => [c.id, c]));
  const items = new Map<string, ChecklistItem>();
  const add = (key: string, make: () => ChecklistItem, t: Threat) => {
    let item = items.get(key);
    if (!item) items.set(key, (item = make()));
    if (!item.targets.includes(t.target.id)) item.targets.push(t.target.id);
    item.threats.push({ id: t.id, title: t.title, severity: t.severity, target: t.target.id });
    if (severityRank(t.severity) > severityRank(item.severity)) item.severity = t.severity;
  };
  for (const t of register.threats) {
    if (!isOutstanding(t)) continue;
    if (t.controls.length === 0) {
      add(`threat:${t.id}`, () => ({ title: t.title, phase: t.phase, policies: [], targets: [], threats: [], severity: t.severity }), t);
      continue;
    }
    for (const c of t.controls) {
      const def = defs.get(c);
      add(`control:${c}`, () => ({ control: c, title: def?.title ?? c, phase: def?.phase ?? t.phase, policies: [...(def?.policies ?? [])], targets: [], threats: [], severity: t.severity }), t);
    }
  }
  const out = Object.fromEntries(PHASES.map((p) => [p, [] as ChecklistItem[]])) as Checklist;
  for (const item of items.values()) out[item.phase].push(item);
  for (const p of PHASES) {
    out[p].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.control ?? `~${a.threats[0].id}`).localeCompare(b.control ?? `~${b.threats[0].id}`));
  }
  return out;
}

const PHASE_TITLE: Record<Phase, string> = { plan: 'Plan', develop: 'Develop', build: 'Build', deploy: 'Deploy', operate: 'Operate' };

export function renderChecklist(model: Pick<ResolvedModel, 'model' | 'controls'>, register: ThreatRegister, options: { phase?: Phase } = {}): string {
  const list = buildChecklist(register, model.controls);
  const phases = options.phase ? [options.phase] : PHASES;
  const out = [`# DevSecOps checklist: ${md(model.model.name)}`, '', 'Derived from the open threats of the model and their candidate controls; tick an item by applying the control to the listed elements (`controls [...]` in the model) or by recording a decision (`mitigate`, `accept`, `notApplicable`).', ''];
  for (const p of phases) {
    out.push(`## ${PHASE_TITLE[p]}`, '');
    if (list[p].length === 0) {
      out.push('Nothing open in this phase.', '');
      continue;
    }
    for (const item of list[p]) {
      const where = item.targets.map(code).join(', ');
      const head = item.control ? `Apply ${code(item.control)} (${md(item.title)}) to ${where}` : `Address ${md(item.title)} on ${where}`;
      const enforced = item.policies.length ? `; enforced by ${item.policies.length === 1 ? 'policy' : 'policies'} ${item.policies.map(code).join(', ')}` : item.control ? '; not enforced by a policy: verify by review' : '';
      out.push(`- [ ] ${head} (${item.severity}${enforced})`);
      for (const t of item.threats) out.push(`  - ${code(t.id)} ${md(t.title)} on ${code(t.target)} (${t.severity})`);
    }
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
