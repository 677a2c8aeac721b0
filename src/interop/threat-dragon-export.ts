// `warden export threat-dragon`: a model and its threat register as a Threat Dragon v2 model
// (JSON, valid against threat-dragon-v2.schema.json) that Threat Dragon opens in its diagram
// editor: one STRIDE diagram with an actor, process or store per element, a flow per flow, a
// trust boundary box per boundary (nested boxes for nested boundaries) and each element's threats
// with status, severity and mitigation. Layout: each boundary's elements in a grid, its nested
// boundaries below them; top-level boundaries and loose elements side by side.
import { createHash } from 'node:crypto';
import type { AttrValue, Element, Flow, KindDef, ResolvedModel } from '../model/types.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { controlsOut } from './controls.js';
import { splitTags, STRIDE_TITLES } from './common.js';
import { ancestry, attrBool, attrList, attrStr, decisionText, isWardenRule, ownAttributes, type ExportResult } from './model-view.js';

const VERSION = '2.3.0';
const SIZE = { actor: [160, 80], process: [100, 100], store: [160, 80] } as const;
const CELL_W = 180;
const CELL_H = 130;
const PAD = 30;
const HEADER = 40;
const COLUMNS = 4;
const STATUS: Record<string, string> = { open: 'Open', mitigated: 'Mitigated', accepted: 'Accepted', notApplicable: 'NotApplicable' };
const SEVERITY: Record<string, string> = { info: 'Low', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** A deterministic UUID-shaped id for a model object (Threat Dragon ids are UUIDs). */
export function cellId(key: string): string {
  const h = createHash('sha256').update(`warden:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Layout {
  /** Top-left of each element and boundary, and each boundary's size. */
  pos: Map<string, { x: number; y: number; w: number; h: number }>;
}

export function exportThreatDragon(model: ResolvedModel, register: ThreatRegister | undefined): ExportResult {
  const threats = register?.threats ?? [];
  const layout: Layout = { pos: new Map() };
  place(model, undefined, PAD, PAD, layout);
  let number = 0;
  const threatsOf = (id: string) =>
    threats
      .filter((t) => t.target.id === id)
      .map((t) => threatObject(model, t, ++number));
  const cells: Record<string, unknown>[] = [];
  for (const b of model.boundaries) {
    // The import gives top-level boxes trust high and nested ones their parent's: say so only when it differs.
    const parent = b.parent ? model.boundaries.find((x) => x.id === b.parent) : undefined;
    const trust = b.trust !== (parent ? parent.trust : 'high') ? b.trust : undefined;
    cells.push(boundaryCell(b.id, b.title, attrStr(b, 'description'), trust, layout));
  }
  model.elements.forEach((e, i) => cells.push(elementCell(model, e, threatsOf(e.id), layout, i)));
  model.flows.forEach((f, i) => cells.push(flowCell(model, f, threatsOf(f.id), i)));
  const doc = {
    version: VERSION,
    // Threat Dragon has no data assets; the import reads them back from here (Threat Dragon ignores the field).
    ...(model.data.length ? { wardenData: model.data.map((d) => ({ id: d.id, title: d.title, classification: d.classification, attributes: ownAttributes(d.attributes, new Set(['classification'])) })) } : {}),
    summary: { title: model.model.name, owner: attrStr(model.model, 'owner') ?? '', description: attrStr(model.model, 'description') ?? '', id: 0 },
    detail: {
      contributors: [],
      diagrams: [
        {
          id: 0,
          title: model.model.name,
          diagramType: 'STRIDE',
          placeholder: 'New STRIDE diagram description',
          thumbnail: './public/content/images/thumbnail.stride.jpg',
          version: VERSION,
          description: '',
          cells,
        },
      ],
      diagramTop: 1,
      reviewer: '',
      threatTop: number,
    },
  };
  return { text: JSON.stringify(doc, null, 2) + '\n', diagnostics: [] };
}

/** A flow's cell: a `flow` edge between its elements' cells, with its threats. */
function flowCell(model: ResolvedModel, f: Flow, list: Record<string, unknown>[], i: number): Record<string, unknown> {
  const { carried } = splitTags(attrList(f, 'tags'), 'td:');
  const protocol = carried.get('protocol')?.[0] ?? attrStr(f, 'protocol') ?? '';
  return {
    shape: 'flow',
    attrs: { line: { stroke: list.some(open) ? 'red' : '#333333', targetMarker: { name: 'block' }, sourceMarker: { name: '' }, strokeDasharray: null } },
    width: 200,
    height: 100,
    zIndex: 10 + i,
    connector: 'smooth',
    labels: [{ position: 0.5, attrs: { label: { text: f.title } } }],
    data: {
      type: 'tm.Flow',
      name: f.title,
      description: attrStr(f, 'description') ?? '',
      outOfScope: carried.has('outOfScope'),
      reasonOutOfScope: '',
      protocol: protocol === 'other' ? '' : protocol,
      isEncrypted: attrBool(f, 'encrypted') ?? attrBool(f, 'mtls') ?? ['https', 'tls', 'grpcs', 'amqps', 'ldaps', 'ssh'].includes(protocol),
      isPublicNetwork: carried.has('isPublicNetwork'),
      isBidirectional: false,
      isTrustBoundary: false,
      threats: list,
      hasOpenThreats: list.some(open),
      wardenId: f.id,
      ...carry(f.attributes, FLOW_MAPPED, model.kinds[f.kind]),
      ...(f.controls.length ? { wardenControls: controlsOut(f.controls) } : {}),
    },
    id: cellId(`flow:${f.id}`),
    source: { cell: cellId(`element:${f.from}`) },
    target: { cell: cellId(`element:${f.to}`) },
  };
}

const open = (t: Record<string, unknown>) => t.status === 'Open';

/** Attributes Threat Dragon has a field for (written there, not in `wardenAttributes`). */
const ELEMENT_MAPPED = new Set(['description', 'outOfScope', 'outOfScopeReason', 'encryptedAtRest']);
const FLOW_MAPPED = new Set(['description', 'protocol', 'encrypted']);

/** The other attributes, in a field Threat Dragon ignores, so the import can give them back. */
function carry(attrs: Record<string, AttrValue>, mapped: ReadonlySet<string>, kind: KindDef | undefined): { wardenAttributes?: Record<string, unknown> } {
  const own = ownAttributes(attrs, mapped, kind, 'td:');
  return Object.keys(own).length ? { wardenAttributes: own } : {};
}

function threatObject(model: ResolvedModel, t: Threat, number: number): Record<string, unknown> {
  const def = model.rules.find((r) => r.id === t.rule);
  const proposed = def?.description?.startsWith('Mitigation: ') ? def.description.slice('Mitigation: '.length) : '';
  const mitigation = t.status !== 'open' ? decisionText(t) : proposed || (t.controls.length ? `Apply ${t.controls.join(', ')}.` : '');
  return {
    id: cellId(`threat:${t.id}`),
    threatId: t.id,
    title: t.title,
    type: STRIDE_TITLES[t.category],
    status: STATUS[t.status],
    severity: SEVERITY[t.severity],
    description: t.statement,
    mitigation,
    modelType: 'STRIDE',
    number,
    score: '',
    ruleId: t.rule,
    wardenOrigin: isWardenRule(model, t.rule) ? 'warden' : 'model',
    ...(t.status === 'accepted' && t.acceptance ? { acceptedBy: t.acceptance.owner, acceptedUntil: t.acceptance.until } : {}),
  };
}

function boundaryCell(id: string, title: string, description: string | undefined, trust: string | undefined, layout: Layout): Record<string, unknown> {
  const p = layout.pos.get(`boundary:${id}`)!;
  return {
    position: { x: p.x, y: p.y },
    size: { width: p.w, height: p.h },
    attrs: { label: { text: title } },
    visible: true,
    shape: 'trust-boundary-box',
    zIndex: -1,
    id: cellId(`boundary:${id}`),
    data: { type: 'tm.BoundaryBox', name: title, description: description ?? '', isTrustBoundary: true, hasOpenThreats: false, wardenId: id, ...(trust ? { trust } : {}) },
  };
}

function elementCell(model: ResolvedModel, e: Element, threats: Record<string, unknown>[], layout: Layout, i: number): Record<string, unknown> {
  const p = layout.pos.get(`element:${e.id}`)!;
  const [w, h] = SIZE[e.base];
  const hasOpen = threats.some(open);
  const stroke = { stroke: hasOpen ? 'red' : '#333333', strokeWidth: hasOpen ? 2.5 : 1, strokeDasharray: null };
  const { carried } = splitTags(attrList(e, 'tags'), 'td:');
  const flags: Record<string, unknown> = {};
  for (const [k] of carried) if (k !== 'privilegeLevel' && k !== 'outOfScope' && k !== 'protocol') flags[k] = true;
  const common = {
    name: e.title,
    description: attrStr(e, 'description') ?? '',
    outOfScope: attrBool(e, 'outOfScope') ?? false,
    reasonOutOfScope: attrStr(e, 'outOfScopeReason') ?? '',
    threats,
    hasOpenThreats: hasOpen,
    isTrustBoundary: false,
    wardenId: e.id,
    wardenKind: e.kind,
    ...carry(e.attributes, ELEMENT_MAPPED, model.kinds[e.kind]),
    ...(e.controls.length ? { wardenControls: controlsOut(e.controls) } : {}),
  };
  const data =
    e.base === 'actor'
      ? { type: 'tm.Actor', ...common, providesAuthentication: false, ...flags }
      : e.base === 'store'
        ? { type: 'tm.Store', ...common, isALog: false, storesCredentials: false, isEncrypted: attrBool(e, 'encryptedAtRest') ?? false, isSigned: false, storesInventory: false, ...flags }
        : {
            type: 'tm.Process',
            ...common,
            handlesCardPayment: false,
            handlesGoodsOrServices: false,
            isWebApplication: ancestry(model, e.kind).includes('webApplication'),
            privilegeLevel: carried.get('privilegeLevel')?.[0] ?? '',
            ...flags,
          };
  return {
    position: { x: p.x, y: p.y },
    size: { width: w, height: h },
    attrs: { text: { text: e.title }, ...(e.base === 'store' ? { topLine: stroke, bottomLine: stroke } : { body: stroke }) },
    visible: true,
    shape: e.base,
    zIndex: 1 + i,
    id: cellId(`element:${e.id}`),
    data,
  };
}

/**
 * Places the elements and boundaries directly in `boundary` (undefined: the top level) from
 * (x, y); returns the size taken. A boundary's box holds a header, its elements in rows of
 * COLUMNS, then its nested boundaries side by side.
 */
function place(model: ResolvedModel, boundary: string | undefined, x: number, y: number, layout: Layout): { w: number; h: number } {
  const elements = model.elements.filter((e) => e.boundary === boundary);
  const children = model.boundaries.filter((b) => b.parent === boundary);
  const rows = Math.ceil(elements.length / COLUMNS);
  elements.forEach((e, i) => layout.pos.set(`element:${e.id}`, { x: x + (i % COLUMNS) * CELL_W, y: y + Math.floor(i / COLUMNS) * CELL_H, w: 0, h: 0 }));
  let width = Math.min(elements.length, COLUMNS) * CELL_W;
  let cx = x;
  const cy = y + rows * CELL_H;
  let childH = 0;
  for (const b of children) {
    const inner = place(model, b.id, cx + PAD, cy + HEADER, layout);
    const w = Math.max(inner.w, CELL_W) + 2 * PAD;
    const h = inner.h + HEADER + PAD;
    layout.pos.set(`boundary:${b.id}`, { x: cx, y: cy, w, h });
    cx += w + PAD;
    childH = Math.max(childH, h);
  }
  width = Math.max(width, cx - x - (children.length ? PAD : 0));
  return { w: width, h: rows * CELL_H + childH };
}
