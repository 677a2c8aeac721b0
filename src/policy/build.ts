// `warden policy build`: derive the bundle, compile it, and write it out deterministically:
//   out/policy.wasm        the compiled policy (entry point warden/main/findings)
//   out/data.json          data.warden: params, enforcement map, model facts
//   out/policies/**.rego   every Rego source compiled, library and generated
//   out/manifest.json      entry points, modules, controls -> checks -> threats, annotations
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hasErrors, type Result } from '../diagnostics/index.js';
import type { ResolvedModel } from '../model/types.js';
import type { ThreatRegister } from '../threats/types.js';
import { derivePolicy, type DerivedBundle, type DeriveOptions } from './derive.js';
import { wardenEngine, type CompiledPolicy, type PolicyEngine } from './engine.js';
import { splitDerived, type FindingsParts } from '../check/findings-parts.js';

export interface BuildOptions extends DeriveOptions {
  engine?: PolicyEngine;
  /**
   * Compile the findings in parts as `warden check` evaluates them (src/check/findings-parts.ts):
   * `bundle.modules` then hold the split generated package, and `findingsParts` names the parts.
   */
  parts?: boolean;
}

export interface BuiltPolicy {
  bundle: DerivedBundle;
  compiled: CompiledPolicy;
  /** With `parts`: the entry points whose rows make the findings, and the input each needs. */
  findingsParts?: FindingsParts;
}

export async function buildPolicy(model: ResolvedModel, register: ThreatRegister, options: BuildOptions = {}): Promise<Result<BuiltPolicy | undefined>> {
  const derived = derivePolicy(model, register, options);
  if (hasErrors(derived.diagnostics)) return { value: undefined, diagnostics: derived.diagnostics };
  const engine = options.engine ?? wardenEngine();
  const split = options.parts ? splitDerived(derived.value) : undefined;
  const bundle = split ? { ...derived.value, modules: split.modules } : derived.value;
  const compiled = await engine.compile(bundle.modules, split?.entrypoints ?? bundle.entrypoints);
  const diagnostics = [...derived.diagnostics, ...compiled.diagnostics];
  if (!compiled.value || hasErrors(compiled.diagnostics)) return { value: undefined, diagnostics };
  return { value: { bundle, compiled: compiled.value, ...(split ? { findingsParts: split.parts } : {}) }, diagnostics };
}

/** Stable JSON: two-space indent, trailing newline (object key order is fixed by the deriver). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Writes the bundle to `outDir`; returns the files written, relative to it. */
export function writeBundle(outDir: string, built: BuiltPolicy): string[] {
  const files: Array<[string, string | Uint8Array]> = [
    ['policy.wasm', built.compiled.wasm],
    ['data.json', stableJson(built.bundle.data)],
    ...built.bundle.modules.map((m): [string, string] => [join('policies', m.file.replace(/^policies\//, '')), m.source]),
    ['manifest.json', stableJson({ ...built.bundle.manifest, ...(built.compiled.annotations !== undefined ? { annotations: built.compiled.annotations } : {}) })],
  ];
  for (const [rel, content] of files) {
    const p = join(outDir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return files.map(([rel]) => rel.split('\\').join('/'));
}
