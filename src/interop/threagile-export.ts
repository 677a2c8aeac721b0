// `warden export threagile`: a model and its threat register as a Threagile model (YAML that
// Threagile's support/schema.json accepts). Elements become technical assets, flows their
// communication links, boundaries trust boundaries, data data assets. Values Threagile requires
// and Warden does not state get Threagile's most neutral value; values a Threagile import kept in
// `threagile:` tags come back exactly. The threat register becomes individual risk categories (one
// per rule) with their risks, and the decided threats risk tracking (docs/interop.md).
import { stringify } from 'yaml';
import type { DataAsset, Element, Flow, ResolvedModel } from '../model/types.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { splitTags } from './common.js';
import { toIdent } from './writer.js';
import { ancestry, attrBool, attrList, attrStr, decisionText, ExportWarnings, hyphenId, isWardenRule, plain, type ExportResult } from './model-view.js';
import { linkId } from './threagile-import.js';
import { technologyBack } from './technology-maps.js';
import {
  AUTHN,
  AUTHN_BACK,
  AUTHZ,
  AUTHZ_BACK,
  CLASSIFICATION_BACK,
  ENCRYPTION,
  kebab,
  KIND_TECHNOLOGY,
  PROTOCOL,
  protocolBack,
  SEVERITY_BACK,
  TECHNOLOGIES,
  TRUST_BOUNDARY_TYPES,
} from './threagile-maps.js';

const DATA_FORMATS = new Set(['json', 'xml', 'serialization', 'file', 'csv', 'yaml']);
const SIZES = new Set(['system', 'service', 'application', 'component']);
const MACHINES = new Set(['physical', 'virtual', 'container', 'serverless']);
const CRITICALITY = new Set(['archive', 'operational', 'important', 'critical', 'mission-critical']);
const CONFIDENTIALITY = new Set(['public', 'internal', 'restricted', 'confidential', 'strictly-confidential']);
const ENCRYPTION_BACK = Object.fromEntries(Object.entries(ENCRYPTION).map(([k, v]) => [v, k]));

interface Ctx {
  model: ResolvedModel;
  warn: ExportWarnings;
  tags: Set<string>;
  /** Warden id -> Threagile id. */
  ids: Map<string, string>;
  /** Flow id -> Threagile communication link id. */
  links: Map<string, string>;
}

export function exportThreagile(model: ResolvedModel, register: ThreatRegister | undefined): ExportResult {
  const ctx: Ctx = { model, warn: new ExportWarnings(), tags: new Set(), ids: new Map(), links: new Map() };
  for (const x of [...model.data, ...model.elements, ...model.boundaries]) ctx.ids.set(x.id, hyphenId(x.id));
  const { plain: modelTags, carried } = splitTags(attrList(model.model, 'tags'), 'threagile:');
  if (modelTags.length) ctx.warn.warn(model.model.source, 'model tags dropped: a Threagile model has no tags of its own');
  const reviewed = plain(model.model.attributes.reviewed);
  const criticality = carried.get('business_criticality')?.[0];
  const out: Record<string, unknown> = {
    threagile_version: '1.0.0',
    title: model.model.name,
    ...(typeof reviewed === 'string' ? { date: reviewed } : {}),
    author: { name: attrStr(model.model, 'owner') ?? 'unknown', ...(attrStr(model.model, 'contact') ? { contact: attrStr(model.model, 'contact') } : {}) },
    business_criticality: criticality && CRITICALITY.has(criticality) ? criticality : 'important',
    ...(attrStr(model.model, 'description') ? { application_description: { description: attrStr(model.model, 'description') } } : {}),
    tags_available: [] as string[],
    data_assets: keyed(model.data.map((d) => [d.title, dataAsset(d, ctx)])),
    technical_assets: keyed(model.elements.map((e) => [e.title, technicalAsset(e, ctx)])),
    trust_boundaries: keyed(model.boundaries.map((b) => [b.title, trustBoundary(b.id, ctx)])),
    shared_runtimes: sharedRuntimes(ctx),
  };
  const { categories, tracking } = risks(register, ctx);
  if (Object.keys(categories).length) out.individual_risk_categories = categories;
  if (Object.keys(tracking).length) out.risk_tracking = tracking;
  out.tags_available = [...ctx.tags].sort();
  return { text: stringify(out, { lineWidth: 0, aliasDuplicateObjects: false }), diagnostics: ctx.warn.list };
}

/** A map keyed by title; a title met twice gets its id appended (Threagile keys must differ). */
function keyed(entries: [string, Record<string, unknown>][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [title, v] of entries) {
    let key = title;
    if (Object.hasOwn(out, key)) key = `${title} (${String(v.id)})`;
    out[key] = v;
  }
  return out;
}

