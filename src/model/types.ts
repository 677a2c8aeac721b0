// The resolved, typed model: what the DSL front end produces and every later stage consumes.
// This file is the contract between stages. It is plain data (JSON-serialisable, no classes, no
// cycles: references are by id), so the JSON export (docs/model-schema.json) is this shape.
// Change it only additively; bump MODEL_SCHEMA_VERSION when a field changes meaning.

export const MODEL_SCHEMA_VERSION = 1;

/** Where a declaration or value was written: the model line a finding is traced back to. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type StrideCategory =
  | 'spoofing'
  | 'tampering'
  | 'repudiation'
  | 'informationDisclosure'
  | 'denialOfService'
  | 'elevationOfPrivilege';

export const STRIDE: readonly StrideCategory[] = [
  'spoofing',
  'tampering',
  'repudiation',
  'informationDisclosure',
  'denialOfService',
  'elevationOfPrivilege',
];

export type Phase = 'plan' | 'develop' | 'build' | 'deploy' | 'operate';
export const PHASES: readonly Phase[] = ['plan', 'develop', 'build', 'deploy', 'operate'];

/**
 * Named sets of Kubernetes controls a model-less `warden check` applies (`--profile`). A control
 * declares the smallest profile it belongs to (`profile baseline`); `restricted` includes
 * `baseline`; the `all` profile is every control that names policy checks.
 */
export type ControlProfile = 'baseline' | 'restricted';
export const CONTROL_PROFILES: readonly ControlProfile[] = ['baseline', 'restricted'];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Trust levels, lowest first; `trustRank` is the index here. */
export type TrustLevel = 'untrusted' | 'low' | 'medium' | 'high' | 'system';
export const TRUST_LEVELS: readonly TrustLevel[] = ['untrusted', 'low', 'medium', 'high', 'system'];

/** Data classifications, least sensitive first; `classificationRank` is the index here. */
export type Classification = 'public' | 'internal' | 'confidential' | 'restricted';
export const CLASSIFICATIONS: readonly Classification[] = ['public', 'internal', 'confidential', 'restricted'];

/** The four DFD element families every kind reduces to. */
export type BaseKind = 'actor' | 'process' | 'store' | 'flow';

// ---------------------------------------------------------------------------------------------
// Attribute values and types

/**
 * A typed attribute value. Scalars are JSON scalars; dates, enum members and references are tagged
 * so that consumers never have to guess (an enum member `internet` is not the string "internet").
 */
export type AttrValue =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'date'; value: string } // ISO yyyy-mm-dd
  | { type: 'enum'; value: string }
  | { type: 'ref'; target: string; targetKind: 'element' | 'data' | 'boundary' | 'control' }
  | { type: 'list'; items: AttrValue[] };

export type AttrType =
  | { type: 'string' }
  | { type: 'number' }
  | { type: 'bool' }
  | { type: 'date' }
  | { type: 'enum'; members: string[] }
  | { type: 'ref'; to: 'element' | 'data' | 'boundary' | 'control'; kind?: string }
  | { type: 'list'; of: AttrType };

export interface AttrDef {
  name: string;
  valueType: AttrType;
  default?: AttrValue;
  required: boolean;
  doc?: string;
  source: SourceRef;
}

/** An element kind, declared in the DSL (`kind workload extends process { ... }`). */
export interface KindDef {
  name: string;
  /** Direct parent kind name; undefined for the four base kinds. */
  extends?: string;
  base: BaseKind;
  /** Whether an element of this kind must sit inside a boundary. */
  requiresBoundary: boolean;
  /** Own and inherited attributes, keyed by name. */
  attributes: Record<string, AttrDef>;
  doc?: string;
  source: SourceRef;
}

// ---------------------------------------------------------------------------------------------
// Declarations

export interface DataAsset {
  id: string;
  title: string;
  classification: Classification;
  attributes: Record<string, AttrValue>;
  source: SourceRef;
}

export interface Boundary {
  id: string;
  title: string;
  /** Enclosing boundary id, if nested. */
  parent?: string;
  /** Declared trust, or inherited from the nearest ancestor that declares one (else 'untrusted'). */
  trust: TrustLevel;
  trustRank: number;
  /** Kubernetes namespace bound to this boundary, if any (`namespace "payments"`). */
  namespace?: string;
  attributes: Record<string, AttrValue>;
  source: SourceRef;
}

/** A control applied to an element or flow, with its arguments: `trustedRegistry("contoso.azurecr.io")`. */
export interface ControlUse {
  control: string;
  args: AttrValue[];
  source: SourceRef;
}

export interface Element {
  id: string;
  title: string;
  /** Declared kind name (e.g. 'workload'); resolves to a KindDef. */
  kind: string;
  base: Exclude<BaseKind, 'flow'>;
  boundary?: string;
  /** Explicit attributes merged over the kind's defaults. */
  attributes: Record<string, AttrValue>;
  controls: ControlUse[];
  source: SourceRef;
}

