// `warden import threagile`: a Threagile model (YAML, support/schema.json) to a .warden model.
// Technical assets become elements of the kinds in models/warden/kinds/technologies.warden,
// communication links named flows, trust boundaries boundaries, data assets data; values with no
// exact Warden counterpart keep their Threagile value in a `threagile:<field>=<value>` tag (the
// export reads it back). Individual risk categories and tracked risks become custom threat rules
// with mitigate/accept/notApplicable decisions. Everything else is reported (docs/interop.md).
import type { StrideCategory } from '../model/types.js';
import { acceptUntil, arr, CODES, ISO_DATE, isObj, splitTags, str, strList, todayUtc, Warnings, type ImportOptions, type ImportResult } from './common.js';
import { readStructured, type PathSeg } from './located.js';
import { finishImport } from './finish.js';
import { library } from './library.js';
import { decisionTarget, RuleSet } from './rules.js';
import {
  AUTHN,
  AUTHN_BACK,
  AUTHZ,
  AUTHZ_BACK,
  camel,
  CLASSIFICATION,
  CLASSIFICATION_BACK,
  ENCRYPTION,
  FAMILY,
  KIND_BASE,
  PROTOCOL,
  protocolBack,
  RISK_CATEGORY_STRIDE,
  SEVERITY,
  TECHNOLOGY_KIND,
} from './threagile-maps.js';
import { baseTechnology } from './technology-maps.js';
import { b, id, IDENT, ids, s, strs, unnamedFlowId, WardenWriter, type WAttrs } from './writer.js';

type Base = 'actor' | 'process' | 'store';
const TYPE_BASE: Record<string, Base> = { 'external-entity': 'actor', process: 'process', datastore: 'store' };

/** What the import knows about each technical asset and link, for risks that name them. */
interface Ctx {
  w: WardenWriter;
  warn: Warnings;
  options: ImportOptions;
  owner?: string;
  /** Threagile asset id -> [Warden name, base]. */
  assets: Map<string, [string, Base]>;
  /** Threagile link id (`source>slug`) -> flow name. */
  links: Map<string, string>;
  data: Map<string, string>;
}

const fields = (list: string) => new Set(list.split(' '));
const DATA_FIELDS = fields('availability confidentiality description id integrity justification_cia_rating origin owner quantity tags usage');
const ASSET_FIELDS = fields(
  'availability communication_links confidentiality custom_developed_parts data_assets_processed data_assets_stored data_formats_accepted description diagram_tweak_order encryption id integrity internet justification_cia_rating justification_out_of_scope machine multi_tenant out_of_scope owner redundant size tags technologies technology type usage used_as_client_by_human',
);
const LINK_FIELDS = fields('authentication authorization data_assets_received data_assets_sent description diagram_tweak_constraint diagram_tweak_weight ip_filtered protocol readonly tags target usage vpn');
const BOUNDARY_FIELDS = fields('description id tags technical_assets_inside trust_boundaries_nested type');
/** Fields of an individual risk category (and of its risks) that a Warden threat rule has no place for. */
const CATEGORY_UNMAPPED = ['check', 'function', 'detection_logic', 'risk_assessment', 'false_positives'];
const RISK_UNMAPPED = ['exploitation_likelihood', 'exploitation_impact', 'data_breach_probability', 'data_breach_technical_assets', 'most_relevant_data_asset', 'most_relevant_trust_boundary', 'most_relevant_shared_runtime'];

const TOP_HANDLED = new Set([
  'threagile_version', 'title', 'date', 'author', 'business_criticality', 'application_description', 'tags_available', 'data_assets',
  'technical_assets', 'trust_boundaries', 'shared_runtimes', 'individual_risk_categories', 'risk_tracking',
]);

