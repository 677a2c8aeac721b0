// The STRIDE-per-element baseline (Microsoft's table): which categories apply to which DFD family,
// with generic statements. NOTE(baseline): the engine emits a baseline threat for an element and
// category only when no rule produced a threat for that element in that category, so every element
// is covered for every category that applies to it, and rules replace the generic text with a
// specific one where they know more (see docs/threats.md).
import type { BaseKind, Phase, StrideCategory } from '../model/types.js';
import type { Level } from './severity.js';

export const BASELINE_CATEGORIES: Record<BaseKind, readonly StrideCategory[]> = {
  actor: ['spoofing', 'repudiation'],
  process: ['spoofing', 'tampering', 'repudiation', 'informationDisclosure', 'denialOfService', 'elevationOfPrivilege'],
  store: ['tampering', 'repudiation', 'informationDisclosure', 'denialOfService'],
  flow: ['tampering', 'informationDisclosure', 'denialOfService'],
};

export const CATEGORY_LABEL: Record<StrideCategory, string> = {
  spoofing: 'Spoofing',
  tampering: 'Tampering',
  repudiation: 'Repudiation',
  informationDisclosure: 'Information disclosure',
  denialOfService: 'Denial of service',
  elevationOfPrivilege: 'Elevation of privilege',
};

export interface BaselineEntry {
  title: string;
  statement: string;
  cwe: number[];
  capec: number[];
  phase: Phase;
  /** Impact before data classification raises it (see engine.ts). */
  impact: Level;
}

/** The rule id of the baseline threat for a category. */
export const baselineRuleId = (c: StrideCategory): string => `stride.${c}`;

const ELEMENT: Partial<Record<StrideCategory, BaselineEntry>> = {
  spoofing: {
    title: 'Spoofing of {title}',
    statement:
      'An attacker who can reach {title} ({kind}, in {boundary}) presents itself as {title} or as one of its legitimate peers; without strong authentication the others accept the forged identity and act on its requests. Data at stake: {assets}.',
    cwe: [287],
    capec: [151],
    phase: 'plan',
    impact: 'medium',
  },
  tampering: {
    title: 'Tampering with {title}',
    statement:
      'An attacker with write access to {title} ({kind}, in {boundary}) or to its inputs alters its code, configuration or data; later readers trust the altered state. Data at stake: {assets}.',
    cwe: [345],
    capec: [75],
    phase: 'plan',
    impact: 'medium',
  },
  repudiation: {
    title: 'Repudiation of actions by or on {title}',
    statement:
      'Someone acting through {title} ({kind}, in {boundary}) performs a sensitive action and later denies it; without attributable, tamper-evident logs the team cannot show who did what. Data at stake: {assets}.',
    cwe: [778],
    capec: [268],
    phase: 'plan',
    impact: 'low',
  },
  informationDisclosure: {
    title: 'Information disclosure from {title}',
    statement:
      'An attacker who can query or read {title} ({kind}, in {boundary}) obtains data it holds or processes beyond what they are allowed to see. Data at stake: {assets}.',
    cwe: [200],
    capec: [116],
    phase: 'plan',
    impact: 'medium',
  },
  denialOfService: {
    title: 'Denial of service against {title}',
    statement:
      'An attacker or a runaway client floods {title} ({kind}, in {boundary}) or exhausts a resource it depends on; legitimate users cannot reach it. Data at stake: {assets}.',
    cwe: [400],
    capec: [125],
    phase: 'plan',
    impact: 'medium',
  },
  elevationOfPrivilege: {
    title: 'Elevation of privilege through {title}',
    statement:
      'An attacker who controls input to {title} ({kind}, in {boundary}) makes it run their code or act with its privileges, gaining rights over everything {title} can reach. Data at stake: {assets}.',
    cwe: [269],
    capec: [233],
    phase: 'plan',
    impact: 'high',
  },
};

const FLOW: Partial<Record<StrideCategory, BaselineEntry>> = {
  tampering: {
    title: 'Tampering with the flow {name}',
    statement:
      'An attacker on the path between {from} (in {from.boundary}) and {to} (in {to.boundary}) modifies messages of the flow "{title}" in transit; {to} acts on the altered content. Data at stake: {data}.',
    cwe: [345],
    capec: [94],
    phase: 'plan',
    impact: 'medium',
  },
  informationDisclosure: {
    title: 'Eavesdropping on the flow {name}',
    statement:
      'An attacker on the path between {from} (in {from.boundary}) and {to} (in {to.boundary}) reads the traffic of the flow "{title}". Data at stake: {data}.',
    cwe: [319],
    capec: [157],
    phase: 'plan',
    impact: 'medium',
  },
  denialOfService: {
    title: 'Disruption of the flow {name}',
    statement:
      'An attacker floods or cuts the path between {from} and {to}, so the flow "{title}" stops delivering and {to} no longer gets what it needs in time. Data at stake: {data}.',
    cwe: [400],
    capec: [125],
    phase: 'plan',
    impact: 'low',
  },
};

/**
 * Candidate controls of baseline threats, per family and category, from the canonical control ids
 * (docs/contracts/controls.md). Curated rather than "every control that mitigates the category",
 * which would suggest image signing for a person. Only the ones the model declares are listed. The
 * status still counts any applied control whose declaration mitigates the category.
 */
export const BASELINE_CONTROLS: Record<BaseKind, Partial<Record<StrideCategory, readonly string[]>>> = {
  actor: { spoofing: ['mfa', 'conditionalAccess', 'oidcAuth'], repudiation: ['auditLogging'] },
  process: {
    spoofing: ['oidcAuth', 'mtls', 'managedIdentity'],
    tampering: ['inputValidation', 'mtls', 'readOnlyRootFilesystem'],
    repudiation: ['auditLogging'],
    informationDisclosure: ['tlsInTransit', 'keyVaultSecrets', 'networkPolicy'],
    denialOfService: ['rateLimit', 'resourceLimits', 'highAvailability'],
    elevationOfPrivilege: ['inputValidation', 'rbacLeastPrivilege', 'nonRoot'],
  },
  store: {
    tampering: ['managedIdentity', 'backup'],
    repudiation: ['auditLogging'],
    informationDisclosure: ['encryptionAtRest', 'privateEndpoint'],
    denialOfService: ['backup'],
  },
  flow: { tampering: ['tlsInTransit', 'mtls'], informationDisclosure: ['tlsInTransit', 'mtls'], denialOfService: ['rateLimit'] },
};

export function baselineEntry(base: BaseKind, category: StrideCategory): BaselineEntry | undefined {
  if (!BASELINE_CATEGORIES[base].includes(category)) return undefined;
  return base === 'flow' ? FLOW[category] : ELEMENT[category];
}
