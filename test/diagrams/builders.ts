// Builds ResolvedModel and ThreatRegister values in TypeScript, so the diagram and report stages
// can be tested without the DSL front end or the threat engine. Also generates large models for
// tests and bench/diagrams.ts.
import {
  MODEL_SCHEMA_VERSION,
  SEVERITIES,
  STRIDE,
  type AttrValue,
  type Classification,
  type Element,
  type Flow,
  type ResolvedModel,
  type SourceRef,
  type StrideCategory,
  type TrustLevel,
  TRUST_LEVELS,
} from '../../src/model/types.js';
import type { Threat, ThreatRegister, ThreatStatus } from '../../src/threats/types.js';

let line = 0;
const src = (file = 'model.warden'): SourceRef => {
  line++;
  return { file, line, column: 1, endLine: line, endColumn: 10 };
};

export class ModelBuilder {
  readonly m: ResolvedModel;
  constructor(name = 'Test model', file = 'model.warden') {
    line = 0;
    this.m = {
      schemaVersion: MODEL_SCHEMA_VERSION,
      file,
      files: [file],
      model: { name, attributes: {}, source: src() },
      kinds: {},
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
  data(id: string, classification: Classification, title = id): this {
    this.m.data.push({ id, title, classification, attributes: {}, source: src() });
    return this;
  }
  boundary(id: string, trust: TrustLevel, opts: { title?: string; parent?: string; namespace?: string } = {}): this {
    this.m.boundaries.push({
      id,
      title: opts.title ?? id,
      parent: opts.parent,
      trust,
      trustRank: TRUST_LEVELS.indexOf(trust),
      namespace: opts.namespace,
      attributes: {},
      source: src(),
    });
    return this;
  }
  element(base: Element['base'], id: string, opts: { title?: string; kind?: string; boundary?: string; attributes?: Record<string, AttrValue> } = {}): this {
    this.m.elements.push({
      id,
      title: opts.title ?? id,
      kind: opts.kind ?? base,
      base,
      boundary: opts.boundary,
      attributes: opts.attributes ?? {},
      controls: [],
      source: src(),
    });
    return this;
  }
  actor(id: string, boundary?: string, title?: string): this {
    return this.element('actor', id, { boundary, title });
  }
  process(id: string, boundary?: string, title?: string, kind?: string): this {
    return this.element('process', id, { boundary, title, kind });
  }
  store(id: string, boundary?: string, title?: string): this {
    return this.element('store', id, { boundary, title });
  }
  flow(from: string, to: string, opts: { id?: string; title?: string; protocol?: string; carries?: string[] } = {}): this {
    const id = opts.id ?? `${from}->${to}`;
    const attributes: Record<string, AttrValue> = {};
    if (opts.protocol) attributes.protocol = { type: 'enum', value: opts.protocol };
    if (opts.carries) attributes.carries = { type: 'list', items: opts.carries.map((d) => ({ type: 'ref', target: d, targetKind: 'data' }) as AttrValue) };
    const f: Flow = { id, title: opts.title ?? '', kind: 'flow', from, to, data: opts.carries ?? [], attributes, controls: [], source: src() };
    this.m.flows.push(f);
    return this;
  }
  build(): ResolvedModel {
    return this.m;
  }
}

/** A small model shaped like the AKS example of DESIGN.md. */
export function paymentsModel(): ResolvedModel {
  return new ModelBuilder('Contoso Payments on AKS')
    .data('CardData', 'restricted', 'Payment card data')
    .data('Orders', 'confidential')
    .boundary('Internet', 'untrusted')
    .boundary('Azure', 'high', { title: 'Azure subscription' })
    .boundary('Cluster', 'high', { title: 'AKS cluster', parent: 'Azure' })
    .boundary('Payments', 'high', { parent: 'Cluster', namespace: 'payments' })
    .actor('Customer', 'Internet', 'Customer browser')
    .process('Gateway', 'Azure', 'App Gateway with WAF')
    .process('Api', 'Payments', 'Payments API', 'workload')
    .process('Worker', 'Payments', undefined, 'workload')
    .store('Ledger', 'Azure', 'Cosmos DB')
    .flow('Customer', 'Gateway', { title: 'checkout', protocol: 'https', carries: ['CardData'] })
    .flow('Gateway', 'Api', { protocol: 'https', carries: ['CardData', 'Orders'] })
    .flow('Api', 'Ledger', { id: 'ApiToLedger', protocol: 'tls', carries: ['Orders'] })
    .flow('Api', 'Worker', { protocol: 'grpc' })
    .build();
}

const STATUSES: ThreatStatus[] = ['open', 'mitigated', 'accepted', 'notApplicable', 'open'];
const PER_BASE: Record<string, StrideCategory[]> = {
  actor: ['spoofing', 'repudiation'],
  process: [...STRIDE],
  store: ['tampering', 'repudiation', 'informationDisclosure', 'denialOfService'],
  flow: ['tampering', 'informationDisclosure', 'denialOfService'],
};

/**
 * A deterministic register: STRIDE-per-element threats, statuses and severities cycling so every
 * filter value occurs. Not the threat engine: only a fixture with the engine's output shape.
 */
export function fixtureThreats(model: ResolvedModel): ThreatRegister {
  const threats: Threat[] = [];
  let n = 0;
  const add = (kind: 'element' | 'flow', id: string, base: string, title: string, source: SourceRef) => {
    for (const category of PER_BASE[base]) {
      const status = STATUSES[n % STATUSES.length];
      const severity = SEVERITIES[(n * 3 + 1) % SEVERITIES.length];
      threats.push({
        id: `TH-${(0x10000000 + n * 7919).toString(16).slice(-8)}`,
        rule: `stride.${category}`,
        category,
        target: { kind, id },
        title: `${category} of ${title}`,
        statement: `An attacker could perform ${category} against ${title}.`,
        severity,
        likelihood: 'medium',
        impact: 'medium',
        cwe: [306],
        capec: [151],
        phase: (['plan', 'develop', 'build', 'deploy', 'operate'] as const)[n % 5],
        controls: ['mtls', 'auditLogging'].slice(0, 1 + (n % 2)),
        assets: [],
        status,
        evidence: status === 'mitigated' ? [{ kind: 'control', control: 'mtls', source }] : [],
        acceptance: status === 'accepted' ? { owner: 'sec-team', until: '2027-03-01', reason: 'logs cover it', expired: false, source } : undefined,
        notApplicable: status === 'notApplicable' ? { reason: 'by design', source } : undefined,
        source,
      });
      n++;
    }
  };
  for (const e of model.elements) add('element', e.id, e.base, e.title || e.id, e.source);
  for (const f of model.flows) add('flow', f.id, 'flow', f.title || f.id, f.source);
  return { model: model.model.name, file: model.file, threats };
}

/** Strings that break naive DOT, Mermaid, HTML, XML and Markdown output. */
export const HOSTILE = [
  'say "hi"',
  '<script>alert(1)</script>',
  'cdata ]]> end',
  'two\nlines',
  'back`tick``s',
  'pipe | hash # amp &amp;',
  'A --> B [x] (y) {z} %% end',
  'end',
  '} ; a -> b \\ \\"',
  'ünïcødé ✓ 🚀 中文',
  '<!-- comment --> &lt;',
  "it's $x$ #quot; #35;",
];

/** A model whose every name, title and label is one of the HOSTILE strings. */
export function hostileModel(): ResolvedModel {
  const b = new ModelBuilder(HOSTILE[1]);
  b.data(HOSTILE[2], 'restricted', HOSTILE[3]);
  b.boundary(HOSTILE[7], 'untrusted', { title: HOSTILE[6] });
  b.boundary(HOSTILE[8], 'high', { title: HOSTILE[0], parent: HOSTILE[7], namespace: HOSTILE[4] });
  HOSTILE.forEach((h, i) => {
    const base = (['actor', 'process', 'store'] as const)[i % 3];
    b.element(base, h, { title: HOSTILE[(i + 5) % HOSTILE.length], boundary: i % 3 === 0 ? undefined : i % 2 === 0 ? HOSTILE[7] : HOSTILE[8] });
  });
  HOSTILE.forEach((h, i) => {
    const to = HOSTILE[(i + 1) % HOSTILE.length];
    b.flow(h, to, { id: `${h}->${to}`, title: HOSTILE[(i + 3) % HOSTILE.length], protocol: HOSTILE[(i + 4) % HOSTILE.length], carries: [HOSTILE[2]] });
  });
  return b.build();
}

/**
 * A generated model of about `n` elements: boundaries of 8-12 elements nested three deep under a
 * few roots, with a chain of flows inside each boundary and a crossing flow between neighbours.
 */
export function largeModel(n: number, seed = 1): ResolvedModel {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const b = new ModelBuilder(`Generated ${n}`);
  b.data('Public', 'public').data('Secret', 'restricted').data('Internal', 'internal');
  b.boundary('Internet', 'untrusted');
  b.actor('User', 'Internet');
  const groups = Math.max(1, Math.round(n / 10));
  const ids: string[][] = [];
  for (let g = 0; g < groups; g++) {
    const parent = g % 3 === 0 || g === 0 ? undefined : `B${g - (g % 3)}`;
    const trust = TRUST_LEVELS[1 + (g % 4)];
    b.boundary(`B${g}`, trust, { title: `Zone ${g}`, parent, namespace: g % 2 ? `ns-${g}` : undefined });
    const members: string[] = [];
    const size = Math.max(1, Math.round(((n - 1) / groups) * (0.8 + rand() * 0.4)));
    for (let i = 0; i < size && ids.flat().length + members.length < n - 1; i++) {
      const id = `E${g}_${i}`;
      const base = i % 5 === 4 ? 'store' : i === 0 && g % 4 === 0 ? 'actor' : 'process';
      b.element(base, id, { boundary: `B${g}`, title: `Service ${g}.${i}`, kind: base === 'process' ? 'workload' : base });
      members.push(id);
    }
    ids.push(members);
  }
  const proto = ['https', 'grpc', 'tls', 'amqp'];
  const data = ['Public', 'Secret', 'Internal'];
  b.flow('User', ids[0][0], { protocol: 'https', carries: ['Secret'] });
  ids.forEach((members, g) => {
    for (let i = 1; i < members.length; i++) b.flow(members[Math.floor((i - 1) / 2)], members[i], { protocol: proto[i % 4], carries: [data[(g + i) % 3]] });
    if (g > 0 && members.length > 0) b.flow(ids[g - 1][0], members[0], { title: `sync ${g}`, protocol: 'https', carries: [data[g % 3]] });
  });
  return b.build();
}
