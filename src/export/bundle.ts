// `warden export bundle`: the model's policy as an OPA bundle (tar.gz).
//
//   /.manifest      revision (sha256 of every other file), roots ["warden"], wasm entry point
//                   warden/main/findings -> /policy.wasm with its rule annotations, then the
//                   entry points of its parts (findings_r, findings_c, findings_p0, ...), metadata
//                   (model, controls -> checks -> threats, admission coverage, findingsParts: which
//                   parts `warden check --bundle` evaluates on chunks, with context, or whole; see
//                   src/check/findings-parts.ts)
//   /policy.wasm    compiled by Warden's own Rego compiler (src/rego)
//   /data.json      {"warden": ...}: params, enforcement map, model facts (src/policy)
//   /policies/**    every Rego source compiled, library and generated
//
// The derivation and compilation are src/policy's (buildPolicy); this module only packages them.
import { createHash } from 'node:crypto';
import type { CheckPolicy } from '../check/index.js';
import { partEntrypoints, type FindingsParts } from '../check/findings-parts.js';
import { emptySpan, hasErrors, type Result } from '../diagnostics/index.js';
import type { ResolvedModel } from '../model/types.js';
import type { ThreatRegister } from '../threats/types.js';
import { buildPolicy, FINDINGS_ENTRYPOINT, stableJson, type BuildOptions, type BuiltPolicy, type WardenData } from '../policy/index.js';
import { coverageOf, type Coverage } from './coverage.js';
import { DEFAULT_TAR_LIMITS, readTar, TarLimitError, writeTarGz, type TarEntry, type TarLimits } from './tar.js';

export interface OpaManifest {
  revision: string;
  roots: string[];
  wasm: Array<{ entrypoint: string; module: string; annotations?: unknown[] }>;
  metadata: Record<string, unknown>;
}

export interface ExportedBundle {
  bytes: Uint8Array;
  manifest: OpaManifest;
  coverage: Coverage;
  built: BuiltPolicy;
  /** Archive paths, sorted. */
  files: string[];
}

// Fields of OPA's annotation schema; Warden's compiler adds source spans the manifest does not need.
const ANNOTATION_FIELDS = ['scope', 'title', 'description', 'entrypoint', 'custom', 'related_resources', 'organizations', 'authors'] as const;

/** The annotations of the rule at `entrypoint` and, as the findings are compiled in parts, of its parts (`findings_r`, ...). */
function entrypointAnnotations(annotations: unknown, entrypoint: string): unknown[] {
  if (!Array.isArray(annotations)) return [];
  const path = 'data.' + entrypoint.split('/').join('.');
  const ofEntry = (p: unknown) => p === path || (typeof p === 'string' && p.startsWith(`${path}_`) && /^_[rcsp]\d*$/.test(p.slice(path.length)));
  return annotations
    .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && ofEntry((a as { path?: unknown }).path))
    .map((a) => Object.fromEntries(ANNOTATION_FIELDS.filter((k) => a[k] !== undefined).map((k) => [k, a[k]])));
}

