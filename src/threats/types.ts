// The threat register: what src/threats produces from a ResolvedModel, and what diagrams, reports,
// policies, check and trace consume. Plain data, JSON-serialisable (docs/threats-schema.json).
import type { Phase, Severity, SourceRef, StrideCategory } from '../model/types.js';

export type ThreatStatus = 'open' | 'mitigated' | 'accepted' | 'notApplicable';

/** Why a threat is mitigated: a control bound to the element, a `mitigate` statement, or code. */
export type MitigationEvidence =
  | { kind: 'control'; control: string; source: SourceRef }
  | { kind: 'statement'; control?: string; text?: string; fingerprint?: string; source: SourceRef }
  | { kind: 'code'; file: string; line: number; declaration?: string; control?: string; text?: string };

export interface Threat {
  /**
   * Stable id, e.g. "TH-1a2b3c4d": derived only from the rule id and the target's id, so it survives
   * unrelated edits and changes only when the element (or rule) is renamed. See docs/threats.md.
   */
  id: string;
  /** Rule id that produced it ('stride.<category>' for the STRIDE-per-element baseline). */
  rule: string;
  /**
   * True for a STRIDE-per-element baseline threat (rule `stride.<category>`): generic text that
   * fills a category no specific rule covered. Shown as such in every output; `--no-generic` hides it.
   */
  generic?: boolean;
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
  acceptance?: { owner: string; until: string; reason: string; expired: boolean; fingerprint?: string; source: SourceRef };
  notApplicable?: { reason: string; fingerprint?: string; source: SourceRef };
  /**
   * 8 hex digits over what a decision on this threat is about: the rule, the target's identity,
   * kind, title and ends, and the statement as instantiated. A decision records it (in
   * `acceptance`, `notApplicable` and statement evidence); `warden diff` reports a decided threat
   * whose fingerprint changed, so a decision never silently covers something else.
   */
  fingerprint?: string;
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
