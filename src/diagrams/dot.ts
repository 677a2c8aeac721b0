// DOT (Graphviz) for a model view. Trust boundaries are nested `cluster_*` subgraphs coloured by
// trust level; actors are boxes, processes rounded boxes, stores cylinders; flows are edges
// labelled with title, protocol and the highest classification carried. Flows that cross a
// boundary are drawn thick (red when they enter a more trusted boundary); elements with open
// threats get a red outline and a `⚠ open/total` badge (flows: the badge only).
//
// Determinism: statements follow the model's order (boundaries, elements, flows), attributes are
// written in a fixed order, and every ID is quoted and escaped, so the same model gives the same
// bytes. All model text goes into HTML-like labels through dotHtml (see src/text/escape.ts).
import type { Result } from '../diagnostics/index.js';
import { SEVERITIES, type Boundary, type Element, type ResolvedModel, type TrustLevel } from '../model/types.js';
import type { ThreatRegister } from '../threats/types.js';
import { dotHtml, dotId, dotString, mermaidId } from '../text/escape.js';
import { badgeText, flowDetail, FlowFactsIndex, threatBadges, type ThreatBadge } from './facts.js';
import { selectView, type DiagramView, type ViewSpec } from './view.js';
import { collapsedNodeId, visibleElements, type Collapse, type CollapsedBoundary, type MergedFlow } from './collapse.js';

export type Direction = 'LR' | 'TB';

export interface DiagramOptions {
  direction?: Direction;
  view?: ViewSpec;
  /** Threat register for badges and highlights; omit (or pass showThreats: false) for a plain DFD. */
  threats?: ThreatRegister;
  showThreats?: boolean;
}

/** Stroke and fill per trust level, lowest trust in warm colours. */
export const TRUST_COLOURS: Record<TrustLevel, { stroke: string; fill: string }> = {
  untrusted: { stroke: '#c0392b', fill: '#fdedec' },
  low: { stroke: '#d35400', fill: '#fdf2e9' },
  medium: { stroke: '#9a7d0a', fill: '#fef9e7' },
  high: { stroke: '#1e8449', fill: '#eafaf1' },
  system: { stroke: '#1f4e79', fill: '#eaf2f8' },
};

const OPEN_STROKE = '#b00020';
const OPEN_FILL = '#fff0f0';
const FONT = 'Helvetica';

/** An SVG-safe element id, stable across runs: `el-` plus the id with non-alphanumerics encoded. */
export function svgElementId(id: string): string {
  return mermaidId('el-', id);
}

function elementLabel(e: Element, badge: ThreatBadge | undefined, context: boolean): string {
  const kindLine = e.title && e.title !== e.id ? `${e.kind} \u00b7 ${e.id}` : e.kind;
  const title = e.title || e.id;
  let label = `<B>${dotHtml(title)}</B><BR/><FONT POINT-SIZE="9" COLOR="#555555">${dotHtml(kindLine)}</FONT>`;
  if (badge && !context) {
    const colour = badge.open > 0 ? OPEN_STROKE : '#1e8449';
    label += `<BR/><FONT POINT-SIZE="9" COLOR="${colour}">${dotHtml(badgeText(badge))}</FONT>`;
  }
  return `<${label}>`;
}

function shapeAttrs(e: Element): string[] {
  switch (e.base) {
    case 'actor':
      return ['shape=box'];
    case 'store':
      return ['shape=cylinder'];
    default:
      return ['shape=box', 'style="rounded,filled"'];
  }
}

export function renderDot(model: ResolvedModel, options: DiagramOptions = {}): Result<string | undefined> {
  const sel = selectView(model, options.view ?? { kind: 'model' });
  if (!sel.value) return { value: undefined, diagnostics: sel.diagnostics };
  return { value: dotForView(model, sel.value, options), diagnostics: sel.diagnostics };
}