export function importThreagile(text: string, options: ImportOptions): ImportResult {
  const read = readStructured(options.file, text);
  if (!read.located) return { diagnostics: read.diagnostics };
  const root = read.located.value;
  const warn = new Warnings(options.file, read.located);
  if (!isObj(root) || (!isObj(root.technical_assets) && !isObj(root.data_assets))) {
    warn.error([], CODES.notThisFormat, `${options.file} is not a Threagile model: it has no technical_assets or data_assets`, 'warden import threagile reads the YAML models Threagile reads');
    return { diagnostics: warn.list };
  }
  const w = new WardenWriter(`Imported from the Threagile model ${options.file} by \`warden import threagile\`.`);
  const ctx: Ctx = { w, warn, options, assets: new Map(), links: new Map(), data: new Map() };
  modelHeader(root, ctx);
  w.use('warden/kinds/technologies');
  for (const [key, da] of Object.entries(isObj(root.data_assets) ? root.data_assets : {})) dataAsset(key, da, ctx);
  const parents = boundaries(root, ctx);
  const runtimes = sharedRuntimes(root, ctx);
  const tas = Object.entries(isObj(root.technical_assets) ? root.technical_assets : {});
  for (const [key, ta] of tas) {
    const tid = (isObj(ta) && str(ta.id)) || key;
    const base = (isObj(ta) && TYPE_BASE[str(ta.type) ?? '']) || 'process';
    ctx.assets.set(tid, [w.names.name('asset', tid, 'Asset'), base]);
  }
  for (const [key, ta] of tas) technicalAsset(key, ta, parents, runtimes, ctx);
  for (const [key, ta] of tas) if (isObj(ta)) links(key, ta, ctx);
  risks(root, ctx);
  for (const k of Object.keys(root)) {
    if (TOP_HANDLED.has(k) || k.startsWith('diagram_tweak_')) {
      if (k.startsWith('diagram_tweak_')) warn.warn([k], CODES.dropped, `${k} dropped: Warden lays diagrams out itself`);
      continue;
    }
    if (root[k] === null || (Array.isArray(root[k]) && (root[k] as unknown[]).length === 0) || (isObj(root[k]) && Object.keys(root[k] as object).length === 0)) continue;
    warn.warn([k], CODES.dropped, `${k} dropped: Warden models have no place for it`, 'keep it in a document next to the model');
  }
  return finishImport(w, warn.list, options);
}

function modelHeader(root: Record<string, unknown>, ctx: Ctx): void {
  const author = isObj(root.author) ? root.author : {};
  ctx.owner = str(author.name) || undefined;
  const date = str(root.date);
  const desc = isObj(root.application_description) ? str(root.application_description.description) : undefined;
  if (isObj(root.application_description) && arr(root.application_description.images).length) ctx.warn.warn(['application_description', 'images'], CODES.dropped, 'images dropped: a Warden model holds no images');
  if (str(author.homepage)) ctx.warn.warn(['author', 'homepage'], CODES.dropped, "author.homepage dropped: a Warden model has an owner and a contact, no homepage");
  if (date && !ISO_DATE.test(date)) ctx.warn.warn(['date'], CODES.dropped, `date "${date}" dropped: not a yyyy-mm-dd date`);
  const tags = [] as string[];
  if (str(root.business_criticality)) tags.push(`threagile:business_criticality=${str(root.business_criticality)}`);
  const attrs: WAttrs = [
    ['owner', ctx.owner ? s(ctx.owner) : undefined],
    ['contact', str(author.contact) ? s(str(author.contact)!) : undefined],
    ['description', desc ? s(desc) : undefined],
    ['reviewed', date && ISO_DATE.test(date) ? { date } : undefined],
    ['tags', strs(tags)],
  ];
  ctx.w.model(str(root.title) || 'Imported Threagile model', attrs);
}

