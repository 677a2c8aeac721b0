// `warden check` without a model: a named profile of the control library applied to every workload
// and resource. The model is one element with the profile's controls, built in memory and derived
// with `coverAll` (every resource is covered by it), then run through the same compile/check
// pipeline; `synthesizeModel` (the model `warden init --from` writes, one element per workload)
// stays for callers that want per-workload elements. Findings keep their manifest locations; they carry no model line (there is no file)
// and no threat ids (threats belong to a model), and drift checks are left out: they compare the
// manifests with a model, and a model made from the same manifests would only agree with them.
import { hasErrors, type Diagnostic, type Result } from '../diagnostics/index.js';
import { checkSource, inProfile } from '../dsl/index.js';
import type { ControlDef, ResolvedModel } from '../model/types.js';
import { derivePolicy } from '../policy/derive.js';
import { wardenEngine, type LoadedPolicy, type PolicyEngine } from '../policy/engine.js';
import type { PolicyLibrary } from '../policy/library.js';
import { holdingValue, type ManifestSet } from './manifests.js';
import { START_A_MODEL } from './types.js';
import type { CheckPolicy } from './run.js';
import { compileInParts } from './findings-parts.js';
import { modelFromManifests } from './starter-model.js';

export const PROFILES = ['baseline', 'restricted', 'all'] as const;
export type ProfileName = (typeof PROFILES)[number];
export const DEFAULT_PROFILE: ProfileName = 'baseline';

/** Where the in-memory model lives; never shown in a finding. */
const SYNTHETIC_FILE = '<warden-profile>.warden';

/** What a report says about a run without a model. */
export interface ModellessInfo {
  profile: ProfileName;
  /** The profile's controls, applied to every workload. */
  controls: string[];
  /** The library checks those controls name. */
  checks: string[];
  /** One sentence for the report header: no model, which profile, no drift, how to start a model. */
  note: string;
}

let stdlibControls: ControlDef[] | undefined;

/** The standard library's controls (loaded once per process). */
export function libraryControls(): ControlDef[] {
  if (!stdlibControls) {
    const loaded = checkSource('<warden-stdlib>.warden', 'model "stdlib"\nuse "warden/kubernetes"\n');
    if (!loaded.value) throw new Error(`the standard library does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
    stdlibControls = loaded.value.controls;
  }
  return stdlibControls;
}

/** The controls of a profile: `baseline`, `restricted` (baseline included) or `all` (every control that names checks). */
export function profileControls(profile: ProfileName, controls: readonly ControlDef[] = libraryControls()): ControlDef[] {
  // The DSL's rule, so `--profile x` and `controls [profile(x)]` always mean the same controls.
  return controls.filter((c) => inProfile(c, profile)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function modellessInfo(profile: ProfileName): ModellessInfo {
  const controls = profileControls(profile);
  const checks = [...new Set(controls.flatMap((c) => c.policies))].sort();
  return {
    profile,
    controls: controls.map((c) => c.id),
    checks,
    note:
      `No model given: the "${profile}" profile (${controls.length} controls, ${checks.length} checks) was applied to every workload and resource. ` +
      `Drift checks need a model and were not run; ${START_A_MODEL}.`,
  };
}

/** The in-memory model for a manifest set: the text `warden init --from` writes, checked. */
export function synthesizeModel(set: ManifestSet, profile: ProfileName): Result<ResolvedModel | undefined> {
  // the synthesis reads each workload's value several times: read each once, held only meanwhile;
  // `controls [profile(<name>)]` on every element: the DSL expands it to the profile's controls.
  const held = set.resources.map(holdingValue);
  const text = modelFromManifests(held, { profile });
  const loaded = checkSource(SYNTHETIC_FILE, text);
  // A synthesized model with errors is Warden's bug, not the user's: say so plainly.
  if (!loaded.value) throw new Error(`the model synthesized from the manifests does not check: ${loaded.diagnostics.map((d) => `${d.code} ${d.span.line}: ${d.message}`).join('; ')}`);
  return { value: loaded.value, diagnostics: [] };
}

/**
 * The in-memory model of a profile run: one element with the profile's controls, standing for every
 * workload and resource (the policy is derived with `coverAll`, so it covers everything). Its size
 * does not grow with the manifests, unlike one element per workload.
 */
export function profileModel(profile: ProfileName): ResolvedModel {
  const text = [
    `model "profile ${profile}" { version "0.1" }`,
    'use "warden/kubernetes"',
    'boundary Cluster {',
    '  trust high',
    `  workload Everything "every workload and resource" { controls [profile(${profile})] }`,
    '}',
    '',
  ].join('\n');
  const loaded = checkSource(SYNTHETIC_FILE, text);
  if (!loaded.value) throw new Error(`the model of profile ${profile} does not check: ${loaded.diagnostics.map((d) => `${d.code} ${d.span.line}: ${d.message}`).join('; ')}`);
  return loaded.value;
}

/** Compiles and loads the policy of a profile (no drift checks, no threats). */
export async function prepareModellessPolicy(
  profile: ProfileName,
  options: { engine?: PolicyEngine; library?: PolicyLibrary } = {},
): Promise<Result<{ bundle: CheckPolicy; policy: LoadedPolicy } | undefined>> {
  const model = profileModel(profile);
  const derived = derivePolicy(model, { model: model.model.name, file: SYNTHETIC_FILE, threats: [] }, { library: options.library, drift: false, coverAll: true });
  const diagnostics: Diagnostic[] = derived.diagnostics.filter((d) => d.file !== SYNTHETIC_FILE);
  if (hasErrors(derived.diagnostics)) return { value: undefined, diagnostics: derived.diagnostics };
  const compiled = await compileInParts(options.engine ?? wardenEngine(), derived.value);
  diagnostics.push(...compiled.diagnostics);
  if (!compiled.value) return { value: undefined, diagnostics };
  return { value: { bundle: { ...derived.value, findingsEntrypoints: compiled.value.findings }, policy: compiled.value.policy }, diagnostics };
}
