// Which part of the model a diagram shows. A view is computed once and shared by the DOT and the
// Mermaid renderers, so `--boundary Payments` means the same picture in every format.
import { didYouMean, emptySpan, type Diagnostic, type Result } from '../diagnostics/index.js';
import type { Boundary, Element, Flow, ResolvedModel } from '../model/types.js';
import { collapseView, type Collapse } from './collapse.js';

export type ViewSpec =
  | { kind: 'model'; collapse?: CollapseDepth }
  /** One boundary with everything nested in it, plus the outside elements its flows touch (as context). */
  | { kind: 'boundary'; boundary: string; collapse?: CollapseDepth }
  /** One element and every element within `depth` flows of it (either direction). */
  | { kind: 'focus'; element: string; depth: number };

/** Collapse boundaries nested deeper than this into nodes (see collapse.ts); 'auto' fits the picture. */
export type CollapseDepth = number | 'auto';

export interface DiagramView {
  spec: ViewSpec;
  /** A short description for the diagram title: 'whole model', 'boundary Payments', 'around Api (depth 1)'. */
  caption: string;
  /** Elements drawn in full, in model order. */
  elements: Element[];
  /** Elements drawn greyed out because a shown flow reaches them from outside the view, in model order. */
  context: Element[];
  /** Flows drawn, in model order. */
  flows: Flow[];
  /** Boundaries drawn as clusters (those holding a full element, and their ancestors), in model order. */
  boundaries: Boundary[];
  /** Present in an overview: which boundaries are drawn as nodes and how flows are merged. */
  collapse?: Collapse;
}

/** Diagnostic codes of the diagrams stage (WD7xxx: diagrams, docs regions and reports). */
export const DIAGRAM_CODES = {
  unknownBoundary: 'WD7001',
  unknownElement: 'WD7002',
  badDepth: 'WD7003',
  /** Warning: the Mermaid text exceeds Mermaid's default size or edge limits. */
  mermaidTooLarge: 'WD7004',
} as const;

function unknown(model: ResolvedModel, code: string, what: string, name: string, candidates: string[]): Diagnostic {
  const guess = didYouMean(name, candidates);
  return {
    code,
    severity: 'error',
    message: `the model has no ${what} "${name}"`,
    file: model.file,
    span: emptySpan,
    hint: guess ? `did you mean "${guess}"?` : `${what}s in the model: ${candidates.slice(0, 12).join(', ') || '(none)'}`,
  };
}

/** All boundary ids at or below `root`. */
function subtree(model: ResolvedModel, root: string): Set<string> {
  const inside = new Set([root]);
  // Boundaries may be listed children-first; iterate to a fixed point rather than rely on order.
  for (let grew = true; grew; ) {
    grew = false;
    for (const b of model.boundaries) {
      if (b.parent !== undefined && inside.has(b.parent) && !inside.has(b.id)) {
        inside.add(b.id);
        grew = true;
      }
    }
  }
  return inside;
}

/** The boundaries enclosing the given elements, with all their ancestors, in model order. */
function enclosing(model: ResolvedModel, elements: readonly Element[]): Boundary[] {
  const byId = new Map(model.boundaries.map((b) => [b.id, b]));
  const wanted = new Set<string>();
  for (const e of elements) {
    let b = e.boundary;
    // The guard bounds the walk even if a malformed model has a parent cycle.
    for (let guard = 0; b !== undefined && !wanted.has(b) && guard < byId.size + 1; guard++) {
      wanted.add(b);
      b = byId.get(b)?.parent;
    }
  }
  return model.boundaries.filter((b) => wanted.has(b.id));
}

/** The view, collapsed when the spec asks for an overview. */
export function selectView(model: ResolvedModel, spec: ViewSpec): Result<DiagramView | undefined> {
  const selected = selectFullView(model, spec);
  const view = selected.value;
  if (!view || spec.kind === 'focus' || spec.collapse === undefined) return selected;
  if (typeof spec.collapse === 'number' && (!Number.isInteger(spec.collapse) || spec.collapse < 0)) {
    return {
      value: undefined,
      diagnostics: [
        { code: DIAGRAM_CODES.badDepth, severity: 'error', message: `collapse depth must be a whole number >= 0 (got ${spec.collapse})`, file: model.file, span: emptySpan },
      ],
    };
  }
  const collapse = collapseView(view, spec.collapse);
  return { value: { ...view, collapse, caption: `${view.caption}, overview at depth ${collapse.depth}` }, diagnostics: selected.diagnostics };
}

function selectFullView(model: ResolvedModel, spec: ViewSpec): Result<DiagramView | undefined> {
  if (spec.kind === 'model') {
    return {
      value: { spec, caption: 'whole model', elements: model.elements, context: [], flows: model.flows, boundaries: enclosing(model, model.elements) },
      diagnostics: [],
    };
  }
  if (spec.kind === 'boundary') {
    if (!model.boundaries.some((b) => b.id === spec.boundary)) {
      return { value: undefined, diagnostics: [unknown(model, DIAGRAM_CODES.unknownBoundary, 'boundary', spec.boundary, model.boundaries.map((b) => b.id))] };
    }
    const inside = subtree(model, spec.boundary);
    const shown = new Set(model.elements.filter((e) => e.boundary !== undefined && inside.has(e.boundary)).map((e) => e.id));
    const flows = model.flows.filter((f) => shown.has(f.from) || shown.has(f.to));
    const contextIds = new Set(flows.flatMap((f) => [f.from, f.to]).filter((id) => !shown.has(id)));
    const elements = model.elements.filter((e) => shown.has(e.id));
    return {
      value: {
        spec,
        caption: `boundary ${spec.boundary}`,
        elements,
        context: model.elements.filter((e) => contextIds.has(e.id)),
        flows,
        boundaries: enclosing(model, elements),
      },
      diagnostics: [],
    };
  }
  if (!Number.isInteger(spec.depth) || spec.depth < 0) {
    return {
      value: undefined,
      diagnostics: [
        { code: DIAGRAM_CODES.badDepth, severity: 'error', message: `focus depth must be a whole number >= 0 (got ${spec.depth})`, file: model.file, span: emptySpan },
      ],
    };
  }
  if (!model.elements.some((e) => e.id === spec.element)) {
    return { value: undefined, diagnostics: [unknown(model, DIAGRAM_CODES.unknownElement, 'element', spec.element, model.elements.map((e) => e.id))] };
  }
  // Breadth-first over flows in both directions: a neighbourhood is about who talks to whom.
  const neighbours = new Map<string, string[]>();
  for (const f of model.flows) {
    (neighbours.get(f.from) ?? neighbours.set(f.from, []).get(f.from)!).push(f.to);
    (neighbours.get(f.to) ?? neighbours.set(f.to, []).get(f.to)!).push(f.from);
  }
  const reached = new Set([spec.element]);
  let frontier = [spec.element];
  for (let d = 0; d < spec.depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of neighbours.get(id) ?? []) {
        if (!reached.has(n)) {
          reached.add(n);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  const elements = model.elements.filter((e) => reached.has(e.id));
  return {
    value: {
      spec,
      caption: `around ${spec.element} (depth ${spec.depth})`,
      elements,
      context: [],
      flows: model.flows.filter((f) => reached.has(f.from) && reached.has(f.to)),
      boundaries: enclosing(model, elements),
    },
    diagnostics: [],
  };
}
