// A small builder of ResolvedModel values in TypeScript, so engine, id and report tests do not
// depend on the DSL front end. Source positions are assigned line by line in declaration order,
// as the front end would for a model written top to bottom.
import type {
  AttrDef, AttrType, AttrValue, Boundary, ConditionExpr, ControlDef, DataAsset, Element, Flow, KindDef, ResolvedModel, SourceRef, StrideCategory, ThreatRef, ThreatRuleDef, TrustLevel,
} from '../../src/model/types.js';
import { TRUST_LEVELS } from '../../src/model/types.js';
import { severityOf } from '../../src/threats/severity.js';

export const FILE = 'model.warden';

const AUTHN: AttrType = { type: 'enum', members: ['none', 'password', 'mfa', 'oidc', 'apiKey', 'mtls', 'managedIdentity'] };

function attr(name: string, valueType: AttrType, def?: AttrValue): AttrDef {
  return { name, valueType, required: false, ...(def ? { default: def } : {}), source: { file: 'base.warden', line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

function kind(name: string, base: KindDef['base'], attrs: AttrDef[], parent?: string, inherited: Record<string, AttrDef> = {}): KindDef {
  return {
    name,
    ...(parent ? { extends: parent } : {}),
    base,
    requiresBoundary: false,
    attributes: { ...inherited, ...Object.fromEntries(attrs.map((a) => [a.name, a])) },
    source: { file: 'base.warden', line: 1, column: 1, endLine: 1, endColumn: 1 },
  };
}

export function standardKinds(): Record<string, KindDef> {
  const actor = kind('actor', 'actor', [attr('authn', AUTHN), attr('human', { type: 'bool' }, { type: 'bool', value: true })]);
  const process = kind('process', 'process', [
    attr('authn', AUTHN),
    attr('exposure', { type: 'enum', members: ['internet', 'internal', 'none'] }, { type: 'enum', value: 'internal' }),
    attr('privileged', { type: 'bool' }, { type: 'bool', value: false }),
    attr('replicas', { type: 'number' }),
    attr('handles', { type: 'list', of: { type: 'ref', to: 'data' } }),
    attr('owner', { type: 'string' }),
    attr('reviewed', { type: 'date' }),
    attr('dependsOn', { type: 'list', of: { type: 'ref', to: 'element' } }),
  ]);
  const store = kind('store', 'store', [attr('encryptedAtRest', { type: 'bool' }), attr('stores', { type: 'list', of: { type: 'ref', to: 'data' } })]);
  const flow = kind('flow', 'flow', [
    attr('authn', AUTHN),
    attr('protocol', { type: 'enum', members: ['http', 'https', 'tls', 'tcp'] }),
    attr('encrypted', { type: 'bool' }),
    attr('carries', { type: 'list', of: { type: 'ref', to: 'data' } }),
  ]);
  const workload = kind('workload', 'process', [attr('runAsNonRoot', { type: 'bool' })], 'process', process.attributes);
  const job = kind('job', 'process', [], 'workload', workload.attributes);
  return { actor, process, store, flow, workload, job };
}

export interface RuleSpec {
  id: string;
  on: string;
  category: StrideCategory;
  when?: ConditionExpr;
  likelihood?: 'low' | 'medium' | 'high';
  impact?: 'low' | 'medium' | 'high';
  controls?: string[];
  statement?: string;
  title?: string;
}

/** Builds a model step by step; `build()` returns a fresh ResolvedModel each time. */
export class ModelBuilder {
  private line = 1;
  private m: ResolvedModel;

  constructor(name = 'Test model', file = FILE) {
    this.m = {
      schemaVersion: 1,
      file,
      files: [file],
      model: { name, attributes: {}, source: this.at() },
      kinds: standardKinds(),
      data: [],
      boundaries: [],
      elements: [],
      flows: [],
      controls: [],
      rules: [],
      mitigations: [],
      acceptances: [],
      notApplicable: [],
      waivers: [],
    };
  }

  at(): SourceRef {
    const line = this.line++;
    return { file: this.m?.file ?? FILE, line, column: 1, endLine: line, endColumn: 10 };
  }

  boundary(id: string, trust: TrustLevel, parent?: string, title = id): this {
    const b: Boundary = { id, title, trust, trustRank: TRUST_LEVELS.indexOf(trust), ...(parent ? { parent } : {}), attributes: {}, source: this.at() };
    this.m.boundaries.push(b);
    return this;
  }

  data(id: string, classification: DataAsset['classification'], title = id): this {
    this.m.data.push({ id, title, classification, attributes: {}, source: this.at() });
    return this;
  }

  control(id: string, mitigates: StrideCategory[], policies: string[] = [], phase: ControlDef['phase'] = 'deploy', title = id): this {
    this.m.controls.push({ id, title, policies, mitigates, phase, params: [], source: this.at() });
    return this;
  }

  element(id: string, kindName: string, boundary: string | undefined, attributes: Record<string, AttrValue> = {}, controls: string[] = [], title = id): this {
    const k = this.m.kinds[kindName];
    const defaults = Object.fromEntries(Object.values(k?.attributes ?? {}).filter((a) => a.default).map((a) => [a.name, a.default!]));
    const e: Element = {
      id,
      title,
      kind: kindName,
      base: (k?.base ?? 'process') as Element['base'],
      ...(boundary ? { boundary } : {}),
      attributes: { ...defaults, ...attributes },
      controls: controls.map((c) => ({ control: c, args: [], source: this.at() })),
      source: this.at(),
    };
    this.m.elements.push(e);
    return this;
  }

  flow(from: string, to: string, attributes: Record<string, AttrValue> = {}, opts: { id?: string; data?: string[]; controls?: string[]; title?: string } = {}): this {
    const id = opts.id ?? `${from}->${to}`;
    const data = opts.data ?? [];
    const f: Flow = {
      id,
      title: opts.title ?? id,
      kind: 'flow',
      from,
      to,
      data,
      attributes: { ...attributes, ...(data.length ? { carries: { type: 'list', items: data.map((d) => ({ type: 'ref', target: d, targetKind: 'data' })) } } : {}) } as Record<string, AttrValue>,
      controls: (opts.controls ?? []).map((c) => ({ control: c, args: [], source: this.at() })),
      source: this.at(),
    };
    this.m.flows.push(f);
    return this;
  }

  rule(spec: RuleSpec): this {
    const likelihood = spec.likelihood ?? 'medium';
    const impact = spec.impact ?? 'high';
    const r: ThreatRuleDef = {
      id: spec.id,
      title: spec.title ?? `Rule ${spec.id}`,
      appliesTo: spec.on,
      category: spec.category,
      ...(spec.when ? { when: spec.when } : {}),
      severity: severityOf(likelihood, impact),
      likelihood,
      impact,
      cwe: [306],
      capec: [151],
      phase: 'plan',
      controls: spec.controls ?? [],
      statement: spec.statement ?? `{title} is exposed by rule ${spec.id}.`,
      source: this.at(),
    };
    this.m.rules.push(r);
    return this;
  }

  mitigate(target: ThreatRef, control?: string, text?: string): this {
    this.m.mitigations.push({ target, ...(control ? { control } : {}), ...(text ? { text } : {}), source: this.at() });
    return this;
  }

  accept(target: ThreatRef, until: string, owner = 'sec-team', reason = 'risk accepted'): this {
    this.m.acceptances.push({ target, owner, until, reason, source: this.at() });
    return this;
  }

  notApplicable(target: ThreatRef, reason = 'not in scope'): this {
    this.m.notApplicable.push({ target, reason, source: this.at() });
    return this;
  }

  build(): ResolvedModel {
    return structuredClone(this.m);
  }
}

// Condition expression helpers (what the front end produces from `when` text).
const src: SourceRef = { file: FILE, line: 99, column: 3, endLine: 99, endColumn: 20 };
export const path = (...p: string[]): ConditionExpr => ({ op: 'path', path: p, source: src });
export const str = (value: string): ConditionExpr => ({ op: 'literal', value: { type: 'string', value }, source: src });
export const num = (value: number): ConditionExpr => ({ op: 'literal', value: { type: 'number', value }, source: src });
export const bool = (value: boolean): ConditionExpr => ({ op: 'literal', value: { type: 'bool', value }, source: src });
export const cmp = (op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: ConditionExpr, right: ConditionExpr): ConditionExpr => ({ op, left, right, source: src });
export const and = (...args: ConditionExpr[]): ConditionExpr => ({ op: 'and', args, source: src });
export const or = (...args: ConditionExpr[]): ConditionExpr => ({ op: 'or', args, source: src });
export const not = (arg: ConditionExpr): ConditionExpr => ({ op: 'not', arg, source: src });
export const call = (name: string, ...args: ConditionExpr[]): ConditionExpr => ({ op: 'call', name, args, source: src });
export const inList = (left: ConditionExpr, ...items: ConditionExpr[]): ConditionExpr => ({ op: 'in', left, right: { op: 'list', items, source: src }, source: src });

export const cat = (element: string, category: StrideCategory, rule?: string): ThreatRef => ({ kind: 'category', element, category, ...(rule ? { rule } : {}) });
export const tid = (id: string): ThreatRef => ({ kind: 'id', id });
export const enumV = (value: string): AttrValue => ({ type: 'enum', value });
export const boolV = (value: boolean): AttrValue => ({ type: 'bool', value });
export const numV = (value: number): AttrValue => ({ type: 'number', value });
export const strV = (value: string): AttrValue => ({ type: 'string', value });
export const dataList = (...ids: string[]): AttrValue => ({ type: 'list', items: ids.map((d) => ({ type: 'ref', target: d, targetKind: 'data' })) });
