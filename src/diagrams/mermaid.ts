// Mermaid `flowchart` for Markdown docs (GitHub renders ```mermaid blocks). Same view and facts as
// the DOT renderer: a (nested) subgraph per trust boundary, shapes per kind (actor rectangle,
// process rounded, store cylinder), edge labels with protocol and classification, thick links for
// boundary crossings, and classDefs for elements with open threats.
//
// Safety: ids are generated (mermaidId) so no model name can be a keyword like `end`; every label
// is quoted and entity-encoded (mermaidLabel); model text never lands in a `%%` comment, a style
// line or a class name.
import { emptySpan, type Result } from '../diagnostics/index.js';
import type { Boundary, Element, ResolvedModel } from '../model/types.js';
import { mermaidId, mermaidLabel } from '../text/escape.js';
import { TRUST_COLOURS, type DiagramOptions } from './dot.js';
import { badgeText, flowDetail, FlowFactsIndex, threatBadges, type ThreatBadge } from './facts.js';
import { DIAGRAM_CODES, selectView, type DiagramView } from './view.js';

const nodeId = (id: string) => mermaidId('el_', id);
const boundaryId = (id: string) => mermaidId('b_', id);

function shape(e: Element, label: string): string {
  switch (e.base) {
    case 'actor':
      return `["${label}"]`;
    case 'store':
      return `[("${label}")]`;
    default:
      return `("${label}")`;
  }
}

export function renderMermaid(model: ResolvedModel, options: DiagramOptions = {}): Result<string | undefined> {
  const sel = selectView(model, options.view ?? { kind: 'model' });
  if (!sel.value) return { value: undefined, diagnostics: sel.diagnostics };
  const text = mermaidForView(model, sel.value, options);
  const diagnostics = [...sel.diagnostics];
  // Mermaid's defaults (which GitHub keeps) refuse larger diagrams with "Maximum text size in
  // diagram exceeded" or an edge-limit error: say so here rather than leave a broken picture in docs.
  if (text.length > MERMAID_MAX_TEXT || sel.value.flows.length > MERMAID_MAX_EDGES) {
    diagnostics.push({
      code: DIAGRAM_CODES.mermaidTooLarge,
      severity: 'warning',
      message: `the Mermaid diagram has ${text.length} characters and ${sel.value.flows.length} links; Mermaid renders at most ${MERMAID_MAX_TEXT} characters and ${MERMAID_MAX_EDGES} links by default (GitHub too)`,
      file: model.file,
      span: emptySpan,
      hint: 'draw one boundary (--boundary, view=boundary:<id>) or a neighbourhood (--focus), or use SVG',
    });
  }
  return { value: text, diagnostics };
}

/** Mermaid 11 defaults: `maxTextSize` and `maxEdges`. */
export const MERMAID_MAX_TEXT = 50000;
export const MERMAID_MAX_EDGES = 500;

export function mermaidForView(model: ResolvedModel, view: DiagramView, options: DiagramOptions = {}): string {
  const badges = options.showThreats === false ? new Map<string, ThreatBadge>() : threatBadges(options.threats);
  const facts = new FlowFactsIndex(model);
  const out: string[] = [`flowchart ${options.direction ?? 'LR'}`];

  const drawn = new Set(view.boundaries.map((b) => b.id));
  const byBoundary = new Map<string | undefined, Element[]>();
  for (const e of view.elements) {
    const key = e.boundary !== undefined && drawn.has(e.boundary) ? e.boundary : undefined;
    (byBoundary.get(key) ?? byBoundary.set(key, []).get(key)!).push(e);
  }
  const children = new Map<string | undefined, Boundary[]>();
  for (const b of view.boundaries) {
    const parent = b.parent !== undefined && drawn.has(b.parent) ? b.parent : undefined;
    (children.get(parent) ?? children.set(parent, []).get(parent)!).push(b);
  }

  const openNodes: string[] = [];
  const handledNodes: string[] = [];
  const contextNodes: string[] = [];
  const node = (e: Element, indent: string, context = false) => {
    const lines = [e.title || e.id, e.title && e.title !== e.id ? `${e.kind} \u00b7 ${e.id}` : e.kind];
    const badge = badges.get(e.id);
    if (badge && !context) lines.push(badgeText(badge));
    out.push(`${indent}${nodeId(e.id)}${shape(e, lines.map(mermaidLabel).join('<br/>'))}`);
    if (context) contextNodes.push(nodeId(e.id));
    else if (badge && badge.open > 0) openNodes.push(nodeId(e.id));
    else if (badge) handledNodes.push(nodeId(e.id));
  };

  const styles: string[] = [];
  const writeSubgraph = (b: Boundary, depth: number) => {
    const indent = '  '.repeat(depth + 1);
    // Short and on one line: Mermaid sizes a subgraph for one title line and wraps long ones, and a
    // second line overlaps the nodes inside. The namespace is left to the DOT diagram and the report.
    out.push(`${indent}subgraph ${boundaryId(b.id)}["${mermaidLabel(`${b.title || b.id} \u00b7 ${b.trust}`)}"]`);
    for (const e of byBoundary.get(b.id) ?? []) node(e, indent + '  ');
    for (const c of children.get(b.id) ?? []) writeSubgraph(c, depth + 1);
    out.push(`${indent}end`);
    const c = TRUST_COLOURS[b.trust];
    styles.push(
      `  style ${boundaryId(b.id)} fill:${depth % 2 === 0 ? c.fill : '#ffffff'},stroke:${c.stroke},color:${c.stroke}${b.trust === 'untrusted' ? ',stroke-dasharray:5 3' : ''}`,
    );
  };
  for (const b of children.get(undefined) ?? []) writeSubgraph(b, 0);
  for (const e of byBoundary.get(undefined) ?? []) node(e, '  ');
  for (const e of view.context) node(e, '  ', true);

  const shown = new Set(view.elements.map((e) => e.id));
  const intoLinks: number[] = [];
  view.flows.forEach((f, i) => {
    const ff = facts.facts(f);
    const parts: string[] = [];
    if (f.title && f.title !== f.id) parts.push(f.title);
    const detail = flowDetail(ff);
    if (detail) parts.push(detail);
    const badge = badges.get(f.id);
    if (badge) parts.push(badgeText(badge));
    const arrow = !shown.has(f.from) || !shown.has(f.to) ? '-.->' : ff.crossesBoundary ? '==>' : '-->';
    const label = parts.length > 0 ? `|"${parts.map(mermaidLabel).join('<br/>')}"|` : '';
    out.push(`  ${nodeId(f.from)} ${arrow}${label} ${nodeId(f.to)}`);
    if (ff.crossesInto) intoLinks.push(i);
  });

  out.push('  classDef open fill:#fff0f0,stroke:#b00020,stroke-width:2px');
  out.push('  classDef handled stroke:#1e8449');
  out.push('  classDef context fill:#ffffff,stroke:#aab7b8,color:#7f8c8d,stroke-dasharray:4 3');
  if (openNodes.length > 0) out.push(`  class ${openNodes.join(',')} open`);
  if (handledNodes.length > 0) out.push(`  class ${handledNodes.join(',')} handled`);
  if (contextNodes.length > 0) out.push(`  class ${contextNodes.join(',')} context`);
  out.push(...styles);
  if (intoLinks.length > 0) out.push(`  linkStyle ${intoLinks.join(',')} stroke:#c0392b,stroke-width:2.5px`);
  return out.join('\n') + '\n';
}
