// `warden export otm`: a model and its threat register as an Open Threat Model (OTM 0.2.0) JSON
// or YAML document that validates against otm_schema.json. Boundaries become trust zones, elements
// components, flows data flows, data assets, each Warden threat an OTM threat with its per-target
// state on the component or data flow, and the controls that mitigate threats OTM mitigations.
// Warden attributes travel in each object's `attributes`, so `warden import otm` reads them back.
import { stringify } from 'yaml';
import type { AttrValue, ControlUse, Element, Flow, KindDef, ResolvedModel } from '../model/types.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { STRIDE_TITLES } from './common.js';
import { controlsOut } from './controls.js';
import { attrList, attrStr, decisionText, isWardenRule, ownAttributes, type ExportResult } from './model-view.js';
import { CONFIDENTIALITY_RATING, OUTSIDE_ZONE, TRUST_RATING } from './otm-import.js';

const LEVEL: Record<string, number> = { low: 20, medium: 50, high: 80 };
const STATE: Record<string, string> = { open: 'exposed', mitigated: 'mitigated', accepted: 'accepted', notApplicable: 'notApplicable' };

export function exportOtm(model: ResolvedModel, register: ThreatRegister | undefined, format: 'json' | 'yaml' = 'json'): ExportResult {
  const threats = register?.threats ?? [];
  const outside = model.elements.some((e) => !e.boundary);
  const controls = new Set<string>();
  const doc: Record<string, unknown> = {
    otmVersion: '0.2.0',
    project: {
      name: model.model.name,
      id: model.model.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'model',
      ...(attrStr(model.model, 'description') ? { description: attrStr(model.model, 'description') } : {}),
      ...(attrStr(model.model, 'owner') ? { owner: attrStr(model.model, 'owner') } : {}),
      ...(attrStr(model.model, 'contact') ? { ownerContact: attrStr(model.model, 'contact') } : {}),
      ...(attrList(model.model, 'tags').length ? { tags: attrList(model.model, 'tags') } : {}),
    },
    assets: model.data.map((d) => ({
      name: d.title,
      id: d.id,
      ...(attrStr(d, 'description') ? { description: attrStr(d, 'description') } : {}),
      risk: { confidentiality: CONFIDENTIALITY_RATING[d.classification], ...ratings(attrList(d, 'tags')) },
      ...attributesOf(d.attributes, new Set(['classification', 'description'])),
    })),
    trustZones: [
      ...model.boundaries.map((b) => ({
        id: b.id,
        name: b.title,
        ...(attrStr(b, 'network') ? { type: attrStr(b, 'network') } : {}),
        ...(attrStr(b, 'description') ? { description: attrStr(b, 'description') } : {}),
        risk: { trustRating: TRUST_RATING[b.trust] },
        ...(b.parent ? { parent: { trustZone: b.parent } } : {}),
        ...attributesOf(b.attributes, new Set(['trust', 'network', 'description'])),
      })),
      ...(outside ? [{ id: OUTSIDE_ZONE, name: 'Outside any boundary', risk: { trustRating: 0 }, attributes: { warden: 'outside' } }] : []),
    ],
    components: model.elements.map((e) => component(e, threats, controls, model.kinds[e.kind])),
    dataflows: model.flows.map((f) => dataflow(f, threats, controls, model.kinds[f.kind])),
    threats: threats.map((t) => threatDef(model, t)),
    mitigations: model.controls
      .filter((c) => controls.has(c.id))
      .map((c) => ({ name: c.title, id: c.id, ...(c.description ? { description: c.description } : {}), riskReduction: 50 })),
  };
  const text = format === 'yaml' ? stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }) : JSON.stringify(doc, null, 2) + '\n';
  return { text, diagnostics: [] };
}

/** Integrity and availability ratings a previous OTM import kept in `otm:` tags (else a middle value). */
function ratings(tags: string[]): { integrity: number; availability: number } {
  const get = (k: string) => {
    const t = tags.find((x) => x.startsWith(`otm:${k}=`));
    const v = t ? Number(t.slice(`otm:${k}=`.length)) : NaN;
    return Number.isFinite(v) ? v : 50;
  };
  return { integrity: get('integrity'), availability: get('availability') };
}