function dataAsset(key: string, da: unknown, ctx: Ctx): void {
  const path = ['data_assets', key];
  if (!isObj(da)) return ctx.warn.warn(path, CODES.dropped, `data asset "${key}" dropped: not a mapping`);
  const did = str(da.id) || key;
  const name = ctx.w.names.name('data', did, 'Data');
  ctx.data.set(did, name);
  const conf = str(da.confidentiality) ?? 'internal';
  const cls = CLASSIFICATION[conf];
  if (!cls) ctx.warn.warn([...path, 'confidentiality'], CODES.approximated, `unknown confidentiality "${conf}": classification internal`);
  const tags = strList(da.tags);
  if (cls && CLASSIFICATION_BACK[cls] !== conf) tags.push(`threagile:confidentiality=${conf}`);
  for (const f of ['integrity', 'availability', 'quantity', 'usage', 'origin']) {
    const v = str(da[f]);
    if (v && !(f === 'usage' && v === 'business')) tags.push(`threagile:${f}=${v}`);
  }
  ctx.warn.unknownKeys(da, DATA_FIELDS, path, 'a Threagile data asset');
  if (str(da.justification_cia_rating)) ctx.warn.warn([...path, 'justification_cia_rating'], CODES.dropped, 'justification_cia_rating dropped: Warden data assets have no rating justification');
  ctx.w.dataAsset(name, key, [
    ['classification', id(cls ?? 'internal')],
    ['description', str(da.description) ? s(str(da.description)!) : undefined],
    ['owner', str(da.owner) ? s(str(da.owner)!) : undefined],
    ['tags', strs(tags)],
  ]);
}

/** Writes the boundaries; returns the boundary of each technical asset id. */
function boundaries(root: Record<string, unknown>, ctx: Ctx): Map<string, string> {
  const tbs = Object.entries(isObj(root.trust_boundaries) ? root.trust_boundaries : {});
  const names = new Map<string, string>();
  const parentOf = new Map<string, string>();
  const assetIn = new Map<string, string>();
  for (const [key, tb] of tbs) names.set((isObj(tb) && str(tb.id)) || key, ctx.w.names.name('boundary', (isObj(tb) && str(tb.id)) || key, 'Boundary'));
  for (const [key, tb] of tbs) {
    if (!isObj(tb)) continue;
    const own = names.get(str(tb.id) || key)!;
    arr(tb.trust_boundaries_nested).forEach((n, i) => {
      const child = names.get(String(n));
      if (!child) ctx.warn.warn(['trust_boundaries', key, 'trust_boundaries_nested', i], CODES.danglingRef, `nested trust boundary "${String(n)}" is not defined: dropped`);
      else if (parentOf.has(child)) ctx.warn.warn(['trust_boundaries', key, 'trust_boundaries_nested', i], CODES.dropped, `trust boundary "${String(n)}" is already nested in another boundary: a Warden boundary has one parent`);
      else parentOf.set(child, own);
    });
    arr(tb.technical_assets_inside).forEach((a, i) => {
      if (assetIn.has(String(a))) ctx.warn.warn(['trust_boundaries', key, 'technical_assets_inside', i], CODES.dropped, `technical asset "${String(a)}" is already inside another boundary: a Warden element sits in one boundary`);
      else assetIn.set(String(a), own);
    });
  }
  for (const [key, tb] of tbs) {
    if (!isObj(tb)) {
      ctx.warn.warn(['trust_boundaries', key], CODES.dropped, `trust boundary "${key}" dropped: not a mapping`);
      continue;
    }
    const name = names.get(str(tb.id) || key)!;
    ctx.warn.unknownKeys(tb, BOUNDARY_FIELDS, ['trust_boundaries', key], 'a Threagile trust boundary');
    const { plain, carried } = splitTags(strList(tb.tags), 'warden:');
    const trust = carried.get('trust')?.[0] ?? (parentOf.has(name) ? undefined : 'high');
    ctx.w.boundary(name, key, parentOf.get(name), [
      ['trust', trust ? id(trust) : undefined],
      ['description', str(tb.description) ? s(str(tb.description)!) : undefined],
      ['network', str(tb.type) ? s(str(tb.type)!) : undefined],
      ['tags', strs(plain)],
    ]);
  }
  const out = new Map<string, string>();
  for (const [a, bnd] of assetIn) out.set(a, bnd);
  return out;
}

