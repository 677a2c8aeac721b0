// `warden import threat-dragon`: an OWASP Threat Dragon v2 model (JSON) to a .warden model. The
// cells of every diagram become elements (actor, process, store), flows and boundaries (trust
// boundary boxes, with membership read from the geometry: an element belongs to the smallest box
// that contains its centre). Threat Dragon's property flags map to attributes where Warden has
// one and to `td:<flag>` tags otherwise; each threat becomes a custom threat rule, its status a
// decision (docs/interop.md).
import type { StrideCategory } from '../model/types.js';
import { kindAttributes } from './attributes.js';
import { controlsIn } from './controls.js';
import { acceptUntil, arr, BASELINE, CODES, isObj, str, strideFrom, strList, Warnings, type ImportOptions, type ImportResult } from './common.js';
import { finishImport } from './finish.js';
import { accepts, baseOf, library } from './library.js';
import { readStructured, type PathSeg } from './located.js';
import { decisionTarget, RuleSet } from './rules.js';
import { b, id, IDENT, s, strs, unnamedFlowId, WardenWriter, type WAttrs, type WValue } from './writer.js';

type Base = 'actor' | 'process' | 'store';
const TYPE_BASE: Record<string, Base> = { actor: 'actor', 'tm.Actor': 'actor', process: 'process', 'tm.Process': 'process', store: 'store', 'tm.Store': 'store' };
const FLOW_PROTOCOLS = new Set(['http', 'https', 'tls', 'grpc', 'grpcs', 'amqp', 'amqps', 'mqtt', 'kafka', 'sql', 'tcp', 'udp', 'ssh', 'git', 'oci', 'ldap', 'ldaps', 'smb']);
/** Boolean flags with no Warden attribute: kept as `td:<flag>` tags when set. */
const FLAG_TAGS = ['providesAuthentication', 'handlesCardPayment', 'handlesGoodsOrServices', 'isALog', 'isSigned', 'storesCredentials', 'storesInventory', 'isPublicNetwork'];

interface Cell {
  raw: Record<string, unknown>;
  path: PathSeg[];
  diagram: number;
}

interface Box {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
  diagram: number;
}

interface Ctx {
  w: WardenWriter;
  warn: Warnings;
  options: ImportOptions;
  owner?: string;
  /** Cell id -> [Warden name, base]. */
  cells: Map<string, [string, Base | 'flow']>;
  /** Warden ids of an exported model (elements, data) -> names, for reference attributes. */
  refs: Map<string, string>;
  rules: RuleSet;
  decisions: { target: string; threat: Record<string, unknown>; path: PathSeg[] }[];
}

export function importThreatDragon(text: string, options: ImportOptions): ImportResult {
  const read = readStructured(options.file, text);
  if (!read.located) return { diagnostics: read.diagnostics };
  const root = read.located.value;
  const warn = new Warnings(options.file, read.located);
  const detail = isObj(root) && isObj(root.detail) ? root.detail : undefined;
  if (!isObj(root) || !isObj(root.summary) || !detail || !Array.isArray(detail.diagrams)) {
    warn.error([], CODES.notThisFormat, `${options.file} is not a Threat Dragon v2 model: it has no summary and detail.diagrams`, 'warden import threat-dragon reads the JSON files Threat Dragon 2 saves');
    return { diagnostics: warn.list };
  }
  if (typeof root.version === 'string' && !root.version.startsWith('2')) warn.warn(['version'], CODES.approximated, `version ${root.version}: read as a version 2 model`, 'open and save the model in Threat Dragon 2 first');
  const w = new WardenWriter(`Imported from the Threat Dragon model ${options.file} by \`warden import threat-dragon\`.`);
  const ctx: Ctx = { w, warn, options, cells: new Map(), refs: new Map(), rules: new RuleSet(), decisions: [] };
  header(root.summary, detail, ctx);
  w.use('warden/kinds/technologies');
  dataAssets(root.wardenData, ctx);
  const cells: Cell[] = [];
  (detail.diagrams as unknown[]).forEach((d, i) => {
    if (!isObj(d)) return;
    if (i > 0) warn.warn(['detail', 'diagrams', i], CODES.approximated, `diagram "${str(d.title) ?? i}" merged into the one Warden model`, 'Warden draws views of one model (warden diagram --focus, boundary views)');
    arr(d.cells).forEach((c, j) => isObj(c) && cells.push({ raw: c, path: ['detail', 'diagrams', i, 'cells', j], diagram: i }));
    if (arr(d.cells).length) warn.warn(['detail', 'diagrams', i], CODES.dropped, `positions, sizes and styles of diagram "${str(d.title) ?? i}" dropped: Warden lays its diagrams out itself`);
  });
  const boxes = boundaries(cells, ctx);
  for (const c of cells) if (TYPE_BASE[shapeOf(c)]) nameElement(c, ctx);
  for (const c of cells) if (TYPE_BASE[shapeOf(c)]) element(c, boxes, ctx);
  for (const c of cells) if (shapeOf(c) === 'flow') flow(c, ctx);
  for (const c of cells) other(c, ctx);
  ctx.rules.emit(w);
  for (const d of ctx.decisions) decide(d, ctx);
  return finishImport(w, warn.list, options);
}