function tagsOf(x: { attributes: Record<string, import('../model/types.js').AttrValue> }, ctx: Ctx): { tags: string[]; carried: Map<string, string[]> } {
  const { plain: tags, carried } = splitTags(attrList(x, 'tags'), 'threagile:');
  for (const t of tags) ctx.tags.add(t);
  return { tags, carried };
}

function dataAsset(d: DataAsset, ctx: Ctx): Record<string, unknown> {
  const { tags, carried } = tagsOf(d, ctx);
  const one = (k: string, allowed: Set<string>, dflt: string) => {
    const v = carried.get(k)?.[0];
    return v && allowed.has(v) ? v : dflt;
  };
  return {
    id: ctx.ids.get(d.id),
    description: attrStr(d, 'description') ?? d.title,
    usage: carried.get('usage')?.[0] === 'devops' ? 'devops' : 'business',
    tags,
    ...(carried.get('origin') ? { origin: carried.get('origin')![0] } : {}),
    ...(attrStr(d, 'owner') ? { owner: attrStr(d, 'owner') } : {}),
    quantity: one('quantity', new Set(['very-few', 'few', 'many', 'very-many']), 'many'),
    confidentiality: one('confidentiality', CONFIDENTIALITY, CLASSIFICATION_BACK[d.classification]),
    integrity: one('integrity', CRITICALITY, 'operational'),
    availability: one('availability', CRITICALITY, 'operational'),
  };
}

/** The verbatim product when it is a Threagile technology, else what the base attributes or the kind say. */
function technology(e: Element, ctx: Ctx): string {
  const product = attrStr(e, 'product');
  if (product && TECHNOLOGIES.includes(product)) return product;
  const fromBase = technologyBack(attrStr(e, 'technology'), attrStr(e, 'storeType'));
  let tech = fromBase;
  for (const k of ancestry(ctx.model, e.kind)) if (!tech && KIND_TECHNOLOGY[k]) tech = KIND_TECHNOLOGY[k];
  if (product) ctx.warn.warn(e.source, `product "${product}" of ${e.id} is not a Threagile technology: written as ${tech ?? 'unknown-technology'}`);
  return tech ?? 'unknown-technology';
}

function technicalAsset(e: Element, ctx: Ctx): Record<string, unknown> {
  const { tags, carried } = tagsOf(e, ctx);
  const tech = technology(e, ctx);
  const extra = (carried.get('technology') ?? []).filter((t) => TECHNOLOGIES.includes(t) && t !== tech);
  const enumOr = (name: string, allowed: Set<string>, dflt: string) => {
    const v = attrStr(e, name);
    return v && allowed.has(kebab(v)) ? kebab(v) : dflt;
  };
  const data = (name: string) => attrList(e, name).map((d) => ctx.ids.get(d) ?? hyphenId(d));
  const encryption = attrStr(e, 'encryption');
  const formats = attrList(e, 'dataFormats');
  const dropped = formats.filter((f) => !DATA_FORMATS.has(f));
  if (dropped.length) ctx.warn.warn(e.source, `data formats ${dropped.join(', ')} of ${e.id} dropped: Threagile knows json, xml, serialization, file, csv, yaml`);
  const confidentiality = enumOr('confidentiality', CONFIDENTIALITY, '') || maxConfidentiality(e, ctx);
  return {
    id: ctx.ids.get(e.id),
    description: attrStr(e, 'description') ?? e.title,
    type: e.base === 'actor' ? 'external-entity' : e.base === 'store' ? 'datastore' : 'process',
    usage: attrStr(e, 'usage') === 'devops' ? 'devops' : 'business',
    used_as_client_by_human: attrBool(e, 'human') ?? false,
    out_of_scope: attrBool(e, 'outOfScope') ?? false,
    ...(attrStr(e, 'outOfScopeReason') ? { justification_out_of_scope: attrStr(e, 'outOfScopeReason') } : {}),
    size: enumOr('size', SIZES, 'service'),
    technology: tech,
    ...(extra.length ? { technologies: [tech, ...extra] } : {}),
    tags,
    internet: e.base === 'actor' ? (attrBool(e, 'internet') ?? false) : attrStr(e, 'exposure') === 'internet',
    machine: enumOr('machine', MACHINES, 'virtual'),
    encryption: encryption && ENCRYPTION_BACK[encryption] ? ENCRYPTION_BACK[encryption] : attrBool(e, 'encryptedAtRest') ? 'transparent' : 'none',
    owner: attrStr(e, 'owner') ?? '',
    confidentiality,
    integrity: enumOr('integrity', CRITICALITY, 'operational'),
    availability: enumOr('availability', CRITICALITY, 'operational'),
    multi_tenant: attrBool(e, 'multiTenant') ?? false,
    redundant: attrBool(e, 'redundant') ?? false,
    custom_developed_parts: attrBool(e, 'customDeveloped') ?? false,
    data_assets_processed: data('handles'),
    data_assets_stored: data('stores'),
    data_formats_accepted: formats.filter((f) => DATA_FORMATS.has(f)),
    communication_links: links(e, ctx),
  };
}

