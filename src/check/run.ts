// `runCheck`: the model's promises against a manifest set. Derive the bundle, compile it, load it,
// evaluate once over {"resources": [...]}, then turn the raw rows into findings: positions from the
// loader, suppressions from waivers and annotations, stable fingerprints, deterministic order.
import * as crypto from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import { emptySpan, hasErrors, type Diagnostic, type Result } from '../diagnostics/index.js';
import type { ResolvedModel, Severity } from '../model/types.js';
import { derivePolicy, type WardenData } from '../policy/derive.js';
import { wardenEngine, type LoadedPolicy, type PolicyEngine } from '../policy/engine.js';
import { PolicyMemoryLimit } from '../rego/index.js';
import type { CheckInfo, PolicyLibrary } from '../policy/library.js';
import type { ThreatRegister } from '../threats/types.js';
import { modellessInfo, prepareModellessPolicy, type ProfileName } from './modelless.js';
import { loadManifests, type LoadOptions, type ManifestResource, type ManifestSet } from './manifests.js';
import { cleanRow, findingMerger, NO_ELEMENTS } from './merge.js';
import { compileInParts, type FindingsParts } from './findings-parts.js';
import { evaluateFindings } from './evaluate.js';
import { type CheckReport, type Finding, type RuleInfo } from './types.js';
import { applySuppressions, WAIVER_RULE } from './waivers.js';
import { pipelineClaimFindings } from './sources/drift.js';
import { countFindings } from './report/group.js';

/**
 * What a check needs of a compiled policy: its entry point, what each check is, and the model
 * facts it carries. A derived bundle has all of it; so does an exported OPA bundle read back
 * (`warden check --bundle`), whose manifest describes its checks.
 */
export interface CheckPolicy {
  entrypoints: readonly string[];
  checks: ReadonlyArray<Pick<CheckInfo, 'id' | 'title' | 'description' | 'severity' | 'family' | 'stride' | 'file' | 'remediation'>>;
  data: { warden: Pick<WardenData, 'model'> };
  /**
   * The entry points whose rows together make the findings, and the input each needs (see
   * findings-parts.ts); by default the first of `entrypoints`, on the whole input.
   */
  findingsEntrypoints?: FindingsParts;
}

export interface CheckOptions {
  /**
   * The model: waivers, and the source lines of flows and boundaries. Optional with `compiled`
   * (a bundle carries the model facts its findings need; without a model there are no waivers).
   */
  model?: ResolvedModel;
  register?: ThreatRegister;
  /** Shown as the model file when there is no model (the bundle's path). */
  policySource?: string;
  /** A loaded manifest set, or inputs to load (files, directories, `-`). */
  manifests: ManifestSet | readonly string[];
  failOn?: Severity;
  /** Options for loading `manifests` when given as inputs. */
  load?: LoadOptions;
  engine?: PolicyEngine;
  /** A full garbage collection (`gc` under --expose-gc): run where an evaluation's memory becomes garbage. */
  collectGarbage?: () => void;
  library?: PolicyLibrary;
  /** Today as yyyy-mm-dd (waiver expiry); default: the current UTC date. */
  today?: string;
  /** Base for repo-relative paths in reports; default: process.cwd(). */
  cwd?: string;
  /** A compiled, loaded policy, to skip derivation and compilation (many sets, or a bundle). */
  compiled?: { bundle: CheckPolicy; policy: LoadedPolicy };
  /**
   * No model: apply this profile of the control library to every workload and resource (see
   * src/check/modelless.ts). Used when neither `model` nor `compiled` is given.
   */
  profile?: ProfileName;
  /** Accept a manifest set with no resource (default: an error, WD5015: often a broken pipe). */
  allowEmpty?: boolean;
  /**
   * Whether `warden.dev/ignore` annotations suppress findings (default true). False for runs on
   * pull requests whose authors can edit the manifests: the findings stay open, a WD5019 each.
   */
  ignoreAnnotations?: boolean;
}

/** Compiles and loads the model's bundle; reusable across several manifest sets. */
export async function preparePolicy(
  model: ResolvedModel,
  register: ThreatRegister,
  options: { engine?: PolicyEngine; library?: PolicyLibrary } = {},
): Promise<Result<{ bundle: CheckPolicy; policy: LoadedPolicy } | undefined>> {
  const derived = derivePolicy(model, register, { library: options.library });
  if (hasErrors(derived.diagnostics)) return { value: undefined, diagnostics: derived.diagnostics };
  const compiled = await compileInParts(options.engine ?? wardenEngine(), derived.value);
  const diagnostics = [...derived.diagnostics, ...compiled.diagnostics];
  if (!compiled.value) return { value: undefined, diagnostics };
  return { value: { bundle: { ...derived.value, findingsEntrypoints: compiled.value.findings }, policy: compiled.value.policy }, diagnostics };
}