function shapeOf(c: Cell): string {
  const data = isObj(c.raw.data) ? c.raw.data : {};
  const type = str(data.type);
  if (type === 'tm.Actor') return 'actor';
  if (type === 'tm.Process') return 'process';
  if (type === 'tm.Store') return 'store';
  if (type === 'tm.Flow') return 'flow';
  if (type === 'tm.BoundaryBox') return 'trust-boundary-box';
  if (type === 'tm.Boundary') return 'trust-boundary-curve';
  return str(c.raw.shape) ?? '';
}

/** The Warden name a cell was exported from (`data.wardenId`), when it is one. */
function wardenId(c: Cell): string | undefined {
  const v = isObj(c.raw.data) ? str(c.raw.data.wardenId) : undefined;
  return v && (IDENT.test(v) || v.includes('->')) ? v : undefined;
}

const nameOf = (c: Cell): string => {
  const data = isObj(c.raw.data) ? c.raw.data : {};
  const attrs = isObj(c.raw.attrs) ? c.raw.attrs : {};
  const label = isObj(attrs.label) ? str(attrs.label.text) : isObj(attrs.text) ? str(attrs.text.text) : undefined;
  return (str(data.name) ?? label ?? '').replace(/\s+/g, ' ').trim();
};

function header(summary: Record<string, unknown>, detail: Record<string, unknown>, ctx: Ctx): void {
  ctx.owner = str(summary.owner) || undefined;
  const contributors = arr(detail.contributors).map((c) => (isObj(c) ? str(c.name) : undefined)).filter((x): x is string => !!x);
  if (contributors.length) ctx.warn.warn(['detail', 'contributors'], CODES.dropped, `contributors dropped (${contributors.join(', ')}): a Warden model has one owner`);
  if (str(detail.reviewer)) ctx.warn.warn(['detail', 'reviewer'], CODES.dropped, `reviewer "${str(detail.reviewer)}" dropped: a Warden model records the review date (reviewed), not the reviewer`);
  ctx.w.model(str(summary.title) || 'Imported Threat Dragon model', [
    ['owner', ctx.owner ? s(ctx.owner) : undefined],
    ['description', str(summary.description) ? s(str(summary.description)!) : undefined],
  ]);
}

const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'];

/** Data assets of a Warden export (`wardenData`, a field Threat Dragon ignores): Threat Dragon has none of its own. */
function dataAssets(list: unknown, ctx: Ctx): void {
  arr(list).forEach((d, i) => {
    if (!isObj(d) || !str(d.id)) return;
    const name = ctx.w.names.name('data', str(d.id)!, 'Data', str(d.title) ?? str(d.id)!);
    ctx.refs.set(str(d.id)!, name);
    const a = isObj(d.attributes) ? d.attributes : {};
    const cls = str(d.classification);
    const attrs: WAttrs = [['classification', id(cls && CLASSIFICATIONS.includes(cls) ? cls : 'internal')]];
    for (const k of Object.keys(a).sort()) {
      const v = a[k];
      if (['description', 'owner', 'retention'].includes(k) && typeof v === 'string') attrs.push([k, s(v)]);
      else if (k === 'pii' && typeof v === 'boolean') attrs.push([k, b(v)]);
      else if ((k === 'regulation' || k === 'tags') && Array.isArray(v)) attrs.push([k, strs(strList(v))]);
      else if (k !== 'classification') ctx.warn.warn(['wardenData', i, 'attributes', k], CODES.dropped, `data attribute ${k} dropped`);
    }
    ctx.w.dataAsset(name, str(d.title), attrs);
  });
}