/** Shared runtimes: kept as a `threagile:runtime=<id>` tag on each asset running on it. */
function sharedRuntimes(root: Record<string, unknown>, ctx: Ctx): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, sr] of Object.entries(isObj(root.shared_runtimes) ? root.shared_runtimes : {})) {
    if (!isObj(sr)) continue;
    const rid = str(sr.id) || key;
    if ((str(sr.description) && sr.description !== key) || strList(sr.tags).length) {
      ctx.warn.warn(['shared_runtimes', key], CODES.approximated, `shared runtime "${key}" is kept only as a tag threagile:runtime=${rid} on its assets: its description and tags are dropped`);
    }
    for (const a of arr(sr.technical_assets_running)) out.set(String(a), [...(out.get(String(a)) ?? []), rid]);
  }
  return out;
}

/** `technology` (process) or `storeType` (store) from a Threagile technology that maps onto one of their values. */
function baseTechnologyAttr(tech: string | undefined, base: string): WAttrs {
  const mapped = tech ? baseTechnology(tech, base) : undefined;
  return mapped ? [[mapped[0], id(mapped[1])]] : [];
}

function technicalAsset(key: string, ta: unknown, parents: Map<string, string>, runtimes: Map<string, string[]>, ctx: Ctx): void {
  const path: PathSeg[] = ['technical_assets', key];
  if (!isObj(ta)) return ctx.warn.warn(path, CODES.dropped, `technical asset "${key}" dropped: not a mapping`);
  const tid = str(ta.id) || key;
  const [name, base] = ctx.assets.get(tid)!;
  if (!TYPE_BASE[str(ta.type) ?? '']) ctx.warn.warn([...path, 'type'], CODES.approximated, `type "${str(ta.type) ?? ''}" is not external-entity, process or datastore: imported as a process`);
  const techs = [str(ta.technology), ...strList(ta.technologies)].filter((t): t is string => !!t);
  const tech = techs[0];
  const kindForTech = tech ? TECHNOLOGY_KIND[tech] : undefined;
  const kind = kindForTech && KIND_BASE[kindForTech] === base ? kindForTech : FAMILY[base];
  const tags = [...strList(ta.tags), ...techs.slice(1).map((t) => `threagile:technology=${t}`), ...(runtimes.get(tid) ?? []).map((r) => `threagile:runtime=${r}`)];
  const bool = (f: string): boolean | undefined => (typeof ta[f] === 'boolean' ? (ta[f] as boolean) : undefined);
  const enumAttr = (f: string, map?: Record<string, string>) => {
    const v = str(ta[f]);
    if (!v) return undefined;
    const m = map ? map[v] : camel(v);
    if (!m) ctx.warn.warn([...path, f], CODES.dropped, `unknown ${f} "${v}" dropped`);
    return m ? id(m) : undefined;
  };
  const dataRefs = (f: string) => ids(refs(ta[f], [...path, f], ctx.data, 'data asset', ctx));
  const internet = bool('internet');
  const encryption = enumAttr('encryption', ENCRYPTION);
  ctx.warn.unknownKeys(ta, ASSET_FIELDS, path, 'a Threagile technical asset');
  if (typeof ta.diagram_tweak_order === 'number') ctx.warn.warn([...path, 'diagram_tweak_order'], CODES.dropped, 'diagram_tweak_order dropped: Warden lays diagrams out itself');
  if (str(ta.justification_cia_rating)) ctx.warn.warn([...path, 'justification_cia_rating'], CODES.dropped, 'justification_cia_rating dropped: Warden elements have no rating justification');
  const attrs: WAttrs = [
    ['description', str(ta.description) ? s(str(ta.description)!) : undefined],
    ['owner', str(ta.owner) ? s(str(ta.owner)!) : undefined],
    ['product', tech ? s(tech) : undefined],
    ...baseTechnologyAttr(tech, base),
    ['size', enumAttr('size')],
    ['machine', enumAttr('machine')],
    ['encryption', encryption],
    ...(base === 'actor' ? [['internet', internet === undefined ? undefined : b(internet)] as [string, ReturnType<typeof b>]] : [['exposure', internet ? id('internet') : undefined] as [string, ReturnType<typeof id> | undefined]]),
    ...(base === 'store' && encryption ? [['encryptedAtRest', b((encryption as { id: string }).id !== 'none')] as [string, ReturnType<typeof b>]] : []),
    ['usage', enumAttr('usage')],
    ['human', bool('used_as_client_by_human') === undefined ? undefined : b(bool('used_as_client_by_human')!)],
    ['confidentiality', enumAttr('confidentiality')],
    ['integrity', enumAttr('integrity')],
    ['availability', enumAttr('availability')],
    ['multiTenant', bool('multi_tenant') === undefined ? undefined : b(bool('multi_tenant')!)],
    ['redundant', bool('redundant') === undefined ? undefined : b(bool('redundant')!)],
    ['customDeveloped', bool('custom_developed_parts') === undefined ? undefined : b(bool('custom_developed_parts')!)],
    ['outOfScope', bool('out_of_scope') ? b(true) : undefined],
    ['outOfScopeReason', str(ta.justification_out_of_scope) ? s(str(ta.justification_out_of_scope)!) : undefined],
    ['handles', dataRefs('data_assets_processed')],
    ['stores', dataRefs('data_assets_stored')],
    ['dataFormats', strs(dataFormats(ta.data_formats_accepted, [...path, 'data_formats_accepted'], ctx))],
    ['tags', strs(tags)],
  ];
  ctx.w.element(kind, name, key, parents.get(tid), attrs);
}

