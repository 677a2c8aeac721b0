// The self-contained HTML report: one file, no network (a Content-Security-Policy forbids every
// fetch), inline CSS and a small inline script. Sections: summary counts, the SVG diagram, the
// model's boundaries, elements, flows and data, the threat register with client-side filters
// (status, severity, STRIDE, element; clicking a diagram node filters by it), and the checklists.
//
// Safety: every model string is written through escapeHtml; the SVG comes from Graphviz, which
// escapes its own text, and is embedded without its XML prolog; the script holds no model data
// (it reads data-* attributes), so no model text is ever parsed as JavaScript.
import { CLASSIFICATIONS, PHASES, SEVERITIES, STRIDE, type ResolvedModel } from '../model/types.js';
import { buildChecklist, isOutstanding } from '../threats/index.js';
import type { ThreatRegister } from '../threats/types.js';
import { escapeHtml as h, mermaidId } from '../text/escape.js';
import { svgElementId, svgForInlineHtml } from '../diagrams/index.js';
import { categoryLabel, sortThreats, statusLabel } from './markdown.js';

export interface HtmlReportInput {
  model: ResolvedModel;
  threats?: ThreatRegister;
  /** The diagram as a standalone SVG document (dotToSvg output); embedded inline. */
  svg?: string;
  /** Shown in the footer, e.g. the Warden version. No timestamps: the report is deterministic. */
  generator?: string;
}

const CSS = `
:root{--fg:#1c2833;--muted:#5d6d7e;--line:#d5dbdb;--bg:#fbfcfc;--open:#b00020;--ok:#1e8449}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:18px 28px;background:#1f2d3d;color:#fff}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d3dd}
main{padding:8px 28px 40px;max-width:1400px}section{margin-top:26px}h2{font-size:17px;border-bottom:2px solid var(--line);padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:12px}.card.bad b{color:var(--open)}.card.good b{color:var(--ok)}
.diagram{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px;overflow:auto}.diagram svg{max-width:100%;height:auto}.diagram.actual svg{max-width:none}
.diagram g.node,.diagram g.edge{cursor:pointer}.diagram g.selected path,.diagram g.selected polygon,.diagram g.selected ellipse{stroke-width:4px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef2f3}td.mono{white-space:nowrap}td.mono,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.sev{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px;color:#fff}.sev-critical{background:#7b0015}.sev-high{background:#c0392b}
.sev-medium{background:#d68910}.sev-low{background:#2e86c1}.sev-info{background:#7f8c8d}
.st-open,.st-expired{color:var(--open);font-weight:600}.st-mitigated{color:var(--ok)}.st-accepted{color:#9a7d0a}.st-notApplicable{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin:8px 0}.filters label{font-size:12px;color:var(--muted);display:flex;flex-direction:column}
.filters select{font-size:13px;padding:2px}#shown{font-weight:600}tr.hidden{display:none}details{margin:4px 0}summary{cursor:pointer}
ul.check{list-style:none;padding-left:4px}ul.check li{margin:2px 0}.done{color:var(--ok)}.todo{color:var(--open)}.muted{color:var(--muted)}
footer{color:var(--muted);font-size:12px;padding:10px 28px}
`;