/** Confidentiality of an asset that does not state one: the highest of the data it handles or stores. */
function maxConfidentiality(e: Element, ctx: Ctx): string {
  const order = ['public', 'internal', 'confidential', 'restricted'];
  let best = 1;
  for (const d of [...attrList(e, 'handles'), ...attrList(e, 'stores')]) {
    const da = ctx.model.data.find((x) => x.id === d);
    if (da) best = Math.max(best, order.indexOf(da.classification));
  }
  return CLASSIFICATION_BACK[order[best]];
}

function links(e: Element, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ctx.model.flows.filter((x) => x.from === e.id)) {
    let key = f.title;
    for (let i = 2; Object.hasOwn(out, key); i++) key = `${f.title} ${i}`;
    ctx.links.set(f.id, linkId(ctx.ids.get(e.id)!, key));
    out[key] = link(f, ctx);
  }
  return out;
}

function link(f: Flow, ctx: Ctx): Record<string, unknown> {
  const { tags, carried } = tagsOf(f, ctx);
  // The import names a flow after its title: carry the id when that would not give it back.
  if (toIdent(f.title) !== f.id) {
    tags.push(`warden:flow=${f.id}`);
    ctx.tags.add(`warden:flow=${f.id}`);
  }
  const receivedOnly = new Set(carried.get('received') ?? []);
  const received = new Set([...receivedOnly, ...(carried.get('both') ?? [])]);
  const carries = attrList(f, 'carries');
  const authn = attrStr(f, 'authn');
  const authz = attrStr(f, 'authz');
  const ids = (xs: string[]) => xs.map((d) => ctx.ids.get(d) ?? hyphenId(d));
  return {
    target: ctx.ids.get(f.to),
    description: attrStr(f, 'description') ?? f.title,
    protocol: known(carried.get('protocol')?.[0], PROTOCOL) ?? protocolBack(attrStr(f, 'protocol'), attrBool(f, 'encrypted') ?? attrBool(f, 'mtls')),
    authentication: known(carried.get('authentication')?.[0], AUTHN) ?? (authn ? AUTHN_BACK[authn] ?? 'none' : attrBool(f, 'mtls') ? 'client-certificate' : 'none'),
    authorization: known(carried.get('authorization')?.[0], AUTHZ) ?? (authz ? AUTHZ_BACK[authz] ?? 'none' : 'none'),
    tags,
    vpn: carried.has('vpn'),
    ip_filtered: carried.has('ip_filtered'),
    readonly: carried.has('readonly'),
    usage: carried.get('usage')?.[0] === 'devops' ? 'devops' : 'business',
    data_assets_sent: ids(carries.filter((d) => !receivedOnly.has(d))),
    data_assets_received: ids(carries.filter((d) => received.has(d))),
  };
}

/** A value a Threagile import kept in a tag, if Threagile's schema allows it. */
const known = (v: string | undefined, table: Record<string, unknown>): string | undefined => (v !== undefined && Object.hasOwn(table, v) ? v : undefined);

function trustBoundary(id: string, ctx: Ctx): Record<string, unknown> {
  const b = ctx.model.boundaries.find((x) => x.id === id)!;
  const { plain: tags } = splitTags(attrList(b, 'tags'), 'warden:');
  for (const t of tags) ctx.tags.add(t);
  const parent = b.parent ? ctx.model.boundaries.find((x) => x.id === b.parent) : undefined;
  // The import gives top-level boundaries trust high and nested ones their parent's: say so when it differs.
  const expected = parent ? parent.trust : 'high';
  if (b.trust !== expected) tags.push(`warden:trust=${b.trust}`);
  const network = attrStr(b, 'network');
  if (network && !TRUST_BOUNDARY_TYPES.includes(network)) ctx.warn.warn(b.source, `network "${network}" of ${b.id} is not a Threagile boundary type: written as network-cloud-provider`);
  return {
    id: ctx.ids.get(b.id),
    description: attrStr(b, 'description') ?? b.title,
    type: network && TRUST_BOUNDARY_TYPES.includes(network) ? network : 'network-cloud-provider',
    tags,
    technical_assets_inside: ctx.model.elements.filter((e) => e.boundary === b.id).map((e) => ctx.ids.get(e.id)),
    trust_boundaries_nested: ctx.model.boundaries.filter((x) => x.parent === b.id).map((x) => ctx.ids.get(x.id)),
  };
}

