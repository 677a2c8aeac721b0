// `runCheck`: the model's promises against a manifest set. Derive the bundle, compile it, load it,
// evaluate once over {"resources": [...]}, then turn the raw rows into findings: positions from the
// loader, suppressions from waivers and annotations, stable fingerprints, deterministic order.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import { emptySpan, hasErrors, type Diagnostic, type Result } from '../diagnostics/index.js';
import type { ResolvedModel, Severity } from '../model/types.js';
import { derivePolicy, type WardenData } from '../policy/derive.js';
import { wardenEngine, type LoadedPolicy, type PolicyEngine } from '../policy/engine.js';
import type { CheckInfo, PolicyLibrary } from '../policy/library.js';
import type { ThreatRegister } from '../threats/types.js';
import { modellessInfo, prepareModellessPolicy, type ProfileName } from './modelless.js';
import { loadManifests, resourceValue, type LoadOptions, type ManifestResource, type ManifestSet } from './manifests.js';
import { cleanRow, findingMerger, NO_ELEMENTS } from './merge.js';
import { CHUNK_BYTES, compileInParts, PARTS_MAX_INPUT, type FindingsParts } from './findings-parts.js';
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

/**
 * The policy input `{"resources": [...]}` as UTF-8 JSON bytes, written one resource at a time: each
 * value is read, written and dropped, so the set's values, a JSON string of them all and its bytes
 * never exist at once (the evaluator takes the bytes as they are). Byte for byte what
 * JSON.stringify gives for the whole input (of each resource as `project` gives it).
 */
export function policyInputBytes(resources: readonly ManifestResource[], project: (value: unknown) => unknown = (v) => v): { bytes: Uint8Array } {
  const encoder = new TextEncoder();
  let buf = new Uint8Array(Math.max(1024, resources.length * 512));
  let len = 0;
  const write = (s: string) => {
    // encodeInto writes at most 3 bytes per UTF-16 unit
    if (len + s.length * 3 > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, len + s.length * 3));
      bigger.set(buf.subarray(0, len));
      buf = bigger;
    }
    len += encoder.encodeInto(s, buf.subarray(len)).written;
  };
  write(INPUT_HEAD);
  resources.forEach((r, i) => write((i > 0 ? ',' : '') + JSON.stringify(project(resourceValue(r)))));
  write(INPUT_TAIL);
  return { bytes: buf.subarray(0, len) };
}

const INPUT_HEAD = '{"resources":[';

/** Where each workload kind keeps its pod spec (as policies/lib/k8s.rego reads it). */
const POD_SPEC_AT: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/**
 * A resource with its pod spec (containers, volumes, ...) replaced by {}, for the checks that
 * declare they never read one (`custom.pod_spec: false`): copies only the objects on the way.
 */
export function withoutPodSpec(value: unknown): unknown {
  const kind = (value as { kind?: unknown } | null)?.kind;
  const at = typeof kind === 'string' && Object.hasOwn(POD_SPEC_AT, kind) ? POD_SPEC_AT[kind]! : undefined;
  if (!at) return value;
  const strip = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const key = at[depth]!;
    if (!Object.hasOwn(v, key)) return v;
    const o = v as Record<string, unknown>;
    return { ...o, [key]: depth === at.length - 1 ? {} : strip(o[key], depth + 1) };
  };
  return strip(value, 0);
}
const INPUT_TAIL = ']}';

/** The whole policy input for `resources` (each as `project` gives it), as the evaluator takes it. */
export function policyInput(resources: readonly ManifestResource[], project?: (value: unknown) => unknown): ArrayBuffer {
  return exactBuffer(policyInputBytes(resources, project).bytes);
}

/** The bytes as an ArrayBuffer of their own (the evaluator takes whole buffers): copied only when they are a view into a larger one. */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  const b = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === b.byteLength ? b : b.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/**
 * The resources as JSON texts, in consecutive chunks of about `maxBytes` (a larger resource is a
 * chunk of its own): each resource is read and serialised once, and only one chunk's texts exist
 * at a time.
 */
export function* jsonChunks(resources: readonly ManifestResource[], maxBytes: number): Generator<{ offset: number; jsons: string[] }> {
  let offset = 0;
  let jsons: string[] = [];
  let size = 0;
  for (let i = 0; i < resources.length; i++) {
    const json = JSON.stringify(resourceValue(resources[i]!));
    if (jsons.length > 0 && size + json.length > maxBytes) {
      yield { offset, jsons };
      offset = i;
      jsons = [];
      size = 0;
    }
    jsons.push(json);
    size += json.length + 1;
  }
  if (jsons.length > 0) yield { offset, jsons };
}

/** `{"resources": [...]}` from the resources' JSON texts, as the evaluator takes it. */
export function inputOfJson(jsons: readonly string[]): ArrayBuffer {
  return exactBuffer(new TextEncoder().encode(INPUT_HEAD + jsons.join(',') + INPUT_TAIL));
}

/** The resources offset ... offset + count - 1 and every `context` resource outside them, ascending. */
export function withContextIndices(offset: number, count: number, context: readonly number[]): number[] {
  const out: number[] = [];
  let k = 0;
  while (k < context.length && context[k]! < offset) out.push(context[k++]!);
  for (let i = offset; i < offset + count; i++) out.push(i);
  while (k < context.length && context[k]! < offset + count) k++;
  while (k < context.length) out.push(context[k++]!);
  return out;
}



// One-shot hashing (Node 20.12+) makes no Hash object: tens of thousands of those, each holding
// native memory until a collection finalises it, were the peak of a findings-heavy run.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