// The filter script. It never reads model text as code: it only compares data-* attribute values.
const SCRIPT = `
(function(){
  var rows=[].slice.call(document.querySelectorAll('#threats tbody tr'));
  var sel=[].slice.call(document.querySelectorAll('.filters select'));
  var shown=document.getElementById('shown');
  function apply(){
    var n=0;
    rows.forEach(function(r){
      var ok=sel.every(function(s){return s.value===''||r.getAttribute('data-'+s.name)===s.value;});
      r.classList.toggle('hidden',!ok); if(ok)n++;
    });
    if(shown)shown.textContent=String(n);
    var el=document.getElementById('f-element');
    [].slice.call(document.querySelectorAll('.diagram g.node, .diagram g.edge')).forEach(function(g){
      g.classList.toggle('selected',!!el&&el.value!==''&&g.id===el.selectedOptions[0].getAttribute('data-svg'));
    });
  }
  sel.forEach(function(s){s.addEventListener('change',apply);});
  var zoom=document.getElementById('zoom');
  if(zoom)zoom.addEventListener('click',function(){
    var d=document.querySelector('.diagram'); d.classList.toggle('actual');
    zoom.textContent=d.classList.contains('actual')?'Fit to width':'Actual size';
  });
  var reset=document.getElementById('f-reset');
  if(reset)reset.addEventListener('click',function(){sel.forEach(function(s){s.value='';});apply();});
  [].slice.call(document.querySelectorAll('.diagram g.node, .diagram g.edge')).forEach(function(g){
    g.addEventListener('click',function(){
      var el=document.getElementById('f-element'); if(!el)return;
      var opt=[].slice.call(el.options).filter(function(o){return o.getAttribute('data-svg')===g.id;})[0];
      el.value=opt&&el.value!==opt.value?opt.value:''; apply();
    });
  });
  apply();
})();
`;