function sharedRuntimes(ctx: Ctx): Record<string, unknown> {
  const runtimes = new Map<string, string[]>();
  for (const e of ctx.model.elements) {
    for (const r of splitTags(attrList(e, 'tags'), 'threagile:').carried.get('runtime') ?? []) runtimes.set(r, [...(runtimes.get(r) ?? []), ctx.ids.get(e.id)!]);
  }
  const out: Record<string, unknown> = {};
  for (const [r, assets] of [...runtimes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[r] = { id: r, description: r, technical_assets_running: assets };
  return out;
}

// ---------------------------------------------------------------------------------------------
// The threat register as individual risk categories and risk tracking

const FUNCTION: Record<string, string> = { plan: 'architecture', develop: 'development', build: 'development', deploy: 'operations', operate: 'operations' };
const LIKELIHOOD: Record<string, string> = { low: 'unlikely', medium: 'likely', high: 'very-likely' };

function risks(register: ThreatRegister | undefined, ctx: Ctx): { categories: Record<string, unknown>; tracking: Record<string, unknown> } {
  const categories: Record<string, unknown> = {};
  const tracking: Record<string, unknown> = {};
  const byRule = new Map<string, Threat[]>();
  for (const t of register?.threats ?? []) byRule.set(t.rule, [...(byRule.get(t.rule) ?? []), t]);
  const infos = new Map((register?.rules ?? []).map((r) => [r.id, r]));
  for (const [rule, threats] of byRule) {
    const warden = isWardenRule(ctx.model, rule);
    const catId = warden ? `warden-${hyphenId(rule)}` : hyphenId(rule);
    const info = infos.get(rule);
    const def = ctx.model.rules.find((r) => r.id === rule);
    const first = threats[0];
    const parts = splitDescription(def?.description ?? info?.description);
    const [statement, impact] = splitImpact(first.statement);
    const risksIdentified: Record<string, unknown> = {};
    for (const t of threats) {
      const target = t.target.kind === 'flow' ? { most_relevant_communication_link: ctx.links.get(t.target.id) } : { most_relevant_technical_asset: ctx.ids.get(t.target.id) };
      const title = warden ? `${t.title} (${t.id})` : `${t.title} on ${t.target.id}`;
      risksIdentified[title] = {
        severity: SEVERITY_BACK[t.severity],
        exploitation_likelihood: LIKELIHOOD[t.likelihood],
        exploitation_impact: t.impact,
        data_breach_probability: 'possible',
        data_breach_technical_assets: t.target.kind === 'element' ? [ctx.ids.get(t.target.id)] : [],
        ...target,
      };
      if (t.status !== 'open') tracking[`${catId}@${Object.values(target)[0]}`] = trackingEntry(t);
    }
    let key = info?.title ?? first.title;
    if (Object.hasOwn(categories, key)) key = `${key} (${catId})`;
    categories[key] = {
      id: catId,
      description: statement,
      impact,
      asvs: parts.ASVS ?? '',
      cheat_sheet: parts['Cheat sheet'] ?? '',
      action: parts.Action ?? '',
      mitigation: parts.Mitigation ?? (first.controls.length ? `Apply ${first.controls.join(', ')}.` : ''),
      check: '',
      function: FUNCTION[first.phase] ?? 'architecture',
      stride: kebab(first.category),
      detection_logic: warden ? `Warden threat rule ${rule}.` : `Warden threat rule ${rule} declared in the model.`,
      risk_assessment: `Severity ${first.severity}.`,
      false_positives: '',
      model_failure_possible_reason: false,
      cwe: first.cwe[0] ?? 0,
      risks_identified: risksIdentified,
    };
  }
  return { categories, tracking };
}

function trackingEntry(t: Threat): Record<string, unknown> {
  const status = t.status === 'notApplicable' ? 'false-positive' : t.status;
  return {
    status,
    justification: decisionText(t),
    ticket: null,
    date: t.status === 'accepted' && t.acceptance ? t.acceptance.until : null,
    checked_by: t.status === 'accepted' && t.acceptance ? t.acceptance.owner : null,
  };
}

/** The import folds mitigation, action, ASVS and cheat sheet into a rule description, a line each: split them back. */
function splitDescription(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^(Mitigation|Action|ASVS|Cheat sheet): (.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
    else if (line) out.Mitigation = out.Mitigation ? `${out.Mitigation}\n${line}` : line;
  }
  return out;
}

function splitImpact(statement: string): [string, string] {
  const i = statement.indexOf(' Impact: ');
  return i < 0 ? [statement, ''] : [statement.slice(0, i), statement.slice(i + ' Impact: '.length)];
}