export interface Flow {
  /** Explicit name, or `${from}->${to}` (suffixed `#2`, `#3`, ... for parallel flows, in source order). */
  id: string;
  /**
   * Stable identity when it differs from `id`: for an unnamed flow, `From->To "title"` (plus `#n`
   * only for untitled or same-titled duplicates). Threat ids hash `key ?? id`, never the position of
   * the flow among the flows between the same pair.
   */
  key?: string;
  title: string;
  kind: string;
  from: string;
  to: string;
  /** Data asset ids carried (the `carries [...]` attribute, also present in `attributes`). */
  data: string[];
  attributes: Record<string, AttrValue>;
  controls: ControlUse[];
  source: SourceRef;
}

/** A parameter a control takes, e.g. `param registries: list<string>`. */
export interface ControlParam {
  name: string;
  valueType: AttrType;
  default?: AttrValue;
  /** Declared `required param`: every use of the control must pass it. Other parameters are optional. */
  required?: boolean;
}

export interface ControlDef {
  id: string;
  title: string;
  description?: string;
  /** Policy check ids that enforce this control (e.g. 'K8S-010'); empty for process/organisational controls. */
  policies: string[];
  /** STRIDE categories this control mitigates on the element it is applied to. */
  mitigates: StrideCategory[];
  phase: Phase;
  /** Smallest profile that includes the control (`profile baseline`); absent: only in `all`. */
  profile?: ControlProfile;
  params: ControlParam[];
  source: SourceRef;
}

/** A condition expression of the threat rule language, with spans for diagnostics. */
export type ConditionExpr =
  | { op: 'and' | 'or'; args: ConditionExpr[]; source: SourceRef }
  | { op: 'not'; arg: ConditionExpr; source: SourceRef }
  | { op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: ConditionExpr; right: ConditionExpr; source: SourceRef }
  | { op: 'in'; left: ConditionExpr; right: ConditionExpr; source: SourceRef }
  /** A dotted path: `authn`, `from.boundary.trust`, `to.kind`. */
  | { op: 'path'; path: string[]; source: SourceRef }
  /** A function-style call: `has(authn)`, `any(carries, classification >= confidential)`, `hasControl(nonRoot)`. */
  | { op: 'call'; name: string; args: ConditionExpr[]; source: SourceRef }
  | { op: 'literal'; value: AttrValue | { type: 'ident'; value: string }; source: SourceRef }
  | { op: 'list'; items: ConditionExpr[]; source: SourceRef };

/** A threat rule as declared in the DSL (`threat Name "title" { on ... when ... }`). */
export interface ThreatRuleDef {
  id: string;
  title: string;
  /** Which elements the rule applies to: a base kind or a declared kind name (and its sub-kinds). */
  appliesTo: string;
  category: StrideCategory;
  when?: ConditionExpr;
  severity: Severity;
  likelihood?: 'low' | 'medium' | 'high';
  impact?: 'low' | 'medium' | 'high';
  cwe: number[];
  capec: number[];
  phase: Phase;
  /** Control ids that mitigate this threat when applied to the element. */
  controls: string[];
  /** Statement template with `{placeholders}` filled from the model. */
  statement: string;
  description?: string;
  source: SourceRef;
}

/** `mitigate Api.spoofing by mtls "reason"` or `mitigate T-1a2b3c by "text"`. */
export interface Mitigation {
  /** Threat reference as written: an element/flow id with a STRIDE category, or a threat id. */
  target: ThreatRef;
  control?: string;
  text?: string;
  source: SourceRef;
}

/** `accept Ledger.repudiation owner "sec-team" until 2027-03-01 because "..."`. */
export interface Acceptance {
  target: ThreatRef;
  owner: string;
  until: string; // ISO date
  reason: string;
  source: SourceRef;
}

/** `notApplicable Api.denialOfService because "..."`. */
export interface NotApplicable {
  target: ThreatRef;
  reason: string;
  source: SourceRef;
}

/** `waive K8S-013 for "deployment/legacy" owner "..." until 2027-01-01 because "..."` (policy findings). */
export interface Waiver {
  check: string;
  resource: string;
  owner: string;
  until: string;
  reason: string;
  source: SourceRef;
}

export type ThreatRef =
  | { kind: 'category'; element: string; category: StrideCategory; rule?: string }
  | { kind: 'id'; id: string };

export interface ModelInfo {
  name: string;
  attributes: Record<string, AttrValue>;
  source: SourceRef;
}

export interface ResolvedModel {
  schemaVersion: typeof MODEL_SCHEMA_VERSION;
  /** The entry file as given to the loader. */
  file: string;
  /** Every file that contributed, entry first, then imports in resolution order. */
  files: string[];
  model: ModelInfo;
  kinds: Record<string, KindDef>;
  data: DataAsset[];
  boundaries: Boundary[];
  elements: Element[];
  flows: Flow[];
  controls: ControlDef[];
  rules: ThreatRuleDef[];
  mitigations: Mitigation[];
  acceptances: Acceptance[];
  notApplicable: NotApplicable[];
  waivers: Waiver[];
}
