// `warden import otm`: an Open Threat Model file (JSON or YAML, OTM 0.1/0.2) to a .warden model.
// Trust zones become boundaries (trust from trustRating), components elements (kind from the
// component type), data flows named flows, assets data; threats with their per-component state
// become custom threat rules with decisions, or decisions by id for threats Warden itself exported.
import type { StrideCategory } from '../model/types.js';
import { kindAttributes } from './attributes.js';
import { controlsIn } from './controls.js';
import { acceptUntil, arr, BASELINE, CODES, isObj, str, strideFrom, strList, Warnings, type ImportOptions, type ImportResult } from './common.js';
import { finishImport } from './finish.js';
import { accepts, baseOf, library } from './library.js';
import { readStructured, type PathSeg } from './located.js';
import { decisionTarget, RuleSet } from './rules.js';
import { FAMILY, TECHNOLOGY_KIND } from './threagile-maps.js';
import { baseTechnology } from './technology-maps.js';
import { id, ids, s, strs, toIdent, unnamedFlowId, WardenWriter, type WAttrs } from './writer.js';

type Base = 'actor' | 'process' | 'store';

interface Ctx {
  w: WardenWriter;
  warn: Warnings;
  options: ImportOptions;
  owner?: string;
  zones: Map<string, string | null>;
  components: Map<string, { name: string; base: Base; zone?: string; raw: Record<string, unknown>; index: number }>;
  data: Map<string, string>;
  threats: Map<string, { raw: Record<string, unknown>; index: number }>;
  mitigations: Map<string, Record<string, unknown>>;
  rules: RuleSet;
  decisions: { target: string; state: string; instance: Record<string, unknown>; path: PathSeg[]; wardenId?: string }[];
}

/** Trust rating (0-100) <-> trust level; the export writes the middle of each band. */
export const TRUST_RATING: Record<string, number> = { untrusted: 0, low: 25, medium: 50, high: 75, system: 100 };
export function trustFromRating(r: number): string {
  return r < 20 ? 'untrusted' : r < 40 ? 'low' : r < 60 ? 'medium' : r < 80 ? 'high' : 'system';
}
/** Classification <-> confidentiality rating. */
export const CONFIDENTIALITY_RATING: Record<string, number> = { public: 10, internal: 35, confidential: 60, restricted: 90 };
export function classificationFromRating(r: number): string {
  return r < 25 ? 'public' : r < 50 ? 'internal' : r < 75 ? 'confidential' : 'restricted';
}
/** The synthetic trust zone the export puts elements that sit in no boundary in. */
export const OUTSIDE_ZONE = 'warden-outside';

export function importOtm(text: string, options: ImportOptions): ImportResult {
  const read = readStructured(options.file, text);
  if (!read.located) return { diagnostics: read.diagnostics };
  const root = read.located.value;
  const warn = new Warnings(options.file, read.located);
  if (!isObj(root) || typeof root.otmVersion !== 'string' || !isObj(root.project)) {
    warn.error([], CODES.notThisFormat, `${options.file} is not an Open Threat Model file: it has no otmVersion and project`, 'warden import otm reads OTM JSON or YAML (otmVersion 0.1 or 0.2)');
    return { diagnostics: warn.list };
  }
  const w = new WardenWriter(`Imported from the Open Threat Model file ${options.file} by \`warden import otm\`.`);
  const ctx: Ctx = { w, warn, options, zones: new Map(), components: new Map(), data: new Map(), threats: new Map(), mitigations: new Map(), rules: new RuleSet(), decisions: [] };
  project(root.project, ctx);
  w.use('warden/kinds/technologies');
  if (arr(root.representations).length) warn.warn(['representations'], CODES.dropped, 'representations dropped: Warden draws its own diagrams', 'positions and sizes of shapes are not kept');
  arr(root.assets).forEach((a, i) => asset(a, i, ctx));
  trustZones(arr(root.trustZones), ctx);
  arr(root.threats).forEach((t, i) => {
    if (!isObj(t) || !str(t.id)) return warn.warn(['threats', i], CODES.dropped, 'threat dropped: it has no id');
    warn.unknownKeys(t, THREAT_FIELDS, ['threats', i], 'an OTM threat');
    ctx.threats.set(str(t.id)!, { raw: t, index: i });
  });
  arr(root.mitigations).forEach((m) => isObj(m) && str(m.id) && ctx.mitigations.set(str(m.id)!, m));
  components(arr(root.components), ctx);
  arr(root.dataflows).forEach((f, i) => dataflow(f, i, ctx));
  ctx.rules.emit(w);
  for (const d of ctx.decisions) decide(d, ctx);
  const used = new Set(ctx.decisions.map((d) => str(d.instance.threat)));
  for (const [tid, t] of ctx.threats) if (!used.has(tid)) warn.warn(['threats', t.index], CODES.dropped, `threat "${tid}" dropped: no component or data flow refers to it`, 'Warden threats are about an element or a flow');
  for (const k of Object.keys(root)) {
    if (!['otmVersion', 'project', 'representations', 'assets', 'trustZones', 'components', 'dataflows', 'threats', 'mitigations'].includes(k)) warn.warn([k], CODES.dropped, `${k} dropped: not part of OTM`);
  }
  return finishImport(w, warn.list, options);
}

