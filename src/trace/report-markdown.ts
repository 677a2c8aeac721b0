// `warden trace --format md`: the same content as the text report, as Markdown tables for a PR
// comment or a docs page.
import type { TraceResult } from './apply.js';
import { escapeMarkdown, markdownCode } from '../text/escape.js';
import { describeAnnotation, linkedThreats, openThreats, summarizeTrace } from './report-text.js';

// Model strings and tag text from source files are input: every one goes through the Markdown
// escaper (src/text/escape.ts), which also keeps it inside its table cell. Plain ids pass as they are.
const cell = (s: string) => (/^[A-Za-z0-9 _.,:;/()'>-]*$/.test(s) && !/--/.test(s) ? s : escapeMarkdown(s));

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
      const code = annotations.map((a) => `${markdownCode(`${a.file}:${a.line}`)}${a.declaration ? ` ${cell(a.declaration)}` : ''}: ${cell(describeAnnotation(a))}`).join('<br>');
      out.push(`| ${t.id} | ${cell(t.target.id)} | ${t.category} | ${t.status} | ${code} |`);
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
