// Indexes over a ResolvedModel that the condition evaluator and the engine need in O(1): elements,
// flows, boundaries, data and controls by id, the kind hierarchy, and each element's flows.
// Built once per run so that evaluating every rule on every element stays linear.
import type { Boundary, ControlDef, DataAsset, Element, Flow, KindDef, ResolvedModel, SourceRef } from '../model/types.js';

export interface ModelLookup {
  model: ResolvedModel;
  elements: Map<string, Element>;
  flows: Map<string, Flow>;
  boundaries: Map<string, Boundary>;
  data: Map<string, DataAsset>;
  controls: Map<string, ControlDef>;
  inbound: Map<string, Flow[]>;
  outbound: Map<string, Flow[]>;
  /** Kind name -> the kind and all its ancestors, itself first. */
  ancestry: Map<string, string[]>;
  /** Data ids per element: every data asset its attributes reference and its flows carry. */
  assets: Map<string, string[]>;
  /** Position of each file in model.files, for ordering by source position. */
  fileOrder: Map<string, number>;
}

const BASE_KINDS = ['actor', 'process', 'store', 'flow'];

/** Ancestors of a kind, itself first; a kind missing from the model is its own (unknown) root. */
function ancestorsOf(kinds: Record<string, KindDef>, name: string): string[] {
  const out: string[] = [];
  let k: string | undefined = name;
  while (k !== undefined && !out.includes(k)) {
    out.push(k);
    k = kinds[k]?.extends;
  }
  const base = kinds[name]?.base;
  if (base && !out.includes(base)) out.push(base);
  return out;
}

export function buildLookup(model: ResolvedModel): ModelLookup {
  const elements = new Map(model.elements.map((e) => [e.id, e]));
  const flows = new Map(model.flows.map((f) => [f.id, f]));
  const inbound = new Map<string, Flow[]>();
  const outbound = new Map<string, Flow[]>();
  for (const f of model.flows) {
    let i = inbound.get(f.to);
    if (!i) inbound.set(f.to, (i = []));
    i.push(f);
    let o = outbound.get(f.from);
    if (!o) outbound.set(f.from, (o = []));
    o.push(f);
  }
  const ancestry = new Map<string, string[]>();
  for (const name of [...Object.keys(model.kinds), ...BASE_KINDS]) ancestry.set(name, ancestorsOf(model.kinds, name));
  const assets = new Map<string, string[]>();
  for (const e of model.elements) {
    const ids = new Set<string>();
    for (const v of Object.values(e.attributes)) collectDataRefs(v, ids);
    for (const f of inbound.get(e.id) ?? []) for (const d of f.data) ids.add(d);
    for (const f of outbound.get(e.id) ?? []) for (const d of f.data) ids.add(d);
    assets.set(e.id, [...ids].sort());
  }
  return {
    model,
    elements,
    flows,
    boundaries: new Map(model.boundaries.map((b) => [b.id, b])),
    data: new Map(model.data.map((d) => [d.id, d])),
    controls: new Map(model.controls.map((c) => [c.id, c])),
    inbound,
    outbound,
    ancestry,
    assets,
    fileOrder: new Map(model.files.map((f, i) => [f, i])),
  };
}

function collectDataRefs(v: import('../model/types.js').AttrValue, into: Set<string>): void {
  if (v.type === 'ref' && v.targetKind === 'data') into.add(v.target);
  else if (v.type === 'list') for (const item of v.items) collectDataRefs(item, into);
}

/** Whether kind `kind` is `ancestor` or extends it (directly or not); base kinds included. */
export function isKindOf(lookup: ModelLookup, kind: string, ancestor: string): boolean {
  if (kind === ancestor) return true;
  const chain = lookup.ancestry.get(kind);
  return chain ? chain.includes(ancestor) : false;
}

/** Total order of source positions: file (entry first, then imports), line, column. */
export function compareSource(lookup: ModelLookup, a: SourceRef, b: SourceRef): number {
  const fa = lookup.fileOrder.get(a.file) ?? Number.MAX_SAFE_INTEGER;
  const fb = lookup.fileOrder.get(b.file) ?? Number.MAX_SAFE_INTEGER;
  if (fa !== fb) return fa - fb;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}
