// The threat register: what src/threats produces from a ResolvedModel, and what diagrams, reports,
// policies, check and trace consume. Plain data, JSON-serialisable (docs/threats-schema.json).
import type { Phase, Severity, SourceRef, StrideCategory } from '../model/types.js';

export type ThreatStatus = 'open' | 'mitigated' | 'accepted' | 'notApplicable';

/** Why a threat is mitigated: a control bound to the element, a `mitigate` statement, or code. */
export type MitigationEvidence =
  | { kind: 'control'; control: string; source: SourceRef }
  | { kind: 'statement'; control?: string; text?: string; source: SourceRef }
  | { kind: 'code'; file: string; line: number; declaration?: string; control?: string; text?: string };

export interface Threat {
  /**
   * Stable id, e.g. "TH-1a2b3c4d": derived only from the rule id and the target's id, so it survives
   * unrelated edits and changes only when the element (or rule) is renamed. See docs/threats.md.
   */
  id: string;
  /** Rule id that produced it ('stride.<category>' for the STRIDE-per-element baseline). */
  rule: string;
  category: StrideCategory;
  target: { kind: 'element' | 'flow'; id: string };
  title: string;
  /** Full statement: source, prerequisites, action, impact, affected assets. */
  statement: string;
  severity: Severity;
  likelihood: 'low' | 'medium' | 'high';
  impact: 'low' | 'medium' | 'high';
  cwe: number[];
  capec: number[];
  phase: Phase;
  /** Candidate controls that would mitigate it. */
  controls: string[];
  /** Data asset ids affected. */
  assets: string[];
  status: ThreatStatus;
  evidence: MitigationEvidence[];
  acceptance?: { owner: string; until: string; reason: string; expired: boolean; source: SourceRef };
  notApplicable?: { reason: string; source: SourceRef };
  /** Model line of the target element or flow. */
  source: SourceRef;
}

export interface ThreatRegister {
  model: string;
  file: string;
  /** The date (yyyy-mm-dd) acceptances were checked against: expiry depends on it. */
  asOf?: string;
  threats: Threat[];
  /**
   * Every rule that was run (the model's rules that type-checked, then the STRIDE baseline rules
   * `stride.<category>`), whether or not it produced a threat: SARIF declares them all so that a
   * code-scanning alert closes when its rule stops firing.
   */
  rules?: RuleInfo[];
}

export interface RuleInfo {
  id: string;
  title: string;
  category: StrideCategory;
  severity: Severity;
  cwe: number[];
  capec: number[];
  phase: Phase;
  controls: string[];
  description?: string;
  /** Where the rule is declared; absent for the built-in baseline. */
  source?: SourceRef;
}