const DATA_FORMATS = new Set(['json', 'xml', 'serialization', 'file', 'csv', 'yaml']);

function dataFormats(v: unknown, path: PathSeg[], ctx: Ctx): string[] {
  const out: string[] = [];
  arr(v).forEach((f, i) => {
    if (typeof f === 'string' && DATA_FORMATS.has(f)) out.push(f);
    else ctx.warn.warn([...path, i], CODES.dropped, `data format ${JSON.stringify(f)} dropped: Threagile knows json, xml, serialization, file, csv, yaml`);
  });
  return out;
}

function refs(v: unknown, path: PathSeg[], table: Map<string, string>, what: string, ctx: Ctx): string[] {
  const out: string[] = [];
  arr(v).forEach((x, i) => {
    const n = table.get(String(x));
    if (!n) ctx.warn.warn([...path, i], CODES.danglingRef, `${what} "${String(x)}" is not defined: dropped`);
    else if (!out.includes(n)) out.push(n);
  });
  return out;
}

/** Threagile's id of a communication link: the source asset id, '>', the title in lower-case kebab. */
export function linkId(sourceId: string, title: string): string {
  return `${sourceId}>${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[- ]+|[- ]+$/g, '')}`;
}

function links(key: string, ta: Record<string, unknown>, ctx: Ctx): void {
  const sid = str(ta.id) || key;
  const from = ctx.assets.get(sid)![0];
  for (const [lkey, link] of Object.entries(isObj(ta.communication_links) ? ta.communication_links : {})) {
    const path: PathSeg[] = ['technical_assets', key, 'communication_links', lkey];
    if (!isObj(link)) {
      ctx.warn.warn(path, CODES.dropped, `communication link "${lkey}" dropped: not a mapping`);
      continue;
    }
    const to = ctx.assets.get(str(link.target) ?? '')?.[0];
    if (!to) {
      ctx.warn.warn([...path, 'target'], CODES.danglingRef, `communication link "${lkey}" dropped: its target "${str(link.target) ?? ''}" is not a technical asset`);
      continue;
    }
    // `warden:flow=<id>`: the flow's Warden id, written by the export when the title would not give it back.
    const { plain, carried } = splitTags(strList(link.tags), 'warden:');
    const given = carried.get('flow')?.[0];
    const unnamed = unnamedFlowId(given, from, to);
    const name = unnamed ?? ctx.w.names.name('link', given && IDENT.test(given) ? given : linkId(sid, lkey), 'Link', lkey);
    ctx.links.set(linkId(sid, lkey), name);
    ctx.w.flow(unnamed ? undefined : name, from, to, lkey, linkAttrs({ ...link, tags: plain }, path, ctx));
  }
}

