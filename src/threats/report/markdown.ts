// Markdown register for review in pull requests and wikis: a summary table, then one section per
// element or flow (in model order) with its threats grouped by STRIDE category. Every model string
// goes through src/text/escape.ts (escapeMarkdown / markdownCode), so a title holding `|`, backticks
// or `<script>` reads as text and cannot break a table or inject HTML.
import type { Threat, ThreatRegister } from '../types.js';
import { STRIDE } from '../../model/types.js';
import { escapeMarkdown as md, markdownCode as code } from '../../text/escape.js';
import { CATEGORY_LABEL } from '../baseline.js';
import { summarize } from './summary.js';

function statusText(t: Threat): string {
  if (t.status === 'accepted') return t.acceptance?.expired ? '**accepted, EXPIRED**' : 'accepted';
  if (t.status === 'notApplicable') return 'not applicable';
  return t.status === 'open' ? '**open**' : t.status;
}

function refs(t: Threat): string {
  const cwe = t.cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`);
  const capec = t.capec.map((n) => `[CAPEC-${n}](https://capec.mitre.org/data/definitions/${n}.html)`);
  return [...cwe, ...capec].join(', ');
}

export function renderMarkdown(register: ThreatRegister): string {
  const s = summarize(register);
  const out: string[] = [];
  out.push(`# Threat register: ${md(register.model)}`, '');
  out.push(`Model ${code(register.file)}${register.asOf ? `, as of ${register.asOf}` : ''}.`, '');
  out.push('| Total | Open | Mitigated | Accepted | Expired | Not applicable |', '| ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| ${s.total} | ${s.open} | ${s.mitigated} | ${s.accepted} | ${s.expired} | ${s.notApplicable} |`, '');
  const outstanding = Object.entries(s.outstanding).filter(([, n]) => n > 0).reverse();
  out.push(outstanding.length ? `Outstanding by severity: ${outstanding.map(([sev, n]) => `${sev} ${n}`).join(', ')}.` : 'No outstanding threats.', '');

  // Group by target, keeping the register's order (model order).
  const groups = new Map<string, Threat[]>();
  for (const t of register.threats) {
    const key = `${t.target.kind}:${t.target.id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(t);
  }
  for (const threats of groups.values()) {
    const first = threats[0];
    out.push(`## ${first.target.kind === 'flow' ? 'Flow' : 'Element'} ${code(first.target.id)}`, '');
    out.push(`Declared at ${code(`${first.source.file}:${first.source.line}`)}.`, '');
    for (const category of STRIDE) {
      const inCat = threats.filter((t) => t.category === category);
      if (inCat.length === 0) continue;
      out.push(`### ${CATEGORY_LABEL[category]}`, '');
      for (const t of inCat) {
        out.push(`- ${code(t.id)} **${md(t.title)}**: ${t.severity}, ${statusText(t)} (rule ${code(t.rule)}${t.generic ? ', generic STRIDE baseline' : ''}, phase ${t.phase})`);
        out.push(`  - ${md(t.statement)}`);
        if (t.controls.length) out.push(`  - Controls: ${t.controls.map(code).join(', ')}`);
        const r = refs(t);
        if (r) out.push(`  - References: ${r}`);
        for (const e of t.evidence) {
          if (e.kind === 'control') out.push(`  - Mitigated by control ${code(e.control)}`);
          else if (e.kind === 'statement') out.push(`  - Mitigated${e.control ? ` by ${code(e.control)}` : ''}${e.text ? `: ${md(e.text)}` : ''}`);
          else out.push(`  - Mitigated in code at ${code(`${e.file}:${e.line}`)}${e.control ? ` by ${code(e.control)}` : ''}`);
        }
        if (t.acceptance) {
          const a = t.acceptance;
          out.push(`  - Accepted by ${md(a.owner)} until ${a.until}${a.expired ? ' (**expired**)' : ''}: ${md(a.reason)}`);
        }
        if (t.notApplicable) out.push(`  - Not applicable: ${md(t.notApplicable.reason)}`);
      }
      out.push('');
    }
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