export function dotForView(model: ResolvedModel, view: DiagramView, options: DiagramOptions = {}): string {
  const direction = options.direction ?? 'LR';
  const badges = options.showThreats === false ? new Map<string, ThreatBadge>() : threatBadges(options.threats);
  const facts = new FlowFactsIndex(model);
  const out: string[] = [];
  const title = `${model.model.name} \u2014 ${view.caption}`;

  out.push(`digraph ${dotId(model.model.name)} {`);
  // NOTE: spacing chosen on a 50-element model: ranksep leaves room for two-line edge labels,
  // nodesep keeps labels of parallel edges apart; newrank lets clusters share ranks cleanly.
  out.push(
    `  graph [rankdir=${direction}, newrank=true, compound=true, splines=true, nodesep=0.5, ranksep=0.9, pad=0.3, ` +
      `fontname="${FONT}", fontsize=16, labelloc=t, label=<<B>${dotHtml(title)}</B>>];`,
  );
  out.push(`  node [fontname="${FONT}", fontsize=11, style=filled, fillcolor="#ffffff", color="#34495e", margin="0.15,0.08"];`);
  out.push(`  edge [fontname="${FONT}", fontsize=9, color="#7f8c8d", fontcolor="#2c3e50", arrowsize=0.7];`);

  const collapse = view.collapse;
  const visible = visibleElements(view, collapse);
  const shown = new Set(view.elements.map((e) => e.id));
  const byBoundary = new Map<string | undefined, Element[]>();
  for (const e of visible) {
    const key = e.boundary !== undefined && view.boundaries.some((b) => b.id === e.boundary) ? e.boundary : undefined;
    (byBoundary.get(key) ?? byBoundary.set(key, []).get(key)!).push(e);
  }
  // In an overview, a collapsed boundary is a node in its parent's frame and what it holds is not drawn.
  const folded = new Map((collapse?.boundaries ?? []).map((c) => [c.boundary.id, c]));
  const hidden = new Set((collapse?.boundaries ?? []).flatMap((c) => view.boundaries.filter((b) => b.id !== c.boundary.id && isInside(view, b, c.boundary.id)).map((b) => b.id)));
  const foldedIn = new Map<string | undefined, CollapsedBoundary[]>();
  const children = new Map<string | undefined, Boundary[]>();
  const drawn = new Set(view.boundaries.map((b) => b.id));
  for (const b of view.boundaries) {
    if (hidden.has(b.id)) continue;
    const parent = b.parent !== undefined && drawn.has(b.parent) ? b.parent : undefined;
    if (folded.has(b.id)) (foldedIn.get(parent) ?? foldedIn.set(parent, []).get(parent)!).push(folded.get(b.id)!);
    else (children.get(parent) ?? children.set(parent, []).get(parent)!).push(b);
  }

  const nodeLine = (e: Element, indent: string, context = false): string => {
    const badge = badges.get(e.id);
    const attrs = [`id=${dotString(svgElementId(e.id))}`, `label=${elementLabel(e, badge, context)}`, ...shapeAttrs(e)];
    if (e.base === 'actor' || e.base === 'store') attrs.push('style=filled');
    if (context) {
      attrs.push('color="#aab7b8"', 'fontcolor="#7f8c8d"', e.base === 'process' ? 'style="rounded,dashed"' : 'style=dashed');
    } else if (badge && badge.open > 0) {
      attrs.push(`color="${OPEN_STROKE}"`, `fillcolor="${OPEN_FILL}"`, badge.worstOpen === 'critical' || badge.worstOpen === 'high' ? 'penwidth=2.5' : 'penwidth=1.5');
    }
    // The last `style` wins in DOT; keep only the last one so the text reads as what it does.
    const styles = attrs.filter((a) => a.startsWith('style='));
    const rest = attrs.filter((a) => !a.startsWith('style='));
    if (styles.length > 0) rest.push(styles[styles.length - 1]);
    return `${indent}${dotId(e.id)} [${rest.join(', ')}];`;
  };

  const writeCluster = (b: Boundary, depth: number): void => {
    const indent = '  '.repeat(depth + 1);
    const colours = TRUST_COLOURS[b.trust];
    const sub = [`trust: ${b.trust}`, b.namespace !== undefined ? `namespace ${b.namespace}` : undefined].filter(Boolean).join(' \u00b7 ');
    out.push(`${indent}subgraph ${dotId('cluster_' + b.id)} {`);
    out.push(
      `${indent}  graph [id=${dotString(mermaidId('b-', b.id))}, label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD ALIGN="LEFT"><B>${dotHtml(b.title || b.id)}</B></TD></TR>` +
        `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">${dotHtml(sub)}</FONT></TD></TR></TABLE>>, ` +
        `` +
        `labeljust=l, fontsize=12, fontcolor="${colours.stroke}", color="${colours.stroke}", ` +
        // Alternate fill and white by depth so a nested boundary of the same trust stays visible.
        `style="${b.trust === 'untrusted' ? 'dashed,' : ''}rounded,filled", fillcolor="${depth % 2 === 0 ? colours.fill : '#ffffff'}", penwidth=1.5];`,
    );
    for (const e of byBoundary.get(b.id) ?? []) out.push(nodeLine(e, indent + '  '));
    for (const c of foldedIn.get(b.id) ?? []) out.push(collapsedNodeLine(c, collapse!, badges, indent + '  '));
    for (const c of children.get(b.id) ?? []) writeCluster(c, depth + 1);
    out.push(`${indent}}`);
  };

  for (const b of children.get(undefined) ?? []) writeCluster(b, 0);
  for (const c of foldedIn.get(undefined) ?? []) out.push(collapsedNodeLine(c, collapse!, badges, '  '));
  for (const e of byBoundary.get(undefined) ?? []) out.push(nodeLine(e, '  '));
  for (const e of view.context) out.push(nodeLine(e, '  ', true));

  const single = collapse ? new Set(collapse.edges.filter((m) => m.flows.length === 1 && m.from === m.flows[0].from && m.to === m.flows[0].to).map((m) => m.flows[0])) : undefined;
  for (const m of collapse?.edges ?? []) {
    if (single!.has(m.flows[0])) continue;
    const context = m.flows.some((f) => !shown.has(f.from) || !shown.has(f.to));
    out.push(mergedEdgeLine(m, facts, badges, context));
  }
  for (const f of view.flows) {
    if (single && !single.has(f)) continue;
    const ff = facts.facts(f);
    const badge = badges.get(f.id);
    const lines: string[] = [];
    if (f.title && f.title !== f.id) lines.push(dotHtml(f.title));
    const detail = flowDetail(ff);
    if (detail) lines.push(`<I>${dotHtml(detail)}</I>`);
    if (badge) lines.push(`<FONT COLOR="${badge.open > 0 ? OPEN_STROKE : '#1e8449'}">${dotHtml(badgeText(badge))}</FONT>`);
    const attrs = [`id=${dotString(mermaidId('fl-', f.id))}`];
    if (lines.length > 0) attrs.push(`label=<${lines.join('<BR/>')}>`);
    // Edge colour says one thing only, the boundary crossing; a flow's open threats show in its
    // badge (colouring those too made every edge red on real models and hid the crossings).
    if (ff.crossesInto) attrs.push('color="#c0392b"');
    else if (ff.crossesBoundary) attrs.push('color="#2c3e50"');
    if (ff.crossesBoundary) attrs.push(`penwidth=${ff.crossesInto ? 2.2 : 1.8}`);
    if (!shown.has(f.from) || !shown.has(f.to)) attrs.push('style=dashed');
    out.push(`  ${dotId(f.from)} -> ${dotId(f.to)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** Whether boundary `b` is `ancestor` or nested (at any depth) in it. */
function isInside(view: DiagramView, b: Boundary, ancestor: string): boolean {
  const byId = new Map(view.boundaries.map((x) => [x.id, x]));
  for (let id: string | undefined = b.id, guard = 0; id !== undefined && guard <= byId.size; id = byId.get(id)?.parent, guard++) if (id === ancestor) return true;
  return false;
}

/** Sum of the badges of a collapsed boundary's elements and the flows inside it. */
function sumBadges(ids: string[], badges: Map<string, ThreatBadge>): ThreatBadge | undefined {
  let sum: ThreatBadge | undefined;
  for (const id of ids) {
    const b = badges.get(id);
    if (!b) continue;
    sum ??= { total: 0, open: 0 };
    sum.total += b.total;
    sum.open += b.open;
    if (b.worstOpen !== undefined && (sum.worstOpen === undefined || SEVERITIES.indexOf(b.worstOpen) > SEVERITIES.indexOf(sum.worstOpen))) sum.worstOpen = b.worstOpen;
  }
  return sum;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A collapsed boundary: a double-framed box in its trust colours with counts and a badge. */
function collapsedNodeLine(c: CollapsedBoundary, collapse: Collapse, badges: Map<string, ThreatBadge>, indent: string): string {
  const b = c.boundary;
  const colours = TRUST_COLOURS[b.trust];
  const inner = collapse.inner.get(b.id) ?? [];
  const counts = [plural(c.members.length, 'element'), plural(inner.length, 'flow'), ...(c.nested > 0 ? [plural(c.nested, 'boundary').replace(/boundarys$/, 'boundaries')] : [])].join(' \u00b7 ');
  let label = `<B>${dotHtml(b.title || b.id)}</B><BR/><FONT POINT-SIZE="9">trust: ${dotHtml(b.trust)}${b.namespace !== undefined ? ` \u00b7 namespace ${dotHtml(b.namespace)}` : ''}</FONT>`;
  label += `<BR/><FONT POINT-SIZE="9" COLOR="#555555">${dotHtml(counts)}</FONT>`;
  const badge = sumBadges([...c.members, ...inner.map((f) => f.id)], badges);
  if (badge) label += `<BR/><FONT POINT-SIZE="9" COLOR="${badge.open > 0 ? OPEN_STROKE : '#1e8449'}">${dotHtml(badgeText(badge))}</FONT>`;
  const attrs = [
    `id=${dotString(mermaidId('bn-', b.id))}`,
    `label=<${label}>`,
    'shape=box',
    'peripheries=2',
    `color="${colours.stroke}"`,
    `fontcolor="${colours.stroke}"`,
    `fillcolor="${colours.fill}"`,
    `style="${b.trust === 'untrusted' ? 'dashed,' : ''}rounded,filled"`,
  ];
  return `${indent}${dotId(collapsedNodeId(b.id))} [${attrs.join(', ')}];`;
}

/**
 * Several flows (or one with a collapsed end) drawn as one edge: `n flows` (one flow keeps its own
 * label), their summed badge, the strongest crossing; dashed when it reaches a context element.
 */
function mergedEdgeLine(m: MergedFlow, facts: FlowFactsIndex, badges: Map<string, ThreatBadge>, context: boolean): string {
  const all = m.flows.map((f) => facts.facts(f));
  const into = all.some((f) => f.crossesInto);
  const crosses = all.some((f) => f.crossesBoundary);
  const one = m.flows.length === 1 ? m.flows[0] : undefined;
  const lines: string[] = [];
  if (!one) lines.push(plural(m.flows.length, 'flow'));
  else if (one.title && one.title !== one.id) lines.push(dotHtml(one.title));
  else if (flowDetail(all[0])) lines.push(`<I>${dotHtml(flowDetail(all[0])!)}</I>`); // an overview stays narrow: one line per edge
  const badge = sumBadges(m.flows.map((f) => f.id), badges);
  if (badge) lines.push(`<FONT COLOR="${badge.open > 0 ? OPEN_STROKE : '#1e8449'}">${dotHtml(badgeText(badge))}</FONT>`);
  const attrs = [`id=${dotString(one ? mermaidId('fl-', one.id) : mermaidId('ag-', `${m.from}->${m.to}`))}`];
  if (lines.length > 0) attrs.push(`label=<${lines.join('<BR/>')}>`);
  if (into) attrs.push('color="#c0392b"');
  else if (crosses) attrs.push('color="#2c3e50"');
  // More flows, a thicker line; a crossing is never thinner than a plain crossing flow.
  const width = Math.max(crosses ? (into ? 2.2 : 1.8) : 1, one ? 0 : Math.min(4, 1.8 + m.flows.length * 0.2));
  if (width > 1) attrs.push(`penwidth=${Number(width.toFixed(1))}`);
  if (context) attrs.push('style=dashed');
  return `  ${dotId(m.from)} -> ${dotId(m.to)} [${attrs.join(', ')}];`;
}
