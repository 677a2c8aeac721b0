// The Rego compiler's door: Rego v1 source -> OPA-ABI WebAssembly, plus loading and test running.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Diagnostic, Result } from '../diagnostics/index.js';
import { parseModule } from './parse/parser.js';
import type { Annotation, Module } from './parse/ast.js';
import { indexRules } from './plan/indexing.js';
import { Planner, programJson } from './plan/plan.js';
import { typeCheck } from './typecheck/index.js';
import { linkProgram, LinkError } from './wasm/link.js';
import { hostBuiltins } from './builtins/host.js';

export interface RegoModule {
  file: string;
  source: string;
}

export interface CompileOptions {
  /** 'pkg/rule' paths ('data.pkg.rule' accepted). */
  entrypoints: string[];
  v0Compatible?: boolean;
  /**
   * Index partial rules on the input field their definitions first test (src/rego/plan/indexing.ts).
   * Default on; off (or WARDEN_REGO_INDEXING=0) only to measure what it saves.
   */
  ruleIndexing?: boolean;
  /**
   * `opa eval --strict-builtin-errors`: a builtin that fails (a type error, division by zero, an
   * invalid regex) stops the evaluation with `eval_builtin_error: <builtin>: <message>` (or
   * eval_type_error) instead of making its expression undefined.
   */
  strictBuiltinErrors?: boolean;
}

export interface RuleAnnotation extends Annotation {
  /** The rule or package path the block applies to, e.g. data.k8s.deny. */
  path: string;
}

export interface CompiledPolicy {
  wasm: Uint8Array;
  entrypoints: Record<string, number>;
  annotations: RuleAnnotation[];
  builtins: string[];
}

export interface WardenPolicy {
  evaluate(input: unknown, entrypoint?: string | number): Array<{ result: unknown }>;
  setData(data: unknown): void;
  entrypoints: Record<string, number>;
}

const zeroSpan = { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 };

let runtimeBytes: Uint8Array | undefined;

/** The prebuilt runtime (dist/rego-runtime.wasm), found from src/ (tsx) or dist/ alike. */
function runtime(): Uint8Array {
  if (runtimeBytes) return runtimeBytes;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) break;
    dir = dirname(dir);
  }
  const path = join(dir, 'dist', 'rego-runtime.wasm');
  if (!existsSync(path)) throw new Error(`Rego runtime not built: ${path} is missing (run npm run build)`);
  runtimeBytes = new Uint8Array(readFileSync(path));
  return runtimeBytes;
}

export function parseRego(modules: RegoModule[], options: { v0Compatible?: boolean } = {}): Result<Module[]> {
  const diagnostics: Diagnostic[] = [];
  const parsed: Module[] = [];
  for (const m of modules) {
    const r = parseModule(m.file, m.source, options.v0Compatible ? { v0Compatible: true } : {});
    diagnostics.push(...r.diagnostics);
    if (r.module) parsed.push(r.module);
  }
  return { value: parsed, diagnostics };
}

function annotationsOf(modules: Module[]): RuleAnnotation[] {
  const out: RuleAnnotation[] = [];
  for (const m of modules) {
    for (const a of m.annotations) {
      const rule = m.rules.find((r) => r.annotations === a);
      const path = rule ? 'data.' + [...m.package, ...rule.name].join('.') : 'data.' + m.package.join('.');
      out.push({ ...a, scope: a.scope ?? (rule ? 'rule' : 'package'), path });
    }
  }
  return out;
}

export function compileRego(modules: RegoModule[], options: CompileOptions): Result<CompiledPolicy | undefined> {
  const parsed = parseRego(modules, options);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics: parsed.diagnostics };
  return compileParsed(parsed.value, options.entrypoints, options.ruleIndexing ?? process.env.WARDEN_REGO_INDEXING !== '0', options.strictBuiltinErrors === true);
}

function compileParsed(parsed: Module[], entrypoints: string[], ruleIndexing = true, strictBuiltinErrors = false): Result<CompiledPolicy | undefined> {
  const planner = new Planner(parsed);
  const planned = planner.plan(entrypoints);
  if (!planned) return { value: undefined, diagnostics: planner.diagnostics };
  // OPA checks types after safety and recursion, so planner errors (those stages) come first
  const typeErrors = typeCheck(parsed);
  if (typeErrors.length) return { value: undefined, diagnostics: [...planner.diagnostics, ...typeErrors] };
  if (ruleIndexing) indexRules(planned.program);
  const program = strictBuiltinErrors ? { ...planned.program, strict: true } : planned.program;
  const bytes = new TextEncoder().encode(programJson(program));
  let wasm: Uint8Array;
  try {
    wasm = linkProgram(runtime(), bytes);
  } catch (e) {
    if (!(e instanceof LinkError)) throw e;
    return { value: undefined, diagnostics: [{ code: 'rego_compile_error', severity: 'error', message: e.message, file: '', span: zeroSpan }] };
  }
  return {
    value: { wasm, entrypoints: planned.entrypointIds, annotations: annotationsOf(parsed), builtins: planned.hostBuiltins },
    diagnostics: planner.diagnostics,
  };
}

