// The live page: a shell with empty containers and the client script (client.ts). Everything it
// shows comes from /state as HTML fragments rendered on the server (the report's sections and the
// Graphviz SVG), patched in place on every change; the script never evaluates model text.
// Self-contained: the Content-Security-Policy (header and meta) allows no network access except
// the page's own origin (the state and the event stream), so nothing is fetched from anywhere else.
import { escapeHtml as h } from '../text/escape.js';
import { CLIENT_SCRIPT } from './client.js';

const CSS = `
:root{--fg:#1c2833;--muted:#5d6d7e;--line:#d5dbdb;--bg:#f4f6f7;--open:#b00020;--ok:#1e8449;--base:14px}
*{box-sizing:border-box}body{margin:0;font:var(--base)/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;flex-wrap:wrap;gap:10px;align-items:center;padding:8px 16px;background:#1f2d3d;color:#fff;position:sticky;top:0;z-index:5}
header h1{margin:0 8px 0 0;font-size:1.3em}header button{font:inherit;font-size:.9em;padding:3px 10px;border-radius:5px;border:1px solid #8395a7;background:#2e4053;color:#fff;cursor:pointer}
header button:hover{background:#3d566e}header button[aria-pressed=true]{background:#f4f6f7;color:#1f2d3d}.spacer{flex:1}
.pill{padding:2px 10px;border-radius:10px;font-size:.85em;background:#566573}.pill.good{background:var(--ok)}.pill.bad{background:var(--open)}
main{padding:10px 16px 30px}#top{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:12px}
#diagram-pane,aside section,#register,#checklists,#summary{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px}
#caption{font-weight:600;color:var(--muted);font-size:.9em}#viewport{position:relative;height:68vh;overflow:hidden;border-top:1px solid var(--line);margin-top:4px;cursor:grab;touch-action:none}
#viewport.dragging{cursor:grabbing}#stage{transform-origin:0 0;width:100%}#stage svg{width:100%;height:auto;max-height:68vh;display:block}
#stage g.node,#stage g.edge,#stage g.cluster{cursor:pointer}#stage g.selected path,#stage g.selected polygon,#stage g.selected ellipse{stroke-width:4px;stroke:#2874a6}
aside{display:flex;flex-direction:column;gap:12px}aside h2,section h2{font-size:1.05em;margin:4px 0 6px;border-bottom:2px solid var(--line);padding-bottom:3px}
pre.diag{white-space:pre-wrap;font:12px/1.35 ui-monospace,Menlo,Consolas,monospace;margin:4px 0;padding:6px;border-left:4px solid #d68910;background:#fef9e7}
pre.diag-error{border-color:var(--open);background:#fdedec}p.ok{color:var(--ok)}p.note{color:#9a7d0a;font-size:.9em;margin:2px 0}
#focus-list ul{padding-left:18px;margin:4px 0}#focus-list li{margin:3px 0}#summary,#register,#checklists{margin-top:12px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:100px}
.card b{display:block;font-size:1.5em}.card span{color:var(--muted);font-size:.85em}.card.bad b{color:var(--open)}.card.good b{color:var(--ok)}
table{border-collapse:collapse;width:100%;font-size:.93em}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef2f3}td.mono{white-space:nowrap}td.mono,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
.sev{display:inline-block;padding:0 6px;border-radius:9px;font-size:.85em;color:#fff}.sev-critical{background:#7b0015}.sev-high{background:#c0392b}
.sev-medium{background:#d68910}.sev-low{background:#2e86c1}.sev-info{background:#7f8c8d}
.st-open,.st-expired{color:var(--open);font-weight:600}.st-mitigated{color:var(--ok)}.st-accepted{color:#9a7d0a}.st-notApplicable{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin:8px 0}.filters label{font-size:.85em;color:var(--muted);display:flex;flex-direction:column}
.filters select{font:inherit;padding:2px}#shown{font-weight:600}tr.hidden{display:none}button.expand{font:inherit;border:0;background:none;padding:0;text-align:left;cursor:pointer;color:inherit}button.expand::before{content:"\\25b8 ";color:var(--muted)}details{margin:4px 0}summary{cursor:pointer}
ul.check{list-style:none;padding-left:4px}.todo{color:var(--open)}.muted{color:var(--muted)}footer{color:var(--muted);font-size:12px;padding:6px 16px}
#summary-slot,#register-slot,#checklists-slot{content-visibility:auto;contain-intrinsic-size:auto 600px}
body.present{--base:22px}body.present #top{grid-template-columns:minmax(0,1fr) 420px}body.present #viewport{height:80vh}body.present #stage svg{max-height:80vh}
body.present #checklists,body.present #summary{display:none}body.present pre.diag{font-size:18px}
@media (max-width:1000px){#top{grid-template-columns:1fr}}
`;

/** The page for a model titled `title` (the model's name, or its file while it has errors). */
export function renderPage(title: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)} \u2014 warden serve</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1 id="title">${h(title)}</h1><span id="status" class="pill">loading</span>`,
    '<button type="button" data-view="overview" title="boundaries collapsed into nodes; click one to drill down">Overview</button>',
    '<button type="button" data-view="model">Whole model</button>',
    '<button type="button" id="back" title="previous view (Esc)">Back</button>',
    '<span class="spacer"></span>',
    '<button type="button" id="zoom-out" title="zoom out (-)">\u2212</button><button type="button" id="zoom-fit" title="fit (0)">Fit</button><button type="button" id="zoom-in" title="zoom in (+)">+</button>',
    '<button type="button" id="present" aria-pressed="false" title="large fonts for projectors (p)">Presentation</button>',
    '</header>',
    '<main>',
    '<div id="top">',
    '<section id="diagram-pane"><div id="caption"></div><div id="view-note"></div><div id="viewport"><div id="stage"></div></div></section>',
    '<aside><section id="problems"><h2>Diagnostics</h2><div id="diagnostics"></div></section>',
    '<section id="focus"><h2 id="focus-title">Selection</h2><div id="focus-list"><p class="muted">Click an element to focus on its neighbourhood and list its threats; click a boundary to drill down. Drag to pan, wheel to zoom.</p></div></section></aside>',
    '</div>',
    '<div id="summary-slot"></div><div id="register-slot"></div><div id="checklists-slot"></div>',
    '</main>',
    '<footer>warden serve \u00b7 model version <span id="version">0</span> \u00b7 updates on every save</footer>',
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