function rect(c: Cell): { x: number; y: number; w: number; h: number } | undefined {
  const p = isObj(c.raw.position) ? c.raw.position : {};
  const z = isObj(c.raw.size) ? c.raw.size : { width: c.raw.width, height: c.raw.height };
  const [x, y, w, h] = [p.x, p.y, z.width, z.height].map(Number);
  return [x, y, w, h].every(Number.isFinite) ? { x, y, w, h } : undefined;
}

/** Writes the boundary boxes (nested by geometry); returns them, smallest first. */
function boundaries(cells: Cell[], ctx: Ctx): Box[] {
  const boxes: (Box & { cell: Cell })[] = [];
  for (const c of cells) {
    if (shapeOf(c) !== 'trust-boundary-box') continue;
    const r = rect(c);
    if (!r) {
      ctx.warn.warn(c.path, CODES.dropped, 'trust boundary box dropped: it has no position and size');
      continue;
    }
    const name = ctx.w.names.name('boundary', wardenId(c) ?? String(c.raw.id), 'Boundary', nameOf(c) || 'Boundary');
    boxes.push({ name, ...r, diagram: c.diagram, cell: c });
  }
  const inCellOrder = [...boxes];
  boxes.sort((a, b) => a.w * a.h - b.w * b.h);
  for (const box of inCellOrder) {
    const parent = boxes.find((o) => o !== box && o.diagram === box.diagram && o.w * o.h > box.w * box.h && inside(box.x + box.w / 2, box.y + box.h / 2, o));
    const data = isObj(box.cell.raw.data) ? box.cell.raw.data : {};
    const trust = str(data.trust);
    ctx.w.boundary(box.name, nameOf(box.cell) || undefined, parent?.name, [
      ['trust', trust && ['untrusted', 'low', 'medium', 'high', 'system'].includes(trust) ? id(trust) : parent ? undefined : id('high')],
      ['description', str(data.description) ? s(str(data.description)!) : undefined],
    ]);
  }
  return boxes;
}

const inside = (x: number, y: number, b: { x: number; y: number; w: number; h: number }) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;

function nameElement(c: Cell, ctx: Ctx): void {
  const base = TYPE_BASE[shapeOf(c)];
  const name = ctx.w.names.name('element', wardenId(c) ?? String(c.raw.id), 'Element', nameOf(c) || base);
  ctx.cells.set(String(c.raw.id), [name, base]);
  if (wardenId(c)) ctx.refs.set(wardenId(c)!, name);
}

function element(c: Cell, boxes: Box[], ctx: Ctx): void {
  const data = isObj(c.raw.data) ? c.raw.data : {};
  const [name, base] = ctx.cells.get(String(c.raw.id))! as [string, Base];
  const r = rect(c);
  const box = r ? boxes.find((bx) => bx.diagram === c.diagram && inside(r.x + r.w / 2, r.y + r.h / 2, bx)) : undefined;
  // A Warden export names the element's kind (`wardenKind`): kept when the library has it with the same base.
  const exported = str(data.wardenKind);
  const kind =
    exported && baseOf(exported) === base
      ? exported
      : base === 'actor'
        ? 'entity'
        : base === 'store'
          ? 'datastore'
          : data.isWebApplication === true
            ? 'webApplication'
            : 'component';
  if (exported && kind !== exported) ctx.warn.warn([...c.path, 'data', 'wardenKind'], CODES.approximated, `kind ${exported} is not a library kind of this shape: written as ${kind}`);
  const tags = [...carriedTags(data), ...FLAG_TAGS.filter((f) => data[f] === true).map((f) => `td:${f}`)];
  if (str(data.privilegeLevel)) tags.push(`td:privilegeLevel=${str(data.privilegeLevel)}`);
  const fits = (attr: string, v: WValue | undefined): [string, WValue | undefined] => {
    if (v !== undefined && !accepts(kind, attr)) {
      ctx.warn.warn(c.path, CODES.dropped, `${attr} dropped: kind ${kind} has no such attribute`);
      return [attr, undefined];
    }
    return [attr, v];
  };
  const attrs: WAttrs = [
    ['description', str(data.description) ? s(str(data.description)!) : undefined],
    fits('outOfScope', data.outOfScope === true ? b(true) : undefined),
    fits('outOfScopeReason', data.outOfScope === true && str(data.reasonOutOfScope) ? s(str(data.reasonOutOfScope)!) : undefined),
    ['encryptedAtRest', base === 'store' && typeof data.isEncrypted === 'boolean' ? b(data.isEncrypted) : undefined],
    ...kindAttributes(kind, data.wardenAttributes, [...c.path, 'data', 'wardenAttributes'], ctx.warn, CARRIED_SKIP, (r) => ctx.refs.get(r)),
    ['controls', controlsIn(data.wardenControls, [...c.path, 'data', 'wardenControls'], ctx.warn)],
    ['tags', strs(tags)],
  ];
  ctx.w.element(kind, name, nameOf(c) || undefined, box?.name, attrs);
  threats(c, name, base, ctx);
}