const require = createRequire(import.meta.url);
type OpaSdk = {
  loadPolicy(w: Uint8Array | ArrayBuffer, mem?: unknown, builtins?: Record<string, unknown>): Promise<OpaLoaded>;
  loadPolicySync(w: Uint8Array | ArrayBuffer, mem?: unknown, builtins?: Record<string, unknown>): OpaLoaded;
};
type OpaLoaded = { evaluate(input: unknown, entrypoint?: string | number): Array<{ result: unknown }>; setData(d: unknown): void; entrypoints: Record<string, number> };

function sdk(): OpaSdk {
  return require('@open-policy-agent/opa-wasm') as OpaSdk;
}

function wrap(p: OpaLoaded): WardenPolicy {
  return {
    evaluate: (input, entrypoint) => {
      try {
        return p.evaluate(input, entrypoint ?? 0);
      } catch (e) {
        // opa_abort throws the message string; give callers a real Error
        if (typeof e === 'string') throw new Error(e);
        throw e;
      }
    },
    setData: (d) => p.setData(d),
    get entrypoints() {
      return p.entrypoints;
    },
  };
}

export async function loadPolicy(wasm: Uint8Array | ArrayBuffer): Promise<WardenPolicy> {
  return wrap(await sdk().loadPolicy(wasm, undefined, hostBuiltins));
}

export function loadPolicySync(wasm: Uint8Array | ArrayBuffer): WardenPolicy {
  return wrap(sdk().loadPolicySync(wasm, undefined, hostBuiltins));
}

function queryPath(query: string): string {
  return query.trim().replace(/^data\./, '').replace(/^data$/, '').split('.').join('/');
}

export async function evalRego(modules: RegoModule[], query: string, input?: unknown, data?: unknown, options: { v0Compatible?: boolean; strictBuiltinErrors?: boolean } = {}): Promise<Result<Array<{ result: unknown }> | undefined>> {
  const ep = queryPath(query);
  const c = compileRego(modules, { entrypoints: [ep], ...(options.v0Compatible ? { v0Compatible: true } : {}), ...(options.strictBuiltinErrors ? { strictBuiltinErrors: true } : {}) });
  if (!c.value) return { value: undefined, diagnostics: c.diagnostics };
  const p = await loadPolicy(c.value.wasm);
  if (data !== undefined) p.setData(data);
  try {
    return { value: p.evaluate(input, 0), diagnostics: c.diagnostics };
  } catch (e) {
    return { value: undefined, diagnostics: [...c.diagnostics, { code: 'rego_eval_error', severity: 'error', message: (e as Error).message, file: '', span: zeroSpan }] };
  }
}

export interface RegoTestResult {
  package: string;
  name: string;
  file: string;
  line: number;
  pass: boolean;
  error?: string;
  durationMs: number;
}

/** `opa test` semantics: every rule named test_* passes when it is defined and true. */
export async function runRegoTests(modules: RegoModule[], options: { v0Compatible?: boolean; data?: unknown; run?: RegExp } = {}): Promise<{ results: RegoTestResult[]; diagnostics: Diagnostic[] }> {
  const parsed = parseRego(modules, options);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { results: [], diagnostics: parsed.diagnostics };
  const tests: Array<{ pkg: string; name: string; file: string; line: number; ep: string }> = [];
  const seen = new Set<string>();
  for (const m of parsed.value) {
    for (const r of m.rules) {
      if (r.name.length !== 1 || !r.name[0]!.startsWith('test_') || r.args) continue;
      const ep = [...m.package, r.name[0]!].join('/');
      if (seen.has(ep)) continue;
      if (options.run && !options.run.test(ep.replace(/\//g, '.'))) continue;
      seen.add(ep);
      tests.push({ pkg: 'data.' + m.package.join('.'), name: r.name[0]!, file: m.file, line: r.nameSpan.line, ep });
    }
  }
  const c = compileParsed(parsed.value, tests.map((t) => t.ep));
  if (!c.value) return { results: [], diagnostics: c.diagnostics };
  const p = await loadPolicy(c.value.wasm);
  if (options.data !== undefined) p.setData(options.data);
  const results: RegoTestResult[] = [];
  for (const t of tests) {
    const start = performance.now();
    let pass = false;
    let error: string | undefined;
    try {
      const rs = p.evaluate(null, c.value.entrypoints[t.ep]!);
      pass = rs.length === 1 && rs[0]!.result === true;
    } catch (e) {
      error = (e as Error).message;
    }
    results.push({ package: t.pkg, name: t.name, file: t.file, line: t.line, pass, ...(error ? { error } : {}), durationMs: performance.now() - start });
  }
  return { results, diagnostics: c.diagnostics };
}
