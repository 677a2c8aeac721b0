// A small resolved model and threat register built in TypeScript, so the trace tests do not depend
// on the DSL front end or the threat engine (they code against src/model/types.ts and
// src/threats/types.ts only). Shaped like examples/aks-devsecops.
import { createHash } from 'node:crypto';
import type { Boundary, ControlDef, Element, Flow, ResolvedModel, SourceRef, StrideCategory } from '../../src/model/types.js';
import type { Threat, ThreatRegister } from '../../src/threats/types.js';

export const MODEL_FILE = 'model.warden';

let line = 0;
const at = (): SourceRef => {
  line++;
  return { file: MODEL_FILE, line, column: 1, endLine: line, endColumn: 20 };
};

const boundary = (id: string, trust: Boundary['trust'], parent?: string): Boundary => ({
  id,
  title: id,
  ...(parent ? { parent } : {}),
  trust,
  trustRank: ['untrusted', 'low', 'medium', 'high', 'system'].indexOf(trust),
  attributes: {},
  source: at(),
});

const element = (id: string, kind: string, base: Element['base'], b: string, title = id): Element => ({
  id,
  title,
  kind,
  base,
  boundary: b,
  attributes: {},
  controls: [],
  source: at(),
});

const flow = (id: string, from: string, to: string): Flow => ({ id, title: id, kind: 'flow', from, to, data: [], attributes: {}, controls: [], source: at() });

const control = (id: string, mitigates: StrideCategory[]): ControlDef => ({ id, title: id, policies: [], mitigates, phase: 'develop', params: [], source: at() });

export function buildModel(): ResolvedModel {
  line = 0;
  return {
    schemaVersion: 1,
    file: MODEL_FILE,
    files: [MODEL_FILE],
    model: { name: 'Contoso Payments on AKS', attributes: {}, source: at() },
    kinds: {},
    data: [],
    boundaries: [boundary('Internet', 'untrusted'), boundary('Azure', 'high'), boundary('Cluster', 'high', 'Azure'), boundary('Payments', 'high', 'Cluster')],
    elements: [
      element('Customer', 'actor', 'actor', 'Internet', 'Customer browser'),
      element('Gateway', 'process', 'process', 'Azure', 'App Gateway with WAF'),
      element('Api', 'workload', 'process', 'Payments', 'Payments API'),
      element('Ledger', 'store', 'store', 'Azure', 'Cosmos DB'),
      element('KeyVault', 'store', 'store', 'Azure', 'Key Vault'),
    ],
    flows: [flow('Customer->Gateway', 'Customer', 'Gateway'), flow('Gateway->Api', 'Gateway', 'Api'), flow('ApiToLedger', 'Api', 'Ledger')],
    controls: [
      control('oidcAuth', ['spoofing']),
      control('mtls', ['spoofing', 'tampering']),
      control('inputValidation', ['tampering']),
      control('keyVaultSecrets', ['informationDisclosure']),
      control('auditLogging', ['repudiation']),
      control('managedIdentity', ['spoofing']),
      control('rateLimit', ['denialOfService']),
    ],
    rules: [],
    mitigations: [],
    acceptances: [],
    notApplicable: [],
    waivers: [],
  };
}

const STRIDE_PER: Record<string, StrideCategory[]> = {
  actor: ['spoofing', 'repudiation'],
  process: ['spoofing', 'tampering', 'repudiation', 'informationDisclosure', 'denialOfService', 'elevationOfPrivilege'],
  store: ['tampering', 'repudiation', 'informationDisclosure', 'denialOfService'],
  flow: ['tampering', 'informationDisclosure', 'denialOfService'],
};

export const threatId = (rule: string, target: string) => `TH-${createHash('sha256').update(`${rule}\u0000${target}`).digest('hex').slice(0, 8)}`;

function threat(rule: string, category: StrideCategory, kind: 'element' | 'flow', target: string, source: SourceRef): Threat {
  return {
    id: threatId(rule, target),
    rule,
    category,
    target: { kind, id: target },
    title: `${category} of ${target}`,
    statement: `An attacker ${category} ${target}.`,
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    cwe: [],
    capec: [],
    phase: 'plan',
    controls: ['mtls'],
    assets: [],
    status: 'open',
    evidence: [],
    source,
  };
}

/**
 * STRIDE-per-element baseline threats (rule `stride.<category>`), one rule threat
 * (`UnauthenticatedCrossing` on flow Customer->Gateway), and Ledger.repudiation accepted in the
 * model, Customer.repudiation not applicable.
 */
export function buildRegister(model: ResolvedModel = buildModel()): ThreatRegister {
  const threats: Threat[] = [];
  for (const e of model.elements) for (const c of STRIDE_PER[e.base]) threats.push(threat(`stride.${c}`, c, 'element', e.id, e.source));
  for (const f of model.flows) for (const c of STRIDE_PER.flow) threats.push(threat(`stride.${c}`, c, 'flow', f.id, f.source));
  const crossing = model.flows[0];
  threats.push({ ...threat('UnauthenticatedCrossing', 'spoofing', 'flow', crossing.id, crossing.source), severity: 'high' });
  const ledgerRep = threats.find((t) => t.target.id === 'Ledger' && t.category === 'repudiation')!;
  ledgerRep.status = 'accepted';
  ledgerRep.acceptance = { owner: 'sec-team', until: '2027-03-01', reason: 'diagnostic logs', expired: false, source: at() };
  const custRep = threats.find((t) => t.target.id === 'Customer' && t.category === 'repudiation')!;
  custRep.status = 'notApplicable';
  custRep.notApplicable = { reason: 'anonymous checkout', source: at() };
  return { model: model.model.name, file: model.file, threats };
}

/** The id of the threat on `target` in `category` (baseline rule unless given). */
export function idOf(register: ThreatRegister, target: string, category: StrideCategory, rule = `stride.${category}`): string {
  const t = register.threats.find((x) => x.target.id === target && x.category === category && x.rule === rule);
  if (!t) throw new Error(`no threat ${target}.${category} (${rule}) in the test register`);
  return t.id;
}