function flow(c: Cell, ctx: Ctx): void {
  const data = isObj(c.raw.data) ? c.raw.data : {};
  const end = (k: 'source' | 'target') => (isObj(c.raw[k]) ? ctx.cells.get(str((c.raw[k] as Record<string, unknown>).cell) ?? '') : undefined);
  const from = end('source');
  const to = end('target');
  if (!from || !to) {
    return ctx.warn.warn(c.path, CODES.danglingRef, `data flow "${nameOf(c) || String(c.raw.id)}" dropped: its ${!from ? 'source' : 'target'} is not attached to an actor, process or store`, 'attach both ends in Threat Dragon');
  }
  const title = nameOf(c) || undefined;
  const unnamed = unnamedFlowId(wardenId(c), from[0], to[0]);
  const name = unnamed ?? ctx.w.names.name('flow', wardenId(c) ?? String(c.raw.id), 'Flow', title || `${from[0]}To${to[0]}`);
  const proto = (str(data.protocol) ?? '').trim();
  const tags = [...carriedTags(data), ...FLAG_TAGS.filter((f) => data[f] === true).map((f) => `td:${f}`)];
  if (data.outOfScope === true) tags.push('td:outOfScope');
  if (data.outOfScope === true && str(data.reasonOutOfScope)) ctx.warn.warn(c.path, CODES.dropped, 'reasonOutOfScope of a data flow dropped: Warden flows have no out-of-scope reason');
  if (proto && !FLOW_PROTOCOLS.has(proto.toLowerCase())) tags.push(`td:protocol=${proto}`);
  const attrs: WAttrs = [
    ['description', str(data.description) ? s(str(data.description)!) : undefined],
    ['protocol', proto ? id(FLOW_PROTOCOLS.has(proto.toLowerCase()) ? proto.toLowerCase() : 'other') : undefined],
    ['encrypted', typeof data.isEncrypted === 'boolean' ? b(data.isEncrypted) : undefined],
    ...kindAttributes('flow', data.wardenAttributes, [...c.path, 'data', 'wardenAttributes'], ctx.warn, CARRIED_SKIP, (r) => ctx.refs.get(r)),
    ['controls', controlsIn(data.wardenControls, [...c.path, 'data', 'wardenControls'], ctx.warn)],
    ['tags', strs(tags)],
  ];
  ctx.w.flow(unnamed ? undefined : name, from[0], to[0], title, attrs);
  threats(c, name, 'flow', ctx);
  if (data.isBidirectional === true) {
    ctx.warn.warn(c.path, CODES.approximated, `bidirectional data flow "${title ?? name}": written as two flows (Warden flows go one way)`);
    const back = ctx.w.names.name('flow', `${String(c.raw.id)}\0back`, 'Flow', `${title || name} back`);
    ctx.w.flow(back, to[0], from[0], `${title ?? name} (back)`, attrs);
  }
}

/** Attributes of `wardenAttributes` mapped from Threat Dragon's own fields instead (tags: merged below). */
const CARRIED_SKIP = new Set(['description', 'outOfScope', 'outOfScopeReason', 'encryptedAtRest', 'protocol', 'encrypted', 'tags']);

/** The Warden tags of an exported cell (`wardenAttributes.tags`). */
function carriedTags(data: Record<string, unknown>): string[] {
  return isObj(data.wardenAttributes) ? strList(data.wardenAttributes.tags) : [];
}

function other(c: Cell, ctx: Ctx): void {
  const shape = shapeOf(c);
  if (shape === 'trust-boundary-curve') ctx.warn.warn(c.path, CODES.dropped, `trust boundary line "${nameOf(c)}" dropped: a line has no inside, so Warden cannot tell which elements it holds`, 'draw it as a trust boundary box around the elements');
  else if (shape === 'td-text-block' || shape === 'tm.Text') ctx.warn.warn(c.path, CODES.dropped, 'text block dropped: write it as a comment or a description in the model');
  else if (!TYPE_BASE[shape] && shape !== 'flow' && shape !== 'trust-boundary-box') ctx.warn.warn(c.path, CODES.dropped, `cell of shape "${shape}" dropped: not a Threat Dragon data-flow shape`);
}