function linkAttrs(link: Record<string, unknown>, path: PathSeg[], ctx: Ctx): WAttrs {
  ctx.warn.unknownKeys(link, LINK_FIELDS, path, 'a Threagile communication link');
  const tags = strList(link.tags);
  const proto = str(link.protocol) ?? 'unknown-protocol';
  const mapped = PROTOCOL[proto];
  if (!mapped) ctx.warn.warn([...path, 'protocol'], CODES.approximated, `unknown protocol "${proto}": written as protocol other`);
  const [protocol, encrypted] = mapped ?? ['other', false];
  if (mapped && protocolBack(protocol, encrypted) !== proto) tags.push(`threagile:protocol=${proto}`);
  const authn = str(link.authentication);
  if (authn && AUTHN[authn] && AUTHN_BACK[AUTHN[authn]] !== authn) tags.push(`threagile:authentication=${authn}`);
  if (authn && !AUTHN[authn]) ctx.warn.warn([...path, 'authentication'], CODES.dropped, `unknown authentication "${authn}" dropped`);
  const authz = str(link.authorization);
  if (authz && AUTHZ[authz] && AUTHZ_BACK[AUTHZ[authz]] !== authz) tags.push(`threagile:authorization=${authz}`);
  if (authz && !AUTHZ[authz]) ctx.warn.warn([...path, 'authorization'], CODES.dropped, `unknown authorization "${authz}" dropped`);
  for (const f of ['vpn', 'ip_filtered', 'readonly']) if (link[f] === true) tags.push(`threagile:${f}`);
  if (str(link.usage) === 'devops') tags.push('threagile:usage=devops');
  const sent = refs(link.data_assets_sent, [...path, 'data_assets_sent'], ctx.data, 'data asset', ctx);
  const received = refs(link.data_assets_received, [...path, 'data_assets_received'], ctx.data, 'data asset', ctx);
  const carries = [...sent, ...received.filter((r) => !sent.includes(r))];
  // Data received back: `received` when only received, `both` when sent as well (Warden flows carry data one way).
  for (const d of carries) if (received.includes(d)) tags.push(`threagile:${sent.includes(d) ? 'both' : 'received'}=${d}`);
  for (const f of ['diagram_tweak_weight', 'diagram_tweak_constraint']) if (link[f] !== undefined) ctx.warn.warn([...path, f], CODES.dropped, `${f} dropped: Warden lays diagrams out itself`);
  return [
    ['description', str(link.description) ? s(str(link.description)!) : undefined],
    ['protocol', id(protocol)],
    ['encrypted', b(encrypted)],
    ['authn', authn && AUTHN[authn] ? id(AUTHN[authn]) : undefined],
    ['authz', authz && AUTHZ[authz] ? id(AUTHZ[authz]) : undefined],
    ['carries', ids(carries)],
    ['tags', strs(tags)],
  ];
}

// ---------------------------------------------------------------------------------------------
// Risks: individual risk categories and risk tracking

/** Target of a Threagile risk id or individual risk: a technical asset or a communication link. */
function riskTarget(parts: string[], ctx: Ctx): [string, string] | undefined {
  for (const p of parts) {
    const l = ctx.links.get(p);
    if (l) return [l, 'flow'];
  }
  for (const p of parts) {
    const a = ctx.assets.get(p);
    if (a) return [a[0], a[1]];
  }
  return undefined;
}

