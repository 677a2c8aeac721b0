// Diagrams stage: a ResolvedModel (and optionally a ThreatRegister) to DOT, SVG and Mermaid.
// This file is the stage's only door.
export { renderDot, dotForView, svgElementId, TRUST_COLOURS, type DiagramOptions, type Direction } from './dot.js';
export { dotToSvg, svgForInlineHtml, graphvizVersion } from './svg.js';
export { renderMermaid, mermaidForView } from './mermaid.js';
export { selectView, DIAGRAM_CODES, type DiagramView, type ViewSpec, type CollapseDepth } from './view.js';
export { collapseView, collapsedNodeId, AUTO_NODES, type Collapse, type CollapsedBoundary, type MergedFlow } from './collapse.js';
export { threatBadges, badgeText, type ThreatBadge } from './facts.js';