/** Warden attributes as OTM `attributes` (plain JSON values), except the ones OTM has a field for. */
function attributesOf(
  attrs: Record<string, AttrValue>,
  skip: ReadonlySet<string>,
  extra: Record<string, unknown> = {},
  kind?: KindDef,
): { attributes?: Record<string, unknown> } {
  const out = { ...extra, ...ownAttributes(attrs, skip, kind, 'otm:') };
  return Object.keys(out).length ? { attributes: out } : {};
}

function instances(id: string, threats: Threat[], controls: Set<string>): { threats?: unknown[] } {
  const list = threats
    .filter((t) => t.target.id === id)
    .map((t) => {
      const applied = t.evidence.flatMap((e) => (e.kind === 'control' || (e.kind === 'statement' && e.control) ? [e.control!] : []));
      for (const c of [...applied, ...t.controls]) controls.add(c);
      const mitigations = [...new Set([...applied, ...t.controls])].map((c) => ({ mitigation: c, state: applied.includes(c) ? 'implemented' : 'recommended' }));
      const reason = decisionText(t);
      const attributes = {
        ...(reason && t.status !== 'open' ? { reason } : {}),
        ...(t.status === 'accepted' && t.acceptance ? { owner: t.acceptance.owner, until: t.acceptance.until } : {}),
      };
      return { threat: t.id, state: STATE[t.status], ...(mitigations.length ? { mitigations } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) };
    });
  return list.length ? { threats: list } : {};
}

function component(e: Element, threats: Threat[], controls: Set<string>, kind: KindDef | undefined): Record<string, unknown> {
  const tags = attrList(e, 'tags');
  return {
    id: e.id,
    name: e.title,
    type: attrStr(e, 'product') ?? e.kind,
    ...(attrStr(e, 'description') ? { description: attrStr(e, 'description') } : {}),
    parent: { trustZone: e.boundary ?? OUTSIDE_ZONE },
    ...(attrList(e, 'handles').length || attrList(e, 'stores').length ? { assets: { processed: attrList(e, 'handles'), stored: attrList(e, 'stores') } } : {}),
    ...instances(e.id, threats, controls),
    ...(tags.length ? { tags } : {}),
    ...attributesOf(e.attributes, new Set(['description', 'tags', 'handles', 'stores']), { kind: e.kind, ...carriedControls(e.controls) }, kind),
  };
}

function dataflow(f: Flow, threats: Threat[], controls: Set<string>, kind: KindDef | undefined): Record<string, unknown> {
  const tags = attrList(f, 'tags');
  return {
    id: f.id,
    name: f.title,
    ...(attrStr(f, 'description') ? { description: attrStr(f, 'description') } : {}),
    bidirectional: false,
    source: f.from,
    destination: f.to,
    ...(f.data.length ? { assets: f.data } : {}),
    ...instances(f.id, threats, controls),
    ...(tags.length ? { tags } : {}),
    ...attributesOf(f.attributes, new Set(['description', 'tags', 'carries']), carriedControls(f.controls), kind),
  };
}

/** The controls applied to an element or flow (OTM has no field for them). */
function carriedControls(uses: readonly ControlUse[]): { controls?: unknown[] } {
  return uses.length ? { controls: controlsOut(uses) } : {};
}

function threatDef(model: ResolvedModel, t: Threat): Record<string, unknown> {
  return {
    name: t.title,
    id: t.id,
    description: t.statement,
    categories: [STRIDE_TITLES[t.category]],
    ...(t.cwe.length ? { cwes: t.cwe.map((c) => `CWE-${c}`) } : {}),
    risk: { likelihood: LEVEL[t.likelihood], impact: LEVEL[t.impact] },
    attributes: { rule: t.rule, origin: isWardenRule(model, t.rule) ? 'warden' : 'model', severity: t.severity, phase: t.phase },
  };
}