function risks(root: Record<string, unknown>, ctx: Ctx): void {
  const rules = new RuleSet();
  const reserved = (n: string) => library().rules.has(n);
  /** Threagile synthetic risk id -> [rule name, target, category]. */
  const riskIds = new Map<string, [string, string, string]>();
  const wardenIds = new Map<string, string>();
  for (const [cid, cat] of Object.entries(isObj(root.individual_risk_categories) ? root.individual_risk_categories : {})) {
    if (isObj(cat)) individualCategory(cid, cat, rules, riskIds, wardenIds, ctx);
  }
  const tracking = Object.entries(isObj(root.risk_tracking) ? root.risk_tracking : {});
  for (const [rid, rt] of tracking) {
    if (!isObj(rt) || riskIds.has(rid) || wardenIds.has(rid) || rid.includes('*')) continue;
    const [catId, ...parts] = rid.split('@');
    const target = riskTarget(parts, ctx);
    const stride = RISK_CATEGORY_STRIDE[catId];
    if (!target || !stride) continue;
    const draft = { category: stride, title: `Threagile: ${catId}`, statement: `Threagile's rule ${catId} reports a risk here.`, severity: 'medium', cwe: [] };
    const name = rules.add(catId, catId, target[1], draft, target[0], reserved);
    riskIds.set(rid, [name, target[0], stride]);
  }
  rules.emit(ctx.w);
  for (const [rid, rt] of tracking) trackedRisk(rid, rt, riskIds, wardenIds, ctx);
}

const WARDEN_THREAT = /\((TH-[0-9a-f]{8})\)\s*$/;

function individualCategory(
  cid: string,
  cat: Record<string, unknown>,
  rules: RuleSet,
  riskIds: Map<string, [string, string, string]>,
  wardenIds: Map<string, string>,
  ctx: Ctx,
): void {
  const path = ['individual_risk_categories', cid];
  const catId = str(cat.id) || cid;
  // A category `warden export threagile` wrote: its extra fields say nothing the rule lacks.
  const fromWarden = (str(cat.detection_logic) ?? '').startsWith('Warden threat rule');
  const unmapped = CATEGORY_UNMAPPED.filter((f) => str(cat[f]));
  if (unmapped.length && !fromWarden) ctx.warn.warn(path, CODES.dropped, `${unmapped.join(', ')} of risk category "${cid}" dropped: a Warden threat rule has a statement, a description, a severity and CWEs`);
  const stride = (str(cat.stride) && (camel(str(cat.stride)!) as StrideCategory)) || 'tampering';
  for (const [title, risk] of Object.entries(isObj(cat.risks_identified) ? cat.risks_identified : {})) {
    if (!isObj(risk)) continue;
    const riskUnmapped = RISK_UNMAPPED.filter((f) => risk[f] !== undefined && risk[f] !== null && !(Array.isArray(risk[f]) && (risk[f] as unknown[]).length === 0));
    if (riskUnmapped.length && !fromWarden) ctx.warn.warn([...path, 'risks_identified', title], CODES.dropped, `${riskUnmapped.join(', ')} of risk "${title}" dropped: Warden rates a threat by the rule's severity`);
    const parts = ['most_relevant_technical_asset', 'most_relevant_communication_link'].map((f) => str(risk[f]) ?? '').filter(Boolean);
    const synthetic = [catId, ...['most_relevant_technical_asset', 'most_relevant_communication_link', 'most_relevant_trust_boundary', 'most_relevant_shared_runtime', 'most_relevant_data_asset'].map((f) => str(risk[f]) ?? '').filter(Boolean)].join('@');
    // A threat Warden itself derived (exported by `warden export threagile`): Warden derives it again.
    const wid = catId.startsWith('warden-') ? WARDEN_THREAT.exec(title)?.[1] : undefined;
    if (wid) {
      wardenIds.set(synthetic, wid);
      continue;
    }
    const target = riskTarget(parts, ctx);
    if (!target) {
      ctx.warn.warn([...path, 'risks_identified', title], CODES.decisionDropped, `risk "${title}" dropped: it names no technical asset or communication link of the model`, 'Warden threats are about an element or a flow');
      continue;
    }
    const sev = SEVERITY[str(risk.severity) ?? ''] ?? 'medium';
    const text = [str(cat.description), str(cat.impact) && `Impact: ${str(cat.impact)}`].filter(Boolean).join(' ');
    const description = [str(cat.mitigation) && `Mitigation: ${str(cat.mitigation)}`, str(cat.action) && `Action: ${str(cat.action)}`, str(cat.asvs) && `ASVS: ${str(cat.asvs)}`, str(cat.cheat_sheet) && `Cheat sheet: ${str(cat.cheat_sheet)}`]
      .filter(Boolean)
      .join('\n');
    const draft = {
      category: stride,
      // The export appends ` (<id>)` to a title two categories share: not part of the title.
      title: cid !== catId ? (cid.endsWith(` (${catId})`) ? cid.slice(0, -catId.length - 3) : cid) : title,
      statement: text || title,
      ...(description ? { description } : {}),
      severity: sev,
      cwe: typeof cat.cwe === 'number' && cat.cwe > 0 ? [cat.cwe] : [],
    };
    const ruleName = rules.add(catId, catId, target[1], draft, target[0], (n) => library().rules.has(n));
    riskIds.set(synthetic, [ruleName, target[0], stride]);
  }
}