function card(label: string, value: number | string, cls = ''): string {
  return `<div class="card${cls ? ' ' + cls : ''}"><b>${h(String(value))}</b><span>${h(label)}</span></div>`;
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const { model, threats } = input;
  const title = `${model.model.name}: threat model report`;
  const byId = new Map(model.elements.map((e) => [e.id, e]));
  const boundaryTitle = new Map(model.boundaries.map((b) => [b.id, b.title || b.id]));
  const out: string[] = [];
  out.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  // No network: nothing may load from anywhere; inline style and script only.
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">', `<title>${h(title)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  out.push(`<header><h1>${h(model.model.name)}</h1><p>Threat model report for <code>${h(model.file)}</code></p></header>`, '<main>');

  // Summary
  const outstanding = threats?.threats.filter(isOutstanding) ?? [];
  out.push('<section id="summary"><h2>Summary</h2><div class="cards">');
  out.push(card('boundaries', model.boundaries.length), card('elements', model.elements.length), card('flows', model.flows.length), card('data assets', model.data.length));
  if (threats) {
    out.push(card('threats', threats.threats.length), card('outstanding', outstanding.length, outstanding.length > 0 ? 'bad' : 'good'));
    for (const s of [...SEVERITIES].reverse()) {
      const n = outstanding.filter((t) => t.severity === s).length;
      if (n > 0) out.push(card(`outstanding ${s}`, n, 'bad'));
    }
    out.push(card('mitigated', threats.threats.filter((t) => t.status === 'mitigated').length, 'good'));
    out.push(card('accepted', threats.threats.filter((t) => t.status === 'accepted').length));
  }
  out.push('</div></section>');

  if (input.svg) {
    out.push('<section id="diagram"><h2>Data-flow diagram</h2>');
    out.push('<p class="muted">Red outline: element with outstanding threats (badge: outstanding/total). Thick links cross a trust boundary; red ones enter a more trusted boundary. Click an element or a flow to filter the threat register. <button id="zoom" type="button">Actual size</button></p>');
    out.push(`<div class="diagram">${svgForInlineHtml(input.svg)}</div></section>`);
  }

  // Threat register
  if (threats) {
    const rows = sortThreats(threats.threats);
    const values = (f: (t: (typeof rows)[number]) => string) => [...new Set(rows.map(f))];
    const statusValue = (t: (typeof rows)[number]) => (t.status === 'accepted' && t.acceptance?.expired ? 'expired' : t.status);
    const select = (name: string, label: string, options: { value: string; text: string; svg?: string }[]) =>
      `<label>${h(label)}<select id="f-${name}" name="${name}"><option value="">all</option>${options
        .map((o) => `<option value="${h(o.value)}"${o.svg ? ` data-svg="${h(o.svg)}"` : ''}>${h(o.text)}</option>`)
        .join('')}</select></label>`;
    const present = new Set(rows.map((t) => t.target.id));
    const targets = [...model.elements.map((e) => ({ id: e.id, text: e.title && e.title !== e.id ? `${e.id} (${e.title})` : e.id, svg: svgElementId(e.id) })), ...model.flows.map((f) => ({ id: f.id, text: `flow ${f.id}`, svg: mermaidId('fl-', f.id) }))].filter((x) =>
      present.has(x.id),
    );
    out.push('<section id="register"><h2>Threat register</h2><div class="filters">');
    out.push(select('status', 'Status', ['open', 'expired', 'mitigated', 'accepted', 'notApplicable'].filter((s) => values(statusValue).includes(s)).map((s) => ({ value: s, text: s === 'notApplicable' ? 'not applicable' : s === 'expired' ? 'accepted (expired)' : s }))));
    out.push(select('severity', 'Severity', [...SEVERITIES].reverse().filter((s) => values((t) => t.severity).includes(s)).map((s) => ({ value: s, text: s }))));
    out.push(select('category', 'STRIDE', STRIDE.filter((c) => values((t) => t.category).includes(c)).map((c) => ({ value: c, text: categoryLabel(c) }))));
    out.push(select('origin', 'Rule', [{ value: 'specific', text: 'specific rules' }, { value: 'generic', text: 'generic STRIDE baseline' }].filter((o) => values((t) => (t.generic ? 'generic' : 'specific')).includes(o.value))));
    out.push(select('element', 'Element or flow', targets.map((x) => ({ value: x.id, text: x.text, svg: x.svg }))));
    out.push(`<button id="f-reset" type="button">Reset</button><span><span id="shown">${rows.length}</span> of ${rows.length} threats shown</span></div>`);
    out.push('<table id="threats"><thead><tr><th>ID</th><th>Target</th><th>STRIDE</th><th>Severity</th><th>Status</th><th>Phase</th><th>Threat</th><th>Controls</th></tr></thead><tbody>');
    for (const t of rows) {
      const evidence = [
        ...t.evidence.map((e) => (e.kind === 'code' ? `code ${e.file}:${e.line}` : e.kind === 'control' ? `control ${e.control}` : `mitigation${e.control ? ' by ' + e.control : ''}${e.text ? ': ' + e.text : ''}`)),
        ...(t.acceptance ? [`accepted by ${t.acceptance.owner} until ${t.acceptance.until}${t.acceptance.expired ? ' (EXPIRED)' : ''}: ${t.acceptance.reason}`] : []),
        ...(t.notApplicable ? [`not applicable: ${t.notApplicable.reason}`] : []),
      ];
      out.push(
        `<tr data-status="${h(statusValue(t))}" data-severity="${h(t.severity)}" data-category="${h(t.category)}" data-origin="${t.generic ? 'generic' : 'specific'}" data-element="${h(t.target.id)}">` +
          `<td class="mono">${h(t.id)}</td><td>${h(t.target.id)}</td><td>${h(categoryLabel(t.category))}${t.generic ? ' <span class="muted">(generic)</span>' : ''}</td>` +
          `<td><span class="sev sev-${h(t.severity)}">${h(t.severity)}</span></td><td class="st-${h(statusValue(t))}">${h(statusLabel(t))}</td><td>${h(t.phase)}</td>` +
          `<td><details><summary>${h(t.title)}</summary><p>${h(t.statement)}</p>${evidence.length ? `<p class="muted">${evidence.map(h).join('<br>')}</p>` : ''}` +
          `${t.cwe.length || t.capec.length ? `<p class="muted">${[...t.cwe.map((c) => `CWE-${c}`), ...t.capec.map((c) => `CAPEC-${c}`)].join(', ')}</p>` : ''}</details></td>` +
          `<td>${t.controls.map((c) => `<code>${h(c)}</code>`).join(' ')}</td></tr>`,
      );
    }
    out.push('</tbody></table></section>');

    out.push('<section id="checklists"><h2>Checklists by phase</h2>');
    out.push('<p class="muted">From the outstanding threats and their candidate controls: apply the control to the listed elements, or record a decision in the model.</p>');
    const checklist = buildChecklist(threats, model.controls);
    for (const p of PHASES) {
      const items = checklist[p];
      out.push(`<details${items.length > 0 ? ' open' : ''}><summary><b>${h(p)}</b> <span class="muted">(${items.length} to do)</span></summary><ul class="check">`);
      if (items.length === 0) out.push('<li class="muted">Nothing outstanding in this phase.</li>');
      for (const i of items) {
        const head = i.control ? `Apply <code>${h(i.control)}</code> (${h(i.title)})` : `Address ${h(i.title)}`;
        const policies = i.policies.length ? `; enforced by ${i.policies.map((c) => `<code>${h(c)}</code>`).join(', ')}` : '';
        out.push(
          `<li class="todo">\u2610 ${head} on ${i.targets.map((x) => `<code>${h(x)}</code>`).join(', ')} ` +
            `<span class="muted">(<span class="sev sev-${h(i.severity)}">${h(i.severity)}</span> ${i.threats.length} threat${i.threats.length === 1 ? '' : 's'}${policies})</span></li>`,
        );
      }
      out.push('</ul></details>');
    }
    out.push('</section>');
  }

  // Model tables
  const counts = new Map<string, number>();
  for (const t of threats?.threats ?? []) if (isOutstanding(t)) counts.set(t.target.id, (counts.get(t.target.id) ?? 0) + 1);
  const classRank = new Map(model.data.map((d) => [d.id, CLASSIFICATIONS.indexOf(d.classification)]));
  out.push('<section id="model"><h2>Model</h2>');
  out.push('<h3>Trust boundaries</h3><table><thead><tr><th>ID</th><th>Title</th><th>Trust</th><th>Inside</th><th>Namespace</th></tr></thead><tbody>');
  for (const b of model.boundaries) {
    out.push(`<tr><td class="mono">${h(b.id)}</td><td>${h(b.title)}</td><td>${h(b.trust)}</td><td>${b.parent !== undefined ? h(boundaryTitle.get(b.parent) ?? b.parent) : ''}</td><td>${h(b.namespace ?? '')}</td></tr>`);
  }
  out.push('</tbody></table>');
  out.push('<h3>Elements</h3><table><thead><tr><th>ID</th><th>Title</th><th>Kind</th><th>Boundary</th><th>Controls</th><th>Outstanding threats</th></tr></thead><tbody>');
  for (const e of model.elements) {
    out.push(
      `<tr><td class="mono">${h(e.id)}</td><td>${h(e.title)}</td><td>${h(e.kind)}</td><td>${e.boundary !== undefined ? h(e.boundary) : ''}</td>` +
        `<td>${e.controls.map((c) => `<code>${h(c.control)}</code>`).join(' ')}</td><td>${counts.get(e.id) ?? 0}</td></tr>`,
    );
  }
  out.push('</tbody></table>');
  out.push('<h3>Flows</h3><table><thead><tr><th>ID</th><th>From</th><th>To</th><th>Title</th><th>Data</th><th>Crosses</th></tr></thead><tbody>');
  for (const f of model.flows) {
    const fb = byId.get(f.from)?.boundary;
    const tb = byId.get(f.to)?.boundary;
    const data = [...f.data].sort((a, b) => (classRank.get(b) ?? 0) - (classRank.get(a) ?? 0) || (a < b ? -1 : 1));
    out.push(
      `<tr><td class="mono">${h(f.id)}</td><td>${h(f.from)}</td><td>${h(f.to)}</td><td>${h(f.title)}</td><td>${data.map(h).join(', ')}</td>` +
        `<td>${fb !== tb ? `${h(fb ?? '(outside)')} \u2192 ${h(tb ?? '(outside)')}` : ''}</td></tr>`,
    );
  }
  out.push('</tbody></table>');
  out.push('<h3>Data assets</h3><table><thead><tr><th>ID</th><th>Title</th><th>Classification</th></tr></thead><tbody>');
  for (const d of model.data) out.push(`<tr><td class="mono">${h(d.id)}</td><td>${h(d.title)}</td><td>${h(d.classification)}</td></tr>`);
  out.push('</tbody></table></section>');

  out.push('</main>', `<footer>${h(input.generator ?? 'Generated by Warden')}</footer>`);
  if (threats) out.push(`<script>${SCRIPT}</script>`);
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
