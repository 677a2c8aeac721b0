// From Rego modules to something that evaluates: compile to OPA-ABI Wasm and load it.
//
// The product path is Warden's own compiler (`src/rego`: compileRego + loadPolicy). The reference
// `opa` binary is a second engine, used only by the benchmark (to report the ratio) and for
// cross-checks (WARDEN_POLICY_ENGINE=opa:<path>): never the default.
//
// Compilation is memoised per process by a hash of the modules and entry points: the bundle of a
// model does not change between two manifest sets, and compiling is the expensive step.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { emptySpan, type Diagnostic, type Result } from '../diagnostics/index.js';
import { compileRego, loadPolicy, type PlacedInput } from '../rego/index.js';
import type { RegoModule } from './library.js';

export interface CompiledPolicy {
  wasm: Uint8Array;
  entrypoints: unknown;
  annotations?: unknown;
  builtins?: unknown;
}

export interface LoadedPolicy {
  evaluate(input: unknown, entrypoint?: string | number): Array<{ result: unknown }>;
  setData(data: object): void;
  /** Gives back the memory evaluations grew; the next evaluation starts on a fresh instance. */
  release?(): void;
  /** One input written once into the module's memory, for several evaluations (WardenPolicy.withInput). */
  withInput?(write: (put: (text: string) => void) => void): PlacedInput;
}

export interface PolicyEngine {
  name: string;
  compile(modules: readonly RegoModule[], entrypoints: readonly string[]): Promise<Result<CompiledPolicy | undefined>>;
  load(wasm: Uint8Array): Promise<LoadedPolicy>;
}

function cacheKey(engine: string, modules: readonly RegoModule[], entrypoints: readonly string[]): string {
  const h = createHash('sha256').update(engine).update('\0').update(entrypoints.join('\0'));
  for (const m of modules) h.update('\0').update(m.file).update('\0').update(m.source);
  return h.digest('hex');
}

const compiledCache = new Map<string, Result<CompiledPolicy | undefined>>();

function memoised(engine: string, modules: readonly RegoModule[], entrypoints: readonly string[], compile: () => Result<CompiledPolicy | undefined>): Result<CompiledPolicy | undefined> {
  const key = cacheKey(engine, modules, entrypoints);
  let r = compiledCache.get(key);
  if (!r) {
    r = compile();
    // A handful of models per process at most; bound it anyway.
    if (compiledCache.size >= 16) compiledCache.delete(compiledCache.keys().next().value!);
    compiledCache.set(key, r);
  }
  return r;
}

async function opaWasmLoad(wasm: Uint8Array): Promise<LoadedPolicy> {
  const mod = (await import('@open-policy-agent/opa-wasm')) as unknown as {
    loadPolicy?: (w: ArrayBuffer | Uint8Array) => Promise<LoadedPolicy>;
    default?: { loadPolicy: (w: ArrayBuffer | Uint8Array) => Promise<LoadedPolicy> };
  };
  const load = mod.loadPolicy ?? mod.default!.loadPolicy;
  return load(wasm);
}

/**
 * The most memory a policy's module may take while `warden check` evaluates it (--max-policy-memory):
 * a legitimate evaluation needs a small multiple of its input (45 MB of Deployments: about 100 MB),
 * while a damaged or hostile bundle's module could otherwise grow to the 4 GiB Wasm allows.
 */
export const DEFAULT_POLICY_MEMORY = 1024 * 1024 * 1024;

/** Warden's own Rego-to-Wasm compiler; its policies' memory is bounded by `maxMemoryBytes` (default DEFAULT_POLICY_MEMORY). */
export function wardenEngine(options: { maxMemoryBytes?: number } = {}): PolicyEngine {
  return {
    name: 'warden',
    async compile(modules, entrypoints) {
      return memoised('warden', modules, entrypoints, () =>
        // the policy's Wasm also runs in OPA and admission hosts (bundles): it declares no Warden-only builtin
        compileRego(modules.map((m) => ({ file: m.file, source: m.source })), { entrypoints: [...entrypoints], hostExactNumbers: false }),
      );
    },
    async load(wasm) {
      return loadPolicy(wasm, { maxMemoryBytes: options.maxMemoryBytes ?? DEFAULT_POLICY_MEMORY });
    },
  };
}

/**
 * The engine `warden check` and `warden policy build` use: Warden's own, unless the environment
 * says WARDEN_POLICY_ENGINE=opa:<path-to-opa> (a developer's cross-check of the same run through
 * the reference compiler, not a product feature).
 */
export function engineFromEnv(env: Record<string, string | undefined>, options: { maxMemoryBytes?: number } = {}): PolicyEngine {
  const v = env.WARDEN_POLICY_ENGINE;
  if (v && v.startsWith('opa:')) return opaEngine(v.slice(4));
  return wardenEngine(options);
}

/** The reference `opa build -t wasm`, for benchmarks and cross-checks. */
export function opaEngine(opaPath: string): PolicyEngine {
  return {
    name: 'opa',
    async compile(modules, entrypoints) {
      return memoised(`opa:${opaPath}`, modules, entrypoints, () => opaBuild(opaPath, modules, entrypoints));
    },
    load: opaWasmLoad,
  };
}

function opaBuild(opaPath: string, modules: readonly RegoModule[], entrypoints: readonly string[]): Result<CompiledPolicy | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-opa-'));
  try {
    for (const m of modules) {
      const p = join(dir, 'src', m.file);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, m.source);
    }
    const args = ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), ...entrypoints.flatMap((e) => ['-e', e]), join(dir, 'src')];
    try {
      execFileSync(opaPath, args, { stdio: 'pipe' });
    } catch (err) {
      const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
      const diag: Diagnostic = { code: 'rego_compile_error', severity: 'error', message: stderr.trim() || String(err), file: '<opa>', span: emptySpan };
      return { value: undefined, diagnostics: [diag] };
    }
    execFileSync('tar', ['-xzf', join(dir, 'bundle.tar.gz'), '-C', dir, '/policy.wasm'], { stdio: 'pipe' });
    return { value: { wasm: new Uint8Array(readFileSync(join(dir, 'policy.wasm'))), entrypoints: [...entrypoints] }, diagnostics: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