function trackedRisk(rid: string, rt: unknown, riskIds: Map<string, [string, string, string]>, wardenIds: Map<string, string>, ctx: Ctx): void {
  const path = ['risk_tracking', rid];
  const missing = (tid: string) => ctx.warn.warn(path, CODES.decisionDropped, `decision on ${tid} dropped: the imported model no longer gives rise to that threat`, 'its Warden rule needs a kind or an attribute this format does not carry');
  if (!isObj(rt)) return;
  const status = str(rt.status) ?? 'unchecked';
  if (status === 'unchecked' || status === 'in-discussion' || status === 'in-progress') {
    if (!riskIds.has(rid) && !wardenIds.has(rid)) ctx.warn.warn(path, CODES.decisionDropped, `risk tracking "${rid}" (${status}) dropped: it names no element or flow of the model`);
    return;
  }
  if (rid.includes('*')) return ctx.warn.warn(path, CODES.decisionDropped, `risk tracking "${rid}" dropped: Warden decisions name one threat, not a pattern`, 'write one decision per threat');
  const wid = wardenIds.get(rid);
  const known = riskIds.get(rid);
  if (!wid && !known) return ctx.warn.warn(path, CODES.decisionDropped, `risk tracking "${rid}" dropped: it names no element or flow of the model, or a risk category Warden does not know`);
  const target = wid ?? decisionTarget(known![1], known![2], known![0]);
  const reason = [str(rt.justification), str(rt.ticket) && `ticket ${str(rt.ticket)}`].filter(Boolean).join('; ') || `marked ${status} in Threagile`;
  if (status === 'mitigated') return ctx.w.decision({ kind: 'mitigate', target, text: reason }, missing);
  if (status === 'false-positive') return ctx.w.decision({ kind: 'notApplicable', target, reason }, missing);
  if (status !== 'accepted') return ctx.warn.warn([...path, 'status'], CODES.decisionDropped, `unknown status "${status}": decision dropped`);
  const date = str(rt.date);
  const today = ctx.options.today ?? todayUtc();
  let until = acceptUntil(ctx.options);
  if (date && ISO_DATE.test(date) && date > today) until = date;
  else ctx.warn.warn(path, CODES.filledIn, `accepted risk "${rid}" has no expiry in Threagile: written with until ${until}`, 'Threagile records when a risk was checked, Warden when an acceptance expires; pass --accept-until to choose the date');
  const owner = str(rt.checked_by) || ctx.owner || 'unknown';
  ctx.w.decision({ kind: 'accept', target, owner, until, reason }, missing);
}