export function bundleEntries(built: BuiltPolicy, coverage: Coverage): { entries: TarEntry[]; manifest: OpaManifest } {
  const enc = new TextEncoder();
  const files: TarEntry[] = [
    // Absolute paths inside the archive, as `opa build` writes them: OPA resolves the manifest's
    // wasm `module: "/policy.wasm"` against the entry name literally.
    { path: '/policy.wasm', content: built.compiled.wasm },
    { path: '/data.json', content: enc.encode(stableJson(built.bundle.data)) },
    ...built.bundle.modules.map((m) => ({ path: '/policies/' + m.file.replace(/^policies\//, ''), content: enc.encode(m.source) })),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  // The revision is a content hash, so two builds of the same model and library agree on it.
  const h = createHash('sha256');
  for (const f of files) h.update(f.path).update('\0').update(String(f.content.length)).update('\0').update(f.content);
  const annotations = entrypointAnnotations(built.compiled.annotations, FINDINGS_ENTRYPOINT);
  const manifest: OpaManifest = {
    revision: h.digest('hex'),
    roots: ['warden'],
    wasm: [
      { entrypoint: FINDINGS_ENTRYPOINT, module: '/policy.wasm', ...(annotations.length ? { annotations } : {}) },
      ...(built.findingsParts ? partEntrypoints(built.findingsParts).map((entrypoint) => ({ entrypoint, module: '/policy.wasm' })) : []),
    ],
    metadata: {
      generator: 'warden export bundle',
      model: built.bundle.manifest.model,
      controls: built.bundle.manifest.controls,
      checks: built.bundle.manifest.checks,
      coverage,
      ...(built.findingsParts ? { findingsParts: built.findingsParts } : {}),
    },
  };
  return { entries: [...files, { path: '/.manifest', content: enc.encode(stableJson(manifest)) }], manifest };
}

export async function exportBundle(model: ResolvedModel, register: ThreatRegister, options: BuildOptions = {}): Promise<Result<ExportedBundle | undefined>> {
  const built = await buildPolicy(model, register, { ...options, parts: true });
  if (!built.value || hasErrors(built.diagnostics)) return { value: undefined, diagnostics: built.diagnostics };
  const coverage = coverageOf(built.value.bundle);
  const { entries, manifest } = bundleEntries(built.value, coverage);
  return {
    value: { bytes: writeTarGz(entries), manifest, coverage, built: built.value, files: entries.map((e) => e.path).sort() },
    diagnostics: built.diagnostics,
  };
}

export interface ReadBundle {
  manifest: OpaManifest;
  wasm: Uint8Array;
  /** The archive path of the Wasm module (the manifest's `module`, e.g. /policy.wasm). */
  wasmPath: string;
  data: unknown;
  /** Rego sources by archive path. */
  sources: Map<string, string>;
}

/**
 * Reads a bundle written by exportBundle (or any OPA bundle with one wasm module): what
 * `warden check --bundle` needs to evaluate it. Throws on a malformed archive; callers turn that
 * into a diagnostic.
 */
export function readBundle(bytes: Uint8Array, limits: TarLimits = DEFAULT_TAR_LIMITS): ReadBundle {
  const entries = new Map(readTar(bytes, limits).map((e) => [e.path.replace(/^\/?/, '/'), e.content]));
  const dec = new TextDecoder();
  const manifestBytes = entries.get('/.manifest');
  if (!manifestBytes) throw new Error('bundle has no .manifest');
  const manifest = JSON.parse(dec.decode(manifestBytes)) as OpaManifest;
  const mod = manifest.wasm?.[0]?.module;
  const wasmPath = typeof mod === 'string' ? mod.replace(/^\/?/, '/') : '';
  const wasm = wasmPath ? entries.get(wasmPath) : undefined;
  if (!wasm) throw new Error(`bundle manifest names wasm module ${JSON.stringify(mod)}, which the archive does not hold`);
  const dataBytes = entries.get('/data.json');
  const sources = new Map<string, string>();
  for (const [p, c] of entries) if (p.endsWith('.rego')) sources.set(p, dec.decode(c));
  return { manifest, wasm, wasmPath, data: dataBytes ? (JSON.parse(dec.decode(dataBytes)) as unknown) : {}, sources };
}

/** A bundle read back for `warden check --bundle`: the policy to evaluate and what its checks are. */
export interface BundleCheckPolicy extends CheckPolicy {
  /** The model the bundle was exported from. */
  model: string;
  wasm: Uint8Array;
  /** The archive path of the Wasm module, for messages. */
  wasmPath: string;
  /** data.json, to load into the policy. */
  data: { warden: Pick<WardenData, 'model'> } & Record<string, unknown>;
}

// The part of the WebAssembly JS API used here (the compiler's lib settings do not declare it).
const WasmApi = (globalThis as unknown as { WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(m: object): Array<{ name: string }> } } }).WebAssembly;

/**
 * Why `wasm` cannot be an OPA policy module, or undefined: it must compile as WebAssembly and
 * export the ABI version and an entry point. Checked before the module is handed to the loader,
 * whose own failures are a bare WebAssembly error (and which prints to stderr on the way).
 */
export function opaModuleProblem(wasm: Uint8Array): string | undefined {
  let mod: object;
  try {
    mod = new WasmApi.Module(wasm);
  } catch (err) {
    return `is not valid WebAssembly (${String((err as Error).message).replace(/^WebAssembly\.Module\(\): /, '')})`;
  }
  const names = new Set(WasmApi.Module.exports(mod).map((e) => e.name));
  if (!names.has('opa_wasm_abi_version') || !(names.has('opa_eval') || names.has('eval'))) return 'is WebAssembly but not an OPA policy (no opa_wasm_abi_version and eval exports)';
  return undefined;
}

const SEVERITY_NAMES = new Set(['info', 'low', 'medium', 'high', 'critical']);

/**
 * Reads a bundle from `warden export bundle` as a check policy. Its manifest names the entry point
 * and describes every check; data.json carries the model facts findings point back to. Anything
 * else (a foreign bundle, a damaged archive) is one WD5012 diagnostic saying what is missing.
 */
export function bundleCheckPolicy(bytes: Uint8Array, file: string, limits: TarLimits = DEFAULT_TAR_LIMITS): Result<BundleCheckPolicy | undefined> {
  const fail = (message: string, hint: string): Result<undefined> => ({
    value: undefined,
    diagnostics: [{ code: 'WD5012', severity: 'error', message: `bundle ${file}: ${message}`, file, span: emptySpan, hint }],
  });
  let read: ReadBundle;
  try {
    read = readBundle(bytes, limits);
  } catch (err) {
    if (err instanceof TarLimitError) {
      const flag = err.limit === 'maxBytes' ? '--max-bundle-bytes' : '--max-bundle-files';
      return fail(`${err.message}; not read`, `a Warden bundle is far smaller: if this one is genuine, raise the limit with ${flag} <n>`);
    }
    return fail(`not a readable OPA bundle (${(err as Error).message})`, 'pass a .tar.gz written by `warden export bundle`');
  }
  const wasmProblem = opaModuleProblem(read.wasm);
  if (wasmProblem) return fail(`its Wasm module ${read.wasmPath} ${wasmProblem}`, 'the bundle is damaged or was not written by `warden export bundle`; export it again');
  const entry = read.manifest.wasm?.[0]?.entrypoint;
  if (entry !== FINDINGS_ENTRYPOINT) {
    return fail(`its Wasm entry point is ${JSON.stringify(entry ?? null)}, not ${FINDINGS_ENTRYPOINT}`, 'only bundles from `warden export bundle` report Warden findings');
  }
  const meta = read.manifest.metadata ?? {};
  const checks = meta.checks;
  const wellFormed = (c: unknown): c is BundleCheckPolicy['checks'][number] => {
    const o = c as Record<string, unknown>;
    return typeof o === 'object' && o !== null && typeof o.id === 'string' && typeof o.title === 'string' && SEVERITY_NAMES.has(String(o.severity)) && (o.family === 'library' || o.family === 'drift');
  };
  if (!Array.isArray(checks) || !checks.every(wellFormed)) {
    return fail('its manifest does not describe its checks (metadata.checks)', 'export the bundle again with this version of Warden');
  }
  const parts = findingsPartsOf(meta.findingsParts, read.manifest.wasm);
  if (parts === null) return fail('its manifest\'s metadata.findingsParts is malformed or names entry points the manifest does not list', 'the bundle is damaged; export it again');
  const data = read.data as BundleCheckPolicy['data'];
  const model = data?.warden?.model;
  if (!model || typeof model !== 'object' || typeof model.elements !== 'object' || !Array.isArray(model.flows)) {
    return fail('its data.json has no warden.model facts', 'export the bundle again with this version of Warden');
  }
  return {
    value: {
      model: typeof meta.model === 'string' ? meta.model : model.name,
      wasm: read.wasm,
      wasmPath: read.wasmPath,
      data,
      entrypoints: [entry],
      ...(parts ? { findingsEntrypoints: parts } : {}),
      checks: checks.map((c) => ({ ...c, description: c.description ?? '', stride: Array.isArray(c.stride) ? c.stride : [], file: c.file ?? '' })),
    },
    diagnostics: [],
  };
}

/**
 * The findings' parts a bundle's manifest describes (undefined: none, as in bundles from before
 * parts, which are evaluated whole), or null when they are malformed or name an entry point the
 * manifest's wasm list does not hold.
 */
function findingsPartsOf(value: unknown, wasm: OpaManifest['wasm'] | undefined): FindingsParts | undefined | null {
  if (value === undefined) return undefined;
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
  const o = value as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || !strings(o.whole) || !strings(o.perResource)) return null;
  if (o.projected !== undefined && !strings(o.projected)) return null;
  for (const k of ['wholeUnion', 'projectedUnion']) if (o[k] !== undefined && typeof o[k] !== 'string') return null;
  const ctx = o.withContext as Record<string, unknown> | undefined;
  if (ctx !== undefined && (typeof ctx !== 'object' || ctx === null || !strings(ctx.entrypoints) || !strings(ctx.contextKinds))) return null;
  const parts: FindingsParts = {
    whole: o.whole,
    perResource: o.perResource,
    ...(typeof o.wholeUnion === 'string' ? { wholeUnion: o.wholeUnion } : {}),
    ...(o.projected ? { projected: o.projected as string[] } : {}),
    ...(typeof o.projectedUnion === 'string' ? { projectedUnion: o.projectedUnion } : {}),
    ...(ctx ? { withContext: { entrypoints: ctx.entrypoints as string[], contextKinds: ctx.contextKinds as string[] } } : {}),
  };
  const listed = new Set((wasm ?? []).map((w) => w?.entrypoint));
  return partEntrypoints(parts).every((e) => listed.has(e)) ? parts : null;
}