// One-shot hashing (Node 20.12+) makes no Hash object: tens of thousands of those, each holding
// native memory until a collection finalises it, were the peak of a findings-heavy run.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

function fingerprint(parts: readonly string[]): string {
  const text = parts.join('\u0000');
  const digest = oneShot ? oneShot('sha256', text, 'buffer') : crypto.createHash('sha256').update(text).digest();
  // the first 16 bytes as hex: a flat 32-character string (a slice of the whole digest's hex would
  // keep all 64 characters alive, once per finding)
  return digest.toString('hex', 0, 16);
}

/** The manifest set to check: loaded from the inputs (diagnostics added), or as given. */
async function manifestSet(options: CheckOptions, cwd: string, diagnostics: Diagnostic[]): Promise<ManifestSet> {
  let set: ManifestSet;
  if (Array.isArray(options.manifests)) {
    const loaded = await loadManifests(options.manifests as string[], { cwd, ...options.load });
    diagnostics.push(...loaded.diagnostics);
    set = loaded.value;
  } else set = options.manifests as ManifestSet;
  if (set.resources.length === 0 && !options.allowEmpty && !hasErrors(diagnostics)) diagnostics.push(emptyInput(options.manifests, set));
  return set;
}

/** The profile a run applies: set when there is neither a compiled policy nor a model. */
function profileOf(options: CheckOptions): ProfileName | undefined {
  return !options.compiled && !(options.model && options.register) ? options.profile : undefined;
}

/** The compiled policy: given, derived from the model, or from the profile of a run without one. */
async function checkPolicy(options: CheckOptions): Promise<Result<{ bundle: CheckPolicy; policy: LoadedPolicy } | undefined>> {
  if (options.compiled) return { value: options.compiled, diagnostics: [] };
  if (options.model && options.register) return preparePolicy(options.model, options.register, options);
  const profile = profileOf(options);
  if (profile) return prepareModellessPolicy(profile, options);
  throw new Error('runCheck needs a model and its threat register, a compiled policy, or a profile');
}

/**
 * The policy's findings, merged as its rows arrive (src/check/merge.ts). A function of its own so
 * that the merge tables are garbage once it returns.
 */
function mergedFindings(
  policy: LoadedPolicy,
  bundle: CheckPolicy,
  set: ManifestSet,
  ctx: Omit<Parameters<typeof findingMerger>[0], 'bundle' | 'resources'>,
  collect: (() => void) | undefined,
): Finding[] {
  const merger = findingMerger({ ...ctx, bundle, resources: set.resources });
  const onRow = (row: unknown) => {
    if (row !== null && typeof row === 'object') merger.add(cleanRow(row as Record<string, unknown>));
  };
  evaluateFindings(policy, bundle.findingsEntrypoints, bundle.entrypoints[0]!, set.resources, onRow, collect);
  return merger.findings();
}

/** A finding's stable fingerprint: its check, resource (or model place), path and element. */
function fingerprintOf(f: Finding): string {
  const identity = f.resource ? `${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}` : `model:${f.element ?? ''}:${f.boundary ?? ''}:${f.flow ?? ''}:${f.message}`;
  return fingerprint([f.check, identity, JSON.stringify(f.location?.path ?? []), f.element ?? '']);
}

