// Runs cases as Wasm: compile (Warden's compiler, or `opa build` when validating the harness),
// load through the opa-wasm SDK path, setData, evaluate each entrypoint. The outcome is the same
// shape as the reference engine's, so the two can be compared directly.
import { entrypointOf, queriesOf, type RegoCase } from './case-format.js';
import { buildWasmWithOpa, moduleFileName } from './opa-binary.js';
import type { ErrorDetail, Outcome, QueryAnswer } from './outcome.js';

interface LoadedPolicyLike {
  evaluate(input: unknown, entrypoint?: string | number): unknown;
  setData(data: unknown): void;
}

interface DiagnosticLike {
  code: string;
  severity: string;
  message: string;
  file?: string;
  span?: { line: number };
}

/** The slice of src/rego's public API the harness codes against (see the compiler's contract). */
export interface WardenRegoApi {
  compileRego(
    modules: Array<{ file: string; source: string }>,
    options: { entrypoints: string[]; v0Compatible?: boolean; strictBuiltinErrors?: boolean },
  ): { value?: { wasm: Uint8Array } | undefined; diagnostics: DiagnosticLike[] };
  loadPolicy(wasm: Uint8Array): Promise<LoadedPolicyLike>;
}

export type Compiled = { wasm: Uint8Array } | { errors: ErrorDetail[] };

export interface WasmEngine {
  name: string;
  /** Why the engine cannot run, when it cannot (module missing). */
  unavailable?: string;
  compile(c: RegoCase): Promise<Compiled>;
  load(wasm: Uint8Array): Promise<LoadedPolicyLike>;
}

let wardenApi: Promise<WardenRegoApi | string> | undefined;

/** Imports src/rego lazily, so a missing or broken compiler is a reported condition, not a crash at load. */
export function importWarden(): Promise<WardenRegoApi | string> {
  wardenApi ??= (async () => {
    try {
      // A computed specifier keeps this harness importable while src/rego does not exist yet.
      const spec = new URL('../../../src/rego/index.js', import.meta.url).href;
      const mod = (await import(spec)) as Partial<WardenRegoApi>;
      if (typeof mod.compileRego !== 'function' || typeof mod.loadPolicy !== 'function') {
        return 'src/rego/index.ts does not export compileRego and loadPolicy';
      }
      return mod as WardenRegoApi;
    } catch (err) {
      return `src/rego could not be imported: ${(err as Error).message.split('\n')[0]}`;
    }
  })();
  return wardenApi;
}

export async function wardenEngine(): Promise<WasmEngine> {
  const api = await importWarden();
  if (typeof api === 'string') {
    return {
      name: 'warden',
      unavailable: api,
      compile: async () => ({ errors: [{ code: 'unavailable', message: api }] }),
      load: async () => {
        throw new Error(api);
      },
    };
  }
  return {
    name: 'warden',
    compile: async (c) => {
      const modules = c.modules.map((source, i) => ({ file: moduleFileName(i), source }));
      const r = api.compileRego(modules, { entrypoints: queriesOf(c).map(entrypointOf), ...(c.v0 ? { v0Compatible: true } : {}), ...(c.strict ? { strictBuiltinErrors: true } : {}) });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0 || !r.value) {
        return {
          errors: errors.map((d) => ({
            code: d.code,
            message: d.message,
            ...(d.span ? { line: d.span.line } : {}),
            ...(d.file ? { file: d.file } : {}),
          })),
        };
      }
      return { wasm: r.value.wasm };
    },
    load: (wasm) => api.loadPolicy(wasm),
  };
}

/** OPA's own Wasm compiler behind the same loader: proves the harness before Warden's compiler exists. */
export async function opaBuildEngine(opa: string): Promise<WasmEngine> {
  const { loadPolicy } = (await import('@open-policy-agent/opa-wasm')) as unknown as {
    loadPolicy(wasm: Uint8Array): Promise<LoadedPolicyLike>;
  };
  return { name: 'opa-build', compile: (c) => buildWasmWithOpa(opa, c), load: (w) => loadPolicy(w) };
}

function thrownMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null) {
    const m = (err as { message?: unknown }).message;
    if (typeof m === 'string') return m;
    try {
      return JSON.stringify(err);
    } catch {
      return Object.prototype.toString.call(err);
    }
  }
  return String(err);
}

/** Compiles, loads and evaluates one case; never throws for engine failures, only reports them. */
export async function runCaseWithWasm(engine: WasmEngine, c: RegoCase): Promise<Outcome> {
  if (engine.unavailable) return { kind: 'unavailable', message: engine.unavailable };
  let compiled: Compiled;
  try {
    compiled = await engine.compile(c);
  } catch (err) {
    // A throw from the compiler is an internal bug there; report it as such, not as a Rego error.
    return { kind: 'error', phase: 'compile', errors: [{ code: 'internal_compiler_throw', message: thrownMessage(err) }] };
  }
  if ('errors' in compiled) return { kind: 'error', phase: 'compile', errors: compiled.errors };
  let policy: LoadedPolicyLike;
  try {
    policy = await engine.load(compiled.wasm);
    if ('data' in c) policy.setData(c.data);
  } catch (err) {
    return { kind: 'error', phase: 'compile', errors: [{ code: 'wasm_load_error', message: thrownMessage(err) }] };
  }
  const answers: Record<string, QueryAnswer> = {};
  for (const q of queriesOf(c)) {
    let rs: unknown;
    try {
      rs = policy.evaluate(c.hasInput ? c.input : undefined, entrypointOf(q));
    } catch (err) {
      return { kind: 'error', phase: 'eval', errors: [{ code: 'eval_error', message: thrownMessage(err) }] };
    }
    if (!Array.isArray(rs)) {
      return { kind: 'error', phase: 'eval', errors: [{ code: 'bad_result_set', message: `evaluate returned ${JSON.stringify(rs)}` }] };
    }
    if (rs.length === 0) answers[q] = { defined: false };
    else if (rs.length === 1 && typeof rs[0] === 'object' && rs[0] !== null && 'result' in rs[0]) {
      answers[q] = { defined: true, value: (rs[0] as { result: unknown }).result };
    } else {
      return { kind: 'error', phase: 'eval', errors: [{ code: 'bad_result_set', message: `evaluate returned ${JSON.stringify(rs)}` }] };
    }
  }
  return { kind: 'result', answers };
}