const SEVERITY: Record<string, string> = { low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

function threats(c: Cell, target: string, base: Base | 'flow', ctx: Ctx): void {
  const data = isObj(c.raw.data) ? c.raw.data : {};
  arr(data.threats).forEach((t, j) => {
    const path = [...c.path, 'data', 'threats', j];
    if (!isObj(t)) return;
    const tid = str(t.threatId) ?? '';
    if (t.wardenOrigin === 'warden' && /^TH-[0-9a-f]{8}$/.test(tid)) {
      ctx.decisions.push({ target: tid, threat: t, path });
      return;
    }
    const title = str(t.title) || 'Threat';
    let category = strideFrom(t.type);
    if (!category) {
      category = BASELINE[base][0] as StrideCategory;
      ctx.warn.warn([...path, 'type'], CODES.approximated, `threat type "${str(t.type) ?? ''}" is not a STRIDE category: written as ${category}`);
    }
    const sevText = (str(t.severity) ?? '').toLowerCase();
    const severity = SEVERITY[sevText];
    if (!severity) ctx.warn.warn([...path, 'severity'], CODES.approximated, `severity "${str(t.severity) ?? ''}" written as medium`);
    if (str(t.score)) ctx.warn.warn([...path, 'score'], CODES.dropped, `score "${str(t.score)}" dropped: Warden derives severity from likelihood and impact`);
    // A decision's own prefix (`transferred: `, `Avoided: `, written by this import and exported
    // as the mitigation text) is not part of the proposed mitigation.
    const mitigation = (str(t.mitigation) ?? '').replace(/^(transferred|avoided|eliminated): /i, '');
    const key = str(t.ruleId) ?? `${title}\0${category}\0${str(t.description) ?? ''}`;
    const rule = ctx.rules.add(
      key,
      str(t.ruleId) ?? title,
      base,
      { category, title, statement: str(t.description) || title, severity: severity ?? 'medium', cwe: [], ...(mitigation ? { description: `Mitigation: ${mitigation}` } : {}) },
      target,
      (n) => library().rules.has(n),
    );
    ctx.decisions.push({ target: decisionTarget(target, category, rule), threat: t, path });
  });
}

function decide(d: Ctx['decisions'][number], ctx: Ctx): void {
  const missing = (tid: string) => ctx.warn.warn(d.path, CODES.decisionDropped, `decision on ${tid} dropped: the imported model no longer gives rise to that threat`, 'its Warden rule needs a kind or an attribute this format does not carry');
  const status = (str(d.threat.status) ?? 'Open').toLowerCase().replace(/[^a-z]/g, '');
  const text = str(d.threat.mitigation) ?? '';
  switch (status) {
    case 'open':
    case '':
      return;
    case 'mitigated':
      return ctx.w.decision({ kind: 'mitigate', target: d.target, text: text || 'mitigated (recorded in Threat Dragon)' }, missing);
    case 'eliminated':
    case 'avoided':
      ctx.warn.warn([...d.path, 'status'], CODES.approximated, `status ${str(d.threat.status)} written as mitigated`);
      return ctx.w.decision({ kind: 'mitigate', target: d.target, text: `${str(d.threat.status)}: ${text || 'recorded in Threat Dragon'}` }, missing);
    case 'notapplicable':
    case 'na':
      return ctx.w.decision({ kind: 'notApplicable', target: d.target, reason: text || 'not applicable (recorded in Threat Dragon)' }, missing);
    case 'accepted':
    case 'transferred': {
      const own = str(d.threat.acceptedBy);
      const given = str(d.threat.acceptedUntil);
      const until = given && /^\d{4}-\d{2}-\d{2}$/.test(given) ? given : acceptUntil(ctx.options);
      if (!given) ctx.warn.warn([...d.path, 'status'], CODES.filledIn, `${status} threat has no expiry in Threat Dragon: written as accepted until ${until}`, 'pass --accept-until to choose the date');
      const reason = status === 'transferred' ? `transferred: ${text || 'recorded in Threat Dragon'}` : text || 'accepted (recorded in Threat Dragon)';
      return ctx.w.decision({ kind: 'accept', target: d.target, owner: own ?? ctx.owner ?? 'unknown', until, reason }, missing);
    }
    default:
      ctx.warn.warn([...d.path, 'status'], CODES.decisionDropped, `unknown status "${str(d.threat.status)}": no decision written`);
  }
}