export async function runCheck(options: CheckOptions): Promise<Result<CheckReport | undefined>> {
  const cwd = options.cwd ?? process.cwd();
  const failOn = options.failOn ?? 'low';
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const diagnostics: Diagnostic[] = [];
  const display = (f: string) => {
    if (!f || !isAbsolute(f)) return f;
    const rel = relative(cwd, f);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : f;
  };

  const set = await manifestSet(options, cwd, diagnostics);
  const profile = profileOf(options);
  const modelless = profile ? modellessInfo(profile) : undefined;
  const prepared = await checkPolicy(options);
  diagnostics.push(...prepared.diagnostics);
  if (!prepared.value) return { value: undefined, diagnostics };
  const { bundle, policy } = prepared.value;

  const rules = new Map<string, RuleInfo>(
    bundle.checks.map((c) => [c.id, { id: c.id, title: c.title, description: c.description, severity: c.severity, family: c.family, stride: c.stride, file: c.file, ...(c.remediation ? { remediation: c.remediation } : {}) }]),
  );
  if (!modelless) rules.set(WAIVER_RULE.id, WAIVER_RULE);
  let findings: Finding[];
  try {
    findings = mergedFindings(policy, bundle, set, { rules, model: options.model, display }, options.collectGarbage);
  } catch (err) {
    // The memory limit is a limit, whoever's policy reached it: WD5020, with the flag that raises it.
    if (err instanceof PolicyMemoryLimit) {
      const of = options.policySource === undefined ? 'the policy' : `bundle ${options.policySource}: its policy`;
      diagnostics.push({ code: 'WD5020', severity: 'error', message: `${of} needed more than ${Math.round(err.limitBytes / 1024 / 1024)} MiB of memory to evaluate these ${set.resources.length} resources; not checked`, file: options.policySource ?? '', span: emptySpan, hint: 'a damaged bundle, or an input far larger than usual: raise the limit with --max-policy-memory <bytes> if it is genuine' });
      return { value: undefined, diagnostics };
    }
    // A policy from a bundle is input: its failure is the bundle's, reported as such. A policy
    // Warden derived and compiled itself failing is a bug, and surfaces as one.
    if (options.policySource === undefined) throw err;
    const why = String((err as Error)?.message ?? err).split('\n')[0];
    diagnostics.push({ code: 'WD5012', severity: 'error', message: `bundle ${options.policySource}: its policy failed while evaluating (${why})`, file: options.policySource, span: emptySpan, hint: 'the bundle is damaged or was not written by `warden export bundle`; export it again' });
    return { value: undefined, diagnostics };
  }
  locateFindings(findings, set.resources);
  // Pipeline claims of the model (pinnedActions, oidcFederation) against the workflows read.
  if (options.model) {
    const claims = await pipelineClaimFindings(options.model, set.resources, cwd, display);
    findings.push(...claims.findings);
    for (const r of claims.rules) rules.set(r.id, r);
  }
  if (modelless) for (const f of findings) withoutModel(f, modelless.profile);
  const supp = applySuppressions(findings, options.model?.waivers ?? [], set.resources, today, display, { annotations: options.ignoreAnnotations !== false });
  findings.push(...supp.extra);
  diagnostics.push(...supp.diagnostics);
  for (const f of findings) f.fingerprint = fingerprintOf(f);
  findings.sort(compareFindings);

  const report: CheckReport = {
    model: options.model?.model.name ?? bundle.data.warden.model.name,
    modelFile: options.model ? display(options.model.file) : display(options.policySource ?? ''),
    files: set.files,
    failOn,
    rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    findings,
    summary: { resources: set.resources.length, ...countFindings(findings, failOn) },
    diagnostics,
    ...(modelless ? { modelless } : {}),
  };
  if (modelless) {
    report.model = '';
    report.modelFile = '';
  }
  return { value: report, diagnostics };
}

/**
 * Positions for the findings, computed in resource order: a resource reads its document again to
 * find a position, and keeps only the last few, so the findings of one resource go together.
 */
function locateFindings(findings: readonly Finding[], resources: readonly ManifestResource[]): void {
  const located = findings.filter((f) => f.resource && f.location);
  located.sort((a, b) => a.resource!.index - b.resource!.index);
  for (const f of located) {
    const pos = resources[f.resource!.index]!.position(f.location!.path);
    Object.assign(f.location!, { file: pos.file, line: pos.line, column: pos.column, exact: pos.exact });
  }
}

/**
 * A finding of a run without a model: the in-memory model's elements, lines and (empty) threats
 * exist nowhere on disk, so they go; the profile and how to start a model take their place.
 */
function withoutModel(f: Finding, profile: ProfileName): void {
  // undefined, not `delete`: a deleted property turns each of tens of thousands of findings into a
  // slow, larger dictionary object; JSON and every reporter skip undefined fields alike
  f.model = undefined;
  f.element = undefined;
  f.elements = NO_ELEMENTS;
  f.threats = NO_ELEMENTS;
  f.profile = profile;
}

/** WD5015: nothing to check. Usually `helm template ... |` failed and piped nothing. */
export function emptyInput(inputs: CheckOptions['manifests'], set: ManifestSet): Diagnostic {
  const stdin = Array.isArray(inputs) && (inputs as string[]).includes('-');
  const what = stdin && set.files.length <= 1 ? 'standard input is empty' : `no Kubernetes resource in ${set.files.length > 0 ? set.files.join(', ') : 'the inputs'}`;
  return {
    code: 'WD5015',
    severity: 'error',
    message: `${what}: nothing to check`,
    file: stdin ? '<stdin>' : (set.files[0] ?? ''),
    span: emptySpan,
    hint: stdin
      ? 'if a command piped into warden failed (helm template, kustomize build), its error is above; pass --allow-empty if an empty set is expected'
      : 'check the paths; pass --allow-empty if an empty set is expected',
  };
}

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Manifest findings by file and position, then model-only findings by model line; ties by check. */
export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location?.file ?? `\uffff${a.model?.file ?? ''}`;
  const fb = b.location?.file ?? `\uffff${b.model?.file ?? ''}`;
  return (
    cmp(fa, fb) ||
    cmp(a.location?.line ?? a.model?.line ?? 0, b.location?.line ?? b.model?.line ?? 0) ||
    cmp(a.location?.column ?? 0, b.location?.column ?? 0) ||
    cmp(a.resource?.index ?? -1, b.resource?.index ?? -1) ||
    cmp(a.check, b.check) ||
    cmp(a.message, b.message)
  );
}
