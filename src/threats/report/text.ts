// Plain-text register for terminals and CI logs: one block per threat, `file:line:col` first so
// editors can jump to the element.
import type { ThreatRegister } from '../types.js';
import { CATEGORY_LABEL } from '../baseline.js';
import { visibleControls } from '../../text/escape.js';
import { summarize, summaryLine } from './summary.js';

export function renderText(register: ThreatRegister): string {
  const lines = [`Threat register: ${register.model} (${register.file})${register.asOf ? `, as of ${register.asOf}` : ''}`, summaryLine(summarize(register)), ''];
  for (const t of register.threats) {
    const status = t.status === 'accepted' && t.acceptance?.expired ? 'accepted (EXPIRED)' : t.status;
    lines.push(`${t.source.file}:${t.source.line}:${t.source.column}: ${t.id} ${t.severity.toUpperCase()} ${status} ${CATEGORY_LABEL[t.category]} on ${t.target.id} [${t.rule}${t.generic ? ', generic' : ''}]`);
    lines.push(`  ${t.title}`);
    lines.push(`  ${t.statement.replace(/\n/g, '\n  ')}`);
    const refs = [...t.cwe.map((n) => `CWE-${n}`), ...t.capec.map((n) => `CAPEC-${n}`)].join(', ');
    lines.push(`  phase ${t.phase}; controls: ${t.controls.join(', ') || 'none'}${refs ? `; ${refs}` : ''}`);
    for (const e of t.evidence) {
      if (e.kind === 'control') lines.push(`  mitigated by control ${e.control} (${e.source.file}:${e.source.line})`);
      else if (e.kind === 'statement') lines.push(`  mitigated: ${[e.control, e.text && e.text].filter(Boolean).join(': ')} (${e.source.file}:${e.source.line})`);
      else lines.push(`  mitigated in code: ${e.file}:${e.line}${e.control ? ` (${e.control})` : ''}`);
    }
    if (t.acceptance) lines.push(`  accepted by ${t.acceptance.owner} until ${t.acceptance.until}${t.acceptance.expired ? ' (expired)' : ''}: ${t.acceptance.reason}`);
    if (t.notApplicable) lines.push(`  not applicable: ${t.notApplicable.reason}`);
    lines.push('');
  }
  // Model text is shown, never obeyed: one pass over the whole register (src/text/escape.ts).
  return visibleControls(lines.join('\n'));
}