function fingerprint(parts: readonly string[]): string {
  const text = parts.join('\u0000');
  const digest = oneShot ? oneShot('sha256', text, 'buffer') : createHash('sha256').update(text).digest();
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

/** The compiled policy: given, derived from the model, or from the profile of a run without one. */
async function checkPolicy(options: CheckOptions): Promise<Result<{ bundle: CheckPolicy; policy: LoadedPolicy } | undefined>> {
  if (options.compiled) return { value: options.compiled, diagnostics: [] };
  if (options.model && options.register) return preparePolicy(options.model, options.register, options);
  if (options.profile) return prepareModellessPolicy(options.profile, options);
  throw new Error('runCheck needs a model and its threat register, a compiled policy, or a profile');
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
  const modelless = !options.compiled && !(options.model && options.register) && options.profile ? modellessInfo(options.profile) : undefined;
  const prepared = await checkPolicy(options);
  diagnostics.push(...prepared.diagnostics);
  if (!prepared.value) return { value: undefined, diagnostics };
  const { bundle, policy } = prepared.value;

  const rules = new Map<string, RuleInfo>(
    bundle.checks.map((c) => [c.id, { id: c.id, title: c.title, description: c.description, severity: c.severity, family: c.family, stride: c.stride, file: c.file, ...(c.remediation ? { remediation: c.remediation } : {}) }]),
  );
  if (!modelless) rules.set(WAIVER_RULE.id, WAIVER_RULE);
  const merger = findingMerger({ rules, bundle, model: options.model, resources: set.resources, display });
  try {
    evaluateFindings(policy, bundle, set.resources, (row) => {
      if (row !== null && typeof row === 'object') merger.add(cleanRow(row as Record<string, unknown>));
    });
  } catch (err) {
    // A policy from a bundle is input: its failure is the bundle's, reported as such. A policy
    // Warden derived and compiled itself failing is a bug, and surfaces as one.
    if (options.policySource === undefined) throw err;
    const why = String((err as Error)?.message ?? err).split('\n')[0];
    diagnostics.push({ code: 'WD5012', severity: 'error', message: `bundle ${options.policySource}: its policy failed while evaluating (${why})`, file: options.policySource, span: emptySpan, hint: 'the bundle is damaged or was not written by `warden export bundle`; export it again' });
    return { value: undefined, diagnostics };
  }
  const findings = merger.findings();
  locateFindings(findings, set.resources);
  // Pipeline claims of the model (pinnedActions, oidcFederation) against the workflows read.
  if (options.model) {
    const claims = await pipelineClaimFindings(options.model, set.resources, cwd, display);
    findings.push(...claims.findings);
    for (const r of claims.rules) rules.set(r.id, r);
  }
  if (modelless) for (const f of findings) withoutModel(f, modelless.profile);
  const supp = applySuppressions(findings, options.model?.waivers ?? [], set.resources, today, display);
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
 * The policy's rows for these resources: its whole-input parts on the whole
 * input, its per-resource parts chunk by chunk (see findings-parts.ts), rows' resource indexes
 * made absolute, each row handed to `onRow`. A policy without parts (a bundle's) is evaluated whole.
 */
function evaluateFindings(policy: LoadedPolicy, bundle: CheckPolicy, resources: readonly ManifestResource[], onRow: (row: unknown) => void): void {
  const parts = bundle.findingsEntrypoints ?? { whole: [bundle.entrypoints[0]!], perResource: [] };
  // `index(local)`: the resource a row's index names, or -1 for a row to drop (a context resource's)
  const evaluate = (input: ArrayBuffer, entrypoint: string, index?: (local: number) => number) => {
    const part = policy.evaluate(input, entrypoint)[0]?.result;
    if (!Array.isArray(part)) return;
    for (const row of part) {
      const r = row as { resource?: unknown } | null;
      if (index && r && typeof r === 'object' && Number.isInteger(r.resource) && (r.resource as number) >= 0) {
        const global = index(r.resource as number);
        if (global < 0) continue;
        r.resource = global;
      }
      onRow(row);
    }
  };
  // the whole input, with or without pod specs, built only for the parts that need it
  const wholeParts = (project: ((v: unknown) => unknown) | undefined, each: readonly string[] | undefined, union: string | undefined) => {
    if (!each || each.length === 0) return;
    const input = policyInput(resources, project);
    for (const entrypoint of union && input.byteLength > PARTS_MAX_INPUT ? [union] : each) evaluate(input, entrypoint);
  };
  wholeParts(undefined, parts.whole, parts.wholeUnion);
  wholeParts(withoutPodSpec, parts.projected, parts.projectedUnion);
  if (parts.perResource.length === 0 && !parts.withContext) return;
  const ctx = parts.withContext;
  const kinds = new Set(ctx?.contextKinds ?? []);
  const context = ctx ? resources.flatMap((r, i) => (kinds.has(r.kind) ? [i] : [])) : [];
  const contextJson = new Map(context.map((i) => [i, JSON.stringify(resourceValue(resources[i]!))]));
  for (const { offset, jsons } of jsonChunks(resources, CHUNK_BYTES)) {
    const count = jsons.length;
    if (parts.perResource.length > 0) {
      const input = inputOfJson(jsons);
      for (const entrypoint of parts.perResource) evaluate(input, entrypoint, (local) => (local < count ? offset + local : -1));
    }
    if (!ctx) continue;
    const indices = withContextIndices(offset, count, context);
    const input = inputOfJson(indices.map((i) => (i >= offset && i < offset + count ? jsons[i - offset]! : contextJson.get(i)!)));
    const own = (local: number) => {
      const global = indices[local] ?? -1;
      return global >= offset && global < offset + count ? global : -1;
    };
    for (const entrypoint of ctx.entrypoints) evaluate(input, entrypoint, own);
  }
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
