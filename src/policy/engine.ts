// From Rego modules to something that evaluates: compile to OPA-ABI Wasm and load it.
//
// The product path is Warden's own compiler (`src/rego`: compileRego + loadPolicy). It is reached
// through a dynamic import so this stage keeps compiling and testing while the compiler is being
// written in parallel; once `src/rego/index.ts` exists that import is a plain module load. The
// reference `opa` binary is a second engine, used only by the benchmark (to report the ratio) and
// for local cross-checks: never the default.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { emptySpan, type Diagnostic, type Result } from '../diagnostics/index.js';
import type { RegoModule } from './library.js';

export interface CompiledPolicy {
  wasm: Uint8Array;
  entrypoints: string[];
  annotations?: unknown;
  builtins?: unknown;
}

export interface LoadedPolicy {
  evaluate(input: unknown, entrypoint?: string | number): Array<{ result: unknown }>;
  setData(data: object): void;
}

export interface PolicyEngine {
  name: string;
  compile(modules: readonly RegoModule[], entrypoints: readonly string[]): Promise<Result<CompiledPolicy | undefined>>;
  load(wasm: Uint8Array): Promise<LoadedPolicy>;
}

interface RegoStage {
  compileRego(modules: Array<{ file: string; source: string }>, options: { entrypoints: string[] }): Result<CompiledPolicy | undefined> | Promise<Result<CompiledPolicy | undefined>>;
  loadPolicy?: (wasm: Uint8Array) => Promise<LoadedPolicy>;
}

// A variable specifier: TypeScript does not resolve it, so this file type-checks before src/rego lands.
const REGO_STAGE = '../rego/index.js';

async function importRegoStage(): Promise<RegoStage | undefined> {
  try {
    const mod = (await import(REGO_STAGE)) as Partial<RegoStage>;
    return typeof mod.compileRego === 'function' ? (mod as RegoStage) : undefined;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('rego')) return undefined;
    throw err;
  }
}

async function opaWasmLoad(wasm: Uint8Array): Promise<LoadedPolicy> {
  const mod = (await import('@open-policy-agent/opa-wasm')) as unknown as {
    loadPolicy?: (w: ArrayBuffer | Uint8Array) => Promise<LoadedPolicy>;
    default?: { loadPolicy: (w: ArrayBuffer | Uint8Array) => Promise<LoadedPolicy> };
  };
  const load = mod.loadPolicy ?? mod.default!.loadPolicy;
  return load(wasm);
}

/** Warden's own Rego-to-Wasm compiler. */
export function wardenEngine(): PolicyEngine {
  return {
    name: 'warden',
    async compile(modules, entrypoints) {
      const stage = await importRegoStage();
      if (!stage) {
        return {
          value: undefined,
          diagnostics: [
            {
              code: 'WD4020',
              severity: 'error',
              message: "Warden's Rego compiler (src/rego) is not available in this build",
              file: '<policy>',
              span: emptySpan,
              hint: 'this build is incomplete; use a release of Warden with the compiler',
            },
          ],
        };
      }
      return await stage.compileRego(
        modules.map((m) => ({ file: m.file, source: m.source })),
        { entrypoints: [...entrypoints] },
      );
    },
    async load(wasm) {
      const stage = await importRegoStage();
      return stage?.loadPolicy ? stage.loadPolicy(wasm) : opaWasmLoad(wasm);
    },
  };
}

/** The reference `opa build -t wasm`, for benchmarks and cross-checks. */
export function opaEngine(opaPath: string): PolicyEngine {
  return {
    name: 'opa',
    async compile(modules, entrypoints) {
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
    },
    load: opaWasmLoad,
  };
}