function project(p: Record<string, unknown>, ctx: Ctx): void {
  ctx.owner = str(p.owner) || undefined;
  const derived = (str(p.name) ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
  if (str(p.id) && str(p.id) !== derived) ctx.warn.warn(['project', 'id'], CODES.dropped, `project id "${str(p.id)}" dropped: the export derives it from the name ("${derived}")`);
  if (isObj(p.attributes) && Object.keys(p.attributes).length) ctx.warn.warn(['project', 'attributes'], CODES.dropped, 'project attributes dropped: a Warden model has a fixed set of attributes');
  const attrs: WAttrs = [
    ['owner', ctx.owner ? s(ctx.owner) : undefined],
    ['contact', str(p.ownerContact) ? s(str(p.ownerContact)!) : undefined],
    ['description', str(p.description) ? s(str(p.description)!) : undefined],
    ['tags', strs(strList(p.tags))],
  ];
  ctx.w.model(str(p.name) || 'Imported OTM model', attrs);
}

const f = (list: string) => new Set(list.split(' '));
const ASSET_FIELDS = f('name id description risk attributes');
const ZONE_FIELDS = f('id name type description risk parent representations attributes');
const FLOW_FIELDS = f('id name description bidirectional source destination assets threats tags attributes');
const THREAT_FIELDS = f('id name description categories cwes risk tags attributes');

function asset(a: unknown, i: number, ctx: Ctx): void {
  const path = ['assets', i];
  if (!isObj(a) || !str(a.id)) return ctx.warn.warn(path, CODES.dropped, 'asset dropped: it has no id');
  ctx.warn.unknownKeys(a, ASSET_FIELDS, path, 'an OTM asset');
  const name = ctx.w.names.name('data', str(a.id)!, 'Data', str(a.name) || str(a.id)!);
  ctx.data.set(str(a.id)!, name);
  const risk = isObj(a.risk) ? a.risk : {};
  const tags = [] as string[];
  for (const k of ['integrity', 'availability']) if (typeof risk[k] === 'number') tags.push(`otm:${k}=${risk[k] as number}`);
  if (str(risk.comment)) ctx.warn.warn([...path, 'risk', 'comment'], CODES.dropped, 'risk comment dropped: Warden data assets have no rating comment');
  const extra = isObj(a.attributes) ? a.attributes : {};
  const dataAttrs: WAttrs = [];
  for (const [k, v] of Object.entries(extra)) {
    if (k === 'tags' && Array.isArray(v)) tags.unshift(...strList(v));
    else if ((k === 'owner' || k === 'retention') && typeof v === 'string') dataAttrs.push([k, s(v)]);
    else if (k === 'pii' && typeof v === 'boolean') dataAttrs.push([k, { b: v }]);
    else if (k === 'regulation' && Array.isArray(v)) dataAttrs.push([k, strs(strList(v))]);
    else ctx.warn.warn([...path, 'attributes', k], CODES.dropped, `asset attribute ${k} dropped: Warden data assets have no such attribute`);
  }
  ctx.w.dataAsset(name, str(a.name), [
    ['classification', id(typeof risk.confidentiality === 'number' ? classificationFromRating(risk.confidentiality) : 'internal')],
    ['description', str(a.description) ? s(str(a.description)!) : undefined],
    ...dataAttrs,
    ['tags', strs(tags)],
  ]);
}

function trustZones(zones: unknown[], ctx: Ctx): void {
  zones.forEach((z) => {
    if (!isObj(z) || !str(z.id)) return;
    const outside = isObj(z.attributes) && z.attributes.warden === 'outside';
    ctx.zones.set(str(z.id)!, outside ? null : ctx.w.names.name('boundary', str(z.id)!, 'Zone', str(z.name) || str(z.id)!));
  });
  zones.forEach((z, i) => {
    const path: PathSeg[] = ['trustZones', i];
    if (!isObj(z) || !str(z.id)) return ctx.warn.warn(path, CODES.dropped, 'trust zone dropped: it has no id');
    const name = ctx.zones.get(str(z.id)!);
    if (name === null || name === undefined) return;
    ctx.warn.unknownKeys(z, ZONE_FIELDS, path, 'an OTM trust zone');
    const parentRef = isObj(z.parent) ? z.parent : undefined;
    let parent: string | undefined;
    if (parentRef && str(parentRef.trustZone)) {
      parent = ctx.zones.get(str(parentRef.trustZone)!) ?? undefined;
      if (!parent) ctx.warn.warn([...path, 'parent'], CODES.danglingRef, `parent trust zone "${str(parentRef.trustZone)}" is not defined (or is the outside zone): dropped`);
    } else if (parentRef && str(parentRef.component)) ctx.warn.warn([...path, 'parent'], CODES.dropped, 'a trust zone inside a component: Warden boundaries nest only in boundaries; written at the top level');
    if (arr(z.representations).length) ctx.warn.warn([...path, 'representations'], CODES.dropped, 'representations dropped: Warden draws its own diagrams');
    const rating = isObj(z.risk) && typeof z.risk.trustRating === 'number' ? z.risk.trustRating : undefined;
    const extra = isObj(z.attributes) ? z.attributes : {};
    const attrs: WAttrs = [
      ['trust', rating === undefined ? undefined : id(trustFromRating(rating))],
      ['description', str(z.description) ? s(str(z.description)!) : undefined],
      ['network', str(z.type) ? s(str(z.type)!) : undefined],
    ];
    for (const [k, v] of Object.entries(extra)) {
      if ((k === 'namespace' || k === 'owner') && typeof v === 'string') attrs.push([k, s(v)]);
      else if (k === 'tags' && Array.isArray(v)) attrs.push([k, strs(strList(v))]);
      else ctx.warn.warn([...path, 'attributes', k], CODES.dropped, `trust zone attribute ${k} dropped: Warden boundaries have no such attribute`);
    }
    ctx.w.boundary(name, str(z.name), parent, attrs);
  });
}

const STORE_WORDS = /data ?base|\bdb\b|sql|store|storage|bucket|queue|cache|vault|registry|repository|file|disk|blob|s3|table|index|log/i;
const ACTOR_WORDS = /user|browser|client|actor|person|customer|human|external|mobile|device|partner/i;

/** The kind of a component type: a Warden kind, a Threagile technology, else a family chosen from the words of the type. */
function kindOfType(type: string): { kind: string; base: Base; exact: boolean } {
  const base = baseOf(type);
  if (base && base !== 'flow') return { kind: type, base, exact: true };
  const tech = TECHNOLOGY_KIND[type];
  if (tech) return { kind: tech, base: baseOf(tech) as Base, exact: false };
  const guess: Base = STORE_WORDS.test(type) ? 'store' : ACTOR_WORDS.test(type) ? 'actor' : 'process';
  return { kind: FAMILY[guess], base: guess, exact: false };
}

function components(list: unknown[], ctx: Ctx): void {
  list.forEach((c, i) => {
    if (!isObj(c) || !str(c.id)) return ctx.warn.warn(['components', i], CODES.dropped, 'component dropped: it has no id');
    const kindFromAttr = isObj(c.attributes) ? str(c.attributes.kind) : undefined;
    const { base } = kindOfType(kindFromAttr ?? str(c.type) ?? 'process');
    const name = ctx.w.names.name('element', str(c.id)!, 'Component', str(c.name) || str(c.id)!);
    ctx.components.set(str(c.id)!, { name, base, raw: c, index: i });
  });
  for (const [cid, comp] of ctx.components) component(cid, comp, ctx);
}

/** The boundary of a component: its trust zone, or (for a component inside a component) its parent's. */
function zoneOf(c: Record<string, unknown>, path: PathSeg[], ctx: Ctx, seen = new Set<unknown>()): string | undefined {
  const p = isObj(c.parent) ? c.parent : {};
  if (str(p.trustZone)) {
    const z = ctx.zones.get(str(p.trustZone)!);
    if (z === undefined) ctx.warn.warn([...path, 'parent'], CODES.danglingRef, `trust zone "${str(p.trustZone)}" is not defined: the element sits in no boundary`);
    return z ?? undefined;
  }
  if (str(p.component)) {
    const parent = ctx.components.get(str(p.component)!);
    if (!parent || seen.has(parent)) return undefined;
    seen.add(parent);
    return zoneOf(parent.raw, ['components', parent.index], ctx, seen);
  }
  return undefined;
}

const COMPONENT_HANDLED = new Set(['id', 'name', 'type', 'description', 'parent', 'representations', 'assets', 'threats', 'tags', 'attributes']);

function component(cid: string, comp: { name: string; base: Base; raw: Record<string, unknown>; index: number }, ctx: Ctx): void {
  const c = comp.raw;
  const path: PathSeg[] = ['components', comp.index];
  const type = str(c.type) ?? 'process';
  const extra = isObj(c.attributes) ? c.attributes : {};
  const { kind, exact } = kindOfType(str(extra.kind) ?? type);
  if (isObj(c.parent) && str(c.parent.component)) ctx.warn.warn([...path, 'parent'], CODES.approximated, `component "${cid}" sits inside component "${str(c.parent.component)}": Warden elements do not nest, it is placed in that component's boundary`);
  if (arr(c.representations).length) ctx.warn.warn([...path, 'representations'], CODES.dropped, 'representations dropped: Warden draws its own diagrams');
  const assets = isObj(c.assets) ? c.assets : {};
  const refs = (k: string) => {
    const out: string[] = [];
    arr(assets[k]).forEach((a, j) => {
      const n = ctx.data.get(String(a));
      if (n) out.push(n);
      else ctx.warn.warn([...path, 'assets', k, j], CODES.danglingRef, `asset "${String(a)}" is not defined: dropped`);
    });
    return out;
  };
  const processed = refs('processed');
  const stored = refs('stored');
  const dataAttr = (attr: string, list: string[], what: string): WAttrs => {
    if (!list.length) return [];
    if (accepts(kind, attr)) return [[attr, ids(list)]];
    ctx.warn.warn([...path, 'assets', what], CODES.dropped, `${what} assets dropped: kind ${kind} has no attribute ${attr}`);
    return [];
  };
  const skip = new Set(['kind', 'controls']);
  const attrs: WAttrs = [
    ['description', str(c.description) ? s(str(c.description)!) : undefined],
    ...(!exact && str(extra.kind) === undefined && accepts(kind, 'product') ? [['product', s(type)] as [string, ReturnType<typeof s>]] : []),
    ...kindAttributes(kind, extra, [...path, 'attributes'], ctx.warn, skip, (r) => ctx.data.get(r) ?? [...ctx.components.values()].find((x) => x.raw.id === r)?.name),
    ...typeTechnology(kind, exact || str(extra.kind) !== undefined ? undefined : type),
    ...dataAttr('handles', processed, 'processed'),
    ...dataAttr('stores', stored, 'stored'),
    ['controls', controlsIn(extra.controls, [...path, 'attributes', 'controls'], ctx.warn)],
    ['tags', strs(strList(c.tags).filter(Boolean))],
  ];
  if (str(extra.kind) && str(extra.kind) !== kind) ctx.warn.warn([...path, 'attributes', 'kind'], CODES.approximated, `kind "${str(extra.kind)}" is not a library kind: ${kind}`);
  for (const k of Object.keys(c)) if (!COMPONENT_HANDLED.has(k)) ctx.warn.warn([...path, k], CODES.dropped, `${k} dropped: not part of an OTM component`);
  ctx.w.element(kind, comp.name, str(c.name), zoneOf(c, path, ctx), dedupe(attrs));
  threatInstances(c.threats, path, comp.name, comp.base, ctx);
}

/** `technology` or `storeType` from a component type that maps onto one of their values (after `attributes`, which win). */
function typeTechnology(kind: string, type: string | undefined): WAttrs {
  const mapped = type ? baseTechnology(type, baseOf(kind) ?? '') : undefined;
  return mapped && accepts(kind, mapped[0]) ? [[mapped[0], id(mapped[1])]] : [];
}

/** An attribute given twice (mapped by the importer and also present in `attributes`): the first wins. */
function dedupe(attrs: WAttrs): WAttrs {
  const seen = new Set<string>();
  return attrs.filter(([k, v]) => v === undefined || (!seen.has(k) && (seen.add(k), true)));
}

function dataflow(f: unknown, i: number, ctx: Ctx): void {
  const path: PathSeg[] = ['dataflows', i];
  if (!isObj(f) || !str(f.id)) return ctx.warn.warn(path, CODES.dropped, 'data flow dropped: it has no id');
  ctx.warn.unknownKeys(f, FLOW_FIELDS, path, 'an OTM data flow');
  const from = ctx.components.get(str(f.source) ?? '')?.name;
  const to = ctx.components.get(str(f.destination) ?? '')?.name;
  if (!from || !to) {
    const which = !from ? ['source', str(f.source)] : ['destination', str(f.destination)];
    return ctx.warn.warn([...path, which[0]!], CODES.danglingRef, `data flow "${str(f.id)}" dropped: its ${which[0]} "${which[1] ?? ''}" is not a component`, 'Warden flows join elements; trust zones are not endpoints');
  }
  // A flow Warden exported without a name (id `A->B`) comes back without one, keeping its threat ids.
  const unnamed = unnamedFlowId(str(f.id), from, to);
  const name = unnamed ?? ctx.w.names.name('flow', str(f.id)!, 'Flow', str(f.name) || str(f.id)!);
  const carries: string[] = [];
  arr(f.assets).forEach((a, j) => {
    const n = ctx.data.get(String(a));
    if (n) carries.push(n);
    else ctx.warn.warn([...path, 'assets', j], CODES.danglingRef, `asset "${String(a)}" is not defined: dropped`);
  });
  const attrs: WAttrs = [
    ['description', str(f.description) ? s(str(f.description)!) : undefined],
    ...kindAttributes('flow', f.attributes, [...path, 'attributes'], ctx.warn, new Set(['carries', 'controls']), (r) => ctx.data.get(r)),
    ['controls', controlsIn(isObj(f.attributes) ? f.attributes.controls : undefined, [...path, 'attributes', 'controls'], ctx.warn)],
    ['carries', ids(carries)],
    ['tags', strs(strList(f.tags).filter(Boolean))],
  ];
  ctx.w.flow(unnamed ? undefined : name, from, to, str(f.name), dedupe(attrs));
  threatInstances(f.threats, path, name, 'flow', ctx);
  if (f.bidirectional === true) {
    ctx.warn.warn([...path, 'bidirectional'], CODES.approximated, `bidirectional data flow "${str(f.id)}": written as two flows (Warden flows go one way)`);
    const back = ctx.w.names.name('flow', `${str(f.id)}\0back`, 'Flow', `${str(f.name) || str(f.id)} back`);
    ctx.w.flow(back, to, from, `${str(f.name) || str(f.id)} (back)`, dedupe(attrs));
  }
}

function threatInstances(list: unknown, path: PathSeg[], target: string, base: string, ctx: Ctx): void {
  arr(list).forEach((inst, j) => {
    const ipath = [...path, 'threats', j];
    if (!isObj(inst)) return;
    const tid = str(inst.threat) ?? '';
    const t = ctx.threats.get(tid);
    if (!t) return ctx.warn.warn(ipath, CODES.danglingRef, `threat "${tid}" is not defined in threats: dropped`);
    const state = (str(inst.state) ?? 'exposed').toLowerCase().replace(/[^a-z]/g, '');
    const attrs = isObj(t.raw.attributes) ? t.raw.attributes : {};
    if (attrs.origin === 'warden' && /^TH-[0-9a-f]{8}$/.test(tid)) {
      ctx.decisions.push({ target: tid, state, instance: inst, path: ipath, wardenId: tid });
      return;
    }
    const cats = strList(t.raw.categories);
    let category = cats.map(strideFrom).find((c): c is StrideCategory => c !== undefined);
    if (!category) {
      category = BASELINE[base as Base | 'flow'][0];
      ctx.warn.warn(['threats', t.index, 'categories'], CODES.approximated, `threat "${tid}" has no STRIDE category: written as ${category}`);
    }
    const risk = isObj(t.raw.risk) ? t.raw.risk : {};
    const level = (v: unknown) => (typeof v === 'number' ? (v < 34 ? 'low' : v < 67 ? 'medium' : 'high') : 'medium');
    const cwe = strList(t.raw.cwes).map((x) => Number(/(\d+)/.exec(x)?.[1] ?? NaN)).filter((x) => Number.isInteger(x) && x > 0);
    const ruleName = ctx.rules.add(
      str(attrs.rule) ?? tid,
      str(attrs.rule) ?? (str(t.raw.name) && toIdent(str(t.raw.name)!).length <= 40 ? str(t.raw.name)! : tid),
      base,
      {
        category,
        title: str(t.raw.name) || tid,
        statement: str(t.raw.description) || str(t.raw.name) || tid,
        likelihood: level(risk.likelihood),
        impact: level(risk.impact),
        cwe,
      },
      target,
      (n) => library().rules.has(n),
    );
    ctx.decisions.push({ target: decisionTarget(target, category, ruleName), state, instance: inst, path: ipath });
  });
}

function decide(d: Ctx['decisions'][number], ctx: Ctx): void {
  const missing = (tid: string) => ctx.warn.warn(d.path, CODES.decisionDropped, `decision on ${tid} dropped: the imported model no longer gives rise to that threat`, 'its Warden rule needs a kind or an attribute this format does not carry');
  const extra = isObj(d.instance.attributes) ? d.instance.attributes : {};
  const implemented = arr(d.instance.mitigations)
    .filter((m) => isObj(m) && /implemented|done|mitigated/i.test(str(m.state) ?? ''))
    .map((m) => {
      const ref = ctx.mitigations.get(str((m as Record<string, unknown>).mitigation) ?? '');
      return str(ref?.name) ?? str((m as Record<string, unknown>).mitigation) ?? '';
    })
    .filter(Boolean);
  const reason = str(extra.reason) ?? implemented.join('; ');
  switch (d.state) {
    case 'mitigated':
    case 'implemented':
      return ctx.w.decision({ kind: 'mitigate', target: d.target, text: reason || 'mitigated (recorded in OTM)' }, missing);
    case 'notapplicable':
    case 'na':
    case 'falsepositive':
      return ctx.w.decision({ kind: 'notApplicable', target: d.target, reason: reason || 'not applicable (recorded in OTM)' }, missing);
    case 'accepted': {
      const until = str(extra.until) && /^\d{4}-\d{2}-\d{2}$/.test(str(extra.until)!) ? str(extra.until)! : acceptUntil(ctx.options);
      if (!str(extra.until)) ctx.warn.warn(d.path, CODES.filledIn, `accepted threat has no expiry in OTM: written with until ${until}`, 'pass --accept-until to choose the date');
      return ctx.w.decision({ kind: 'accept', target: d.target, owner: str(extra.owner) ?? ctx.owner ?? 'unknown', until, reason: reason || 'accepted (recorded in OTM)' }, missing);
    }
    default:
      if (implemented.length) ctx.w.decision({ kind: 'mitigate', target: d.target, text: implemented.join('; ') }, missing);
  }
}
