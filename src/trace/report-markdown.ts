// `warden trace --format md`: the same content as the text report, as Markdown tables for a PR
// comment or a docs page.
import type { TraceResult } from './apply.js';
import { describeAnnotation, linkedThreats, openThreats, summarizeTrace } from './report-text.js';

// A table cell must not break the row: pipes escaped, newlines flattened.
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function renderTraceMarkdown(r: TraceResult): string {
  const s = summarizeTrace(r);
  const out: string[] = [
    `# Code trace: ${cell(r.register.model)}`,
    '',
    `| Annotations | Files | Mitigated in code | Accepted in code | Exposed in code | Open | Threats |`,
    `|---:|---:|---:|---:|---:|---:|---:|`,
    `| ${s.annotations} | ${s.files} | ${s.mitigatedInCode} | ${s.acceptedInCode} | ${s.exposed} | ${s.open} | ${s.total} |`,
  ];
  const linked = linkedThreats(r);
  if (linked.length > 0) {
    out.push('', '## Threats linked to code', '', '| Threat | Target | Category | Status | Code |', '|---|---|---|---|---|');
    for (const { threat: t, annotations } of linked) {
      const code = annotations.map((a) => `\`${a.file}:${a.line}\`${a.declaration ? ` ${a.declaration}` : ''}: ${describeAnnotation(a)}`).join('<br>');
      out.push(`| ${t.id} | ${cell(t.target.id)} | ${t.category} | ${t.status} | ${cell(code)} |`);
    }
  }
  const open = openThreats(r.register);
  out.push('', `## Open threats (${open.length})`, '');
  if (open.length === 0) out.push('None.');
  else {
    out.push('| Threat | Severity | Target | Category | Title |', '|---|---|---|---|---|');
    for (const t of open) out.push(`| ${t.id} | ${t.severity} | ${cell(t.target.id)} | ${t.category} | ${cell(t.title)} |`);
  }
  return out.join('\n') + '\n';
}
