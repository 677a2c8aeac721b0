// The check report: what `runCheck` produces and every reporter (text, JSON, SARIF, JUnit, GitHub)
// renders. Plain data, JSON-serialisable, deterministic order.
import type { Diagnostic } from '../diagnostics/index.js';
import type { Severity } from '../model/types.js';

export const START_A_MODEL = 'start one with `warden init --from <manifests>`';

/** What each finding of a run without a model says (text, SARIF, JUnit, GitHub). */
export function noModelNote(profile: string): string {
  return `profile ${profile}, no model (\`warden init --from\` starts one)`;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Why a finding does not fail the run. */
export interface Suppression {
  /** 'waiver': a `waive` statement in the model; 'annotation': `warden.dev/ignore` on the resource. */
  kind: 'waiver' | 'annotation';
  owner?: string;
  until?: string;
  reason?: string;
  /** Where the suppression is written (model line for waivers, manifest line for annotations). */
  file: string;
  line: number;
}

export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  family: 'library' | 'drift' | 'waiver';
  stride: string[];
  remediation?: string;
  /** Library file that defines it ('policies/k8s/host_network.rego'). */
  file?: string;
}

export interface Finding {
  check: string;
  title: string;
  severity: Severity;
  family: RuleInfo['family'];
  message: string;
  /** The resource the finding is about; absent for model-only findings (a missing workload, an expired waiver). */
  resource?: { index: number; kind: string; namespace?: string; name: string; label: string };
  /** Where to look in the manifests: the offending field, or its nearest existing ancestor. */
  location?: { file: string; line: number; column: number; path: Array<string | number>; exact: boolean; template?: string };
  /** Model element the finding is traced to (the first, when several cover the resource). */
  element?: string;
  elements: string[];
  controls: string[];
  threats: string[];
  flow?: string;
  boundary?: string;
  /** The model line that made the promise: the `controls [...]` use, or the element/flow/boundary/waiver. */
  model?: { file: string; line: number };
  suppressed?: Suppression;
  /** Objects folded into this finding (one per file for K8S-038, see report/group.ts), first included. */
  related?: Array<{ label: string; message: string; line: number; column: number }>;
  /** Set when no model was given: the profile of the control library that produced the finding. */
  profile?: string;
  /** Stable across unrelated edits: check, resource identity, field path, element. */
  fingerprint: string;
}

export interface CheckSummary {
  resources: number;
  findings: number;
  open: number;
  suppressed: number;
  /** Open findings at or above --fail-on. */
  failing: number;
  bySeverity: Record<Severity, number>;
}

export interface CheckReport {
  model: string;
  modelFile: string;
  files: string[];
  failOn: Severity;
  /** Every rule that could have fired (for SARIF `rules` and JUnit test cases). */
  rules: RuleInfo[];
  findings: Finding[];
  summary: CheckSummary;
  /** Input problems found on the way (malformed documents, unused waivers), not findings. */
  diagnostics: Diagnostic[];
  /** Set when no model was given (`warden check <manifests>`): the profile applied, and why there is no drift. */
  modelless?: { profile: string; controls: string[]; checks: string[]; note: string };
}
