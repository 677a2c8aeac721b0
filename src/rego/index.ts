// The Rego compiler's door: Rego v1 source -> OPA-ABI WebAssembly, plus loading and test running.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Diagnostic, Result } from '../diagnostics/index.js';
import { parseModule } from './parse/parser.js';
import type { Annotation, Module, Rule } from './parse/ast.js';
import { indexRules } from './plan/indexing.js';
import { BUILTIN_ARITY, Planner, programJson } from './plan/plan.js';
import { operandTypeNames } from './typecheck/signatures.js';
import { typeCheck } from './typecheck/index.js';
import { linkProgram, LinkError } from './wasm/link.js';
import { hostBuiltins, undefinedOnError } from './builtins/host.js';
import { prepareTests, subResultsOf, type BodyOrder, type SubResult, type TestSpec } from './test-runner.js';

export type { SubResult } from './test-runner.js';
export { leafCount } from './test-runner.js';
import { resetEvaluationState } from './builtins/extra.js';

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
   * Builtins the caller registers itself (as OPA embedders do, e.g. Trivy's `result.new`): name and
   * arity here, the implementation at load time (`loadPolicy(wasm, { builtins })`). They are
   * served by the host like Warden's own host builtins and typed `any`.
   */
  customBuiltins?: Record<string, { arity: number }>;
  /**
   * `opa eval --strict-builtin-errors`: a builtin that fails (a type error, division by zero, an
   * invalid regex) stops the evaluation with `eval_builtin_error: <builtin>: <message>` (or
   * eval_type_error) instead of making its expression undefined.
   */
  strictBuiltinErrors?: boolean;
  /**
   * Declare Warden's host helper for exact arithmetic beyond the runtime's in-module range
   * (default true). Without it the module needs no builtin that OPA lacks, so it loads in OPA's
   * own engine and in any host; arithmetic beyond the in-module range then stops the evaluation
   * with an error instead of answering.
   */
  hostExactNumbers?: boolean;
}

/** A custom builtin's implementation: JSON values in, a JSON value (or undefined) out. */
export type CustomBuiltin = (...args: any[]) => unknown;

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
  /**
   * Drops the instance and the module memory its evaluations grew (a Wasm memory never shrinks);
   * the next evaluation runs on a fresh instance with the same data. One large evaluation then
   * does not keep its memory for the many small ones after it.
   */
  release(): void;
  /** The module memory of the current instance in bytes (0 after `release`, until the next evaluation). */
  memoryBytes(): number;
  /**
   * Writes one input (JSON text, given piece by piece to `put`) straight into the module's memory,
   * for several evaluations: no copy of it exists outside the module. `evaluate` on it answers as
   * `evaluate(input, entrypoint)` would; it is valid until the next call of any other method.
   */
  withInput(write: (put: (text: string) => void) => void): PlacedInput;
  /**
   * As evaluate, with the result set as the module's own JSON text: numbers beyond what a
   * JavaScript number holds (1e400, 9007199254740993) keep their digits. Input as JSON bytes or a value.
   */
  evaluateJson(input: ArrayBuffer | unknown, entrypoint?: string | number): string;
}

/** An input in the module's memory (see WardenPolicy.withInput). */
export interface PlacedInput {
  /** Its size in bytes of UTF-8 JSON. */
  bytes: number;
  evaluate(entrypoint: string | number): Array<{ result: unknown }>;
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
    const r = tooDeep(
      () => parseModule(m.file, m.source, options.v0Compatible ? { v0Compatible: true } : {}),
      () => ({ module: undefined, diagnostics: [nestingError('rego_parse_error', m.file, 'parser')] }),
    );
    diagnostics.push(...r.diagnostics);
    if (r.module) parsed.push(r.module);
  }
  return { value: parsed, diagnostics };
}

/**
 * Runs `fn`; a JavaScript stack overflow (terms nested thousands deep, a chain of thousands of
 * operators) becomes the `fallback` diagnostic instead of a crash. opa accepts such programs;
 * Warden says plainly that it does not.
 */
function tooDeep<T>(fn: () => T, fallback: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) return fallback();
    throw e;
  }
}

function nestingError(code: string, file: string, stage: string): Diagnostic {
  return {
    code,
    severity: 'error',
    message: `the program is nested too deeply for Warden's ${stage} (terms or operators thousands of levels deep)`,
    file,
    span: zeroSpan,
    hint: 'split the expression into rules or local variables',
  };
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
  return tooDeep(
    () => compileParsed(parsed.value, options.entrypoints, options.ruleIndexing ?? process.env.WARDEN_REGO_INDEXING !== '0', options.customBuiltins, options.strictBuiltinErrors === true, options.hostExactNumbers !== false),
    () => ({ value: undefined, diagnostics: [nestingError('rego_compile_error', modules[0]?.file ?? '', 'compiler')] }),
  );
}

function compileParsed(parsed: Module[], entrypoints: string[], ruleIndexing = true, custom: CompileOptions['customBuiltins'] = {}, strictBuiltinErrors = false, hostExactNumbers = true): Result<CompiledPolicy | undefined> {
  const planner = new Planner(parsed, customArities(custom), hostExactNumbers);
  const planned = planner.plan(entrypoints);
  if (!planned) return { value: undefined, diagnostics: planner.diagnostics };
  // OPA checks types after safety and recursion, so planner errors (those stages) come first
  const typeErrors = typeCheck(parsed);
  if (typeErrors.length) return { value: undefined, diagnostics: [...planner.diagnostics, ...typeErrors] };
  if (ruleIndexing) indexRules(planned.program);
  const program = strictBuiltinErrors ? { ...planned.program, strict: true, operands: strictOperandTypes() } : planned.program;
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

/**
 * The SDK's policy behind Warden's interface. Instances are made synchronously from the compiled
 * module (an instance made by the SDK's async path stays reachable from a settled promise until the
 * next task, so a released one would not be freed), and again after `release`.
 */
// The part of the WebAssembly JS API used here (the compiler's lib settings do not declare it).
type WasmModule = object;
const Wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array | ArrayBuffer) => WasmModule; compile(bytes: Uint8Array | ArrayBuffer): Promise<WasmModule> } }).WebAssembly;

/**
 * The text of an opa_abort message. The SDK reads the message's UTF-8 bytes one by one as signed
 * bytes, so each byte >= 0x80 arrives as a char 0xFF80-0xFFFF (a builtin's error quoting a pattern
 * `é(` would read `ￃﾩ(`); no other char can arrive, so taking those back to bytes is exact.
 */
function abortText(s: string): string {
  if (!/[\uff80-\uffff]/.test(s)) return s;
  const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  return new TextDecoder().decode(bytes);
}

/** The fields of the SDK's LoadedPolicy that its ABI 1.2 evaluation reads. */
interface SdkInternals {
  entrypoints: Record<string, number>;
  minorVersion: number;
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  wasmInstance: { exports: { opa_eval(reserved: number, ep: number, data: number, input: number, len: number, heap: number, format: number): number } };
  dataAddr: number;
  dataHeapPtr: number;
}


function entrypointId(p: SdkInternals, entrypoint: string | number): number {
  const ep = typeof entrypoint === 'number' ? entrypoint : Object.hasOwn(p.entrypoints, entrypoint) ? p.entrypoints[entrypoint] : undefined;
  if (ep === undefined) throw new Error(`entrypoint ${entrypoint} is not valid in this instance`);
  return ep;
}

/** The NUL-terminated UTF-8 text at `at` in the module's memory. */
function textAt(p: SdkInternals, at: number): string {
  const mem = new Uint8Array(p.mem.buffer);
  const end = mem.indexOf(0, at);
  return new TextDecoder().decode(mem.subarray(at, end < 0 ? mem.length : end));
}

/** The SDK's ABI 1.2 evaluation (input written after the data, opa_eval), its result left as text. */
function evaluateText(p: SdkInternals, input: unknown, entrypoint: string | number): string {
  const ep = entrypointId(p, entrypoint);
  const bytes = input === undefined ? undefined : input instanceof ArrayBuffer ? new Uint8Array(input) : new TextEncoder().encode(JSON.stringify(input));
  const len = bytes?.byteLength ?? 0;
  const short = p.dataHeapPtr + len - p.mem.buffer.byteLength;
  if (short > 0) p.mem.grow(Math.ceil(short / 65536));
  if (bytes) new Uint8Array(p.mem.buffer).set(bytes, p.dataHeapPtr);
  return evalAt(p, ep, bytes ? p.dataHeapPtr : 0, len);
}

/** opa_eval (ABI 1.2) of entry point `ep` on the `len` input bytes at `at`, the heap after them; its result text. */
function evalAt(p: SdkInternals, ep: number, at: number, len: number): string {
  return textAt(p, p.wasmInstance.exports.opa_eval(0, ep, p.dataAddr, at, len, p.dataHeapPtr + len, 0));
}

/**
 * The input written piece by piece where the SDK writes it (after the data), the memory grown by
 * an eighth at a time as it fills; evaluations of it pass the heap pointer after it (ABI 1.2), so
 * none of them overwrites it. Evaluated as the SDK evaluates (its result text through JSON.parse).
 */
function placeInput(p: SdkInternals, write: (put: (text: string) => void) => void): PlacedInput {
  const encoder = new TextEncoder();
  const base = p.dataHeapPtr;
  let len = 0;
  let view = new Uint8Array(p.mem.buffer);
  write((text) => {
    // encodeInto writes at most 3 bytes per UTF-16 unit
    const short = base + len + text.length * 3 - view.length;
    if (short > 0) {
      const needed = Math.ceil(short / PAGE);
      try {
        p.mem.grow(Math.max(needed, Math.ceil(view.length / PAGE / 8)));
      } catch {
        p.mem.grow(needed); // near a memory limit: only what this piece needs (a RangeError past it)
      }
      view = new Uint8Array(p.mem.buffer);
    }
    len += encoder.encodeInto(text, view.subarray(base + len)).written;
  });
  return {
    bytes: len,
    evaluate: (entrypoint) => JSON.parse(evalAt(p, entrypointId(p, entrypoint), base, len)) as Array<{ result: unknown }>,
  };
}

/** Runs `fn`, an SDK evaluation: opa_abort throws the message string, which becomes a real Error. */
function sdkCall<T>(fn: () => T): T {
  resetEvaluationState();
  try {
    return fn();
  } catch (e) {
    if (typeof e === 'string') throw new Error(abortText(e));
    throw e;
  }
}

function wrap(module: WasmModule, table: Record<string, unknown>, maxPages?: number): WardenPolicy {
  let p: OpaLoaded | undefined;
  let data: unknown;
  const instance = (): OpaLoaded => {
    if (p) return p;
    // the SDK makes the memory from this descriptor (its default: 5 pages, no maximum)
    p = sdk().loadPolicySync(module as unknown as Uint8Array, maxPages === undefined ? undefined : { initial: 5, maximum: maxPages }, table);
    if (data !== undefined) p.setData(data);
    return p;
  };
  instance();
  // A failure with the memory at its limit (a grow refused: the runtime traps, the SDK throws a
  // RangeError) is the limit's, whatever the trap says
  const call = <T>(fn: () => T): T => {
    try {
      return sdkCall(fn);
    } catch (e) {
      // Warden's runtime traps with `unreachable` only where a grow was refused (its other stops go
      // through opa_abort), and the SDK's or our own grow for the input throws a RangeError: with a
      // limit set, both are the limit's even far below it (one allocation may ask for more than is
      // left). Any failure within a tenth of the limit is too.
      const pages = p ? (p as unknown as SdkInternals).mem.buffer.byteLength / PAGE : 0;
      const refusedGrow = (e instanceof Error && e.message === 'unreachable') || (e instanceof RangeError && /Memory\.grow/.test(e.message));
      if (maxPages !== undefined && (refusedGrow || pages >= maxPages * 0.9)) throw new PolicyMemoryLimit(maxPages * PAGE);
      throw e;
    }
  };
  return {
    // opa_abort throws the message string: sdkCall gives callers a real Error
    evaluate: (input, entrypoint) => call(() => instance().evaluate(input, entrypoint ?? 0)),
    setData: (d) => {
      data = d;
      call(() => instance().setData(d));
    },
    get entrypoints() {
      return instance().entrypoints;
    },
    release: () => {
      p = undefined;
    },
    memoryBytes: () => (p ? (p as unknown as { mem: { buffer: ArrayBuffer } }).mem.buffer.byteLength : 0),
    evaluateJson: (input, entrypoint) => call(() => evaluateText(instance() as unknown as SdkInternals, input, entrypoint ?? 0)),
    withInput: (write) => {
      const sdkPolicy = instance() as unknown as SdkInternals;
      if (sdkPolicy.minorVersion >= 2 && typeof sdkPolicy.wasmInstance.exports.opa_eval === 'function') {
        const placed = call(() => placeInput(sdkPolicy, write));
        return { bytes: placed.bytes, evaluate: (entrypoint) => call(() => placed.evaluate(entrypoint)) };
      }
      // a module of ABI 1.1 (an older opa's bundle) is given its input by the SDK at each evaluation
      const pieces: string[] = [];
      write((text) => pieces.push(text));
      const bytes = new TextEncoder().encode(pieces.join('')).buffer as ArrayBuffer;
      return { bytes: bytes.byteLength, evaluate: (entrypoint) => call(() => instance().evaluate(bytes, entrypoint)) };
    },
  };
}

/**
 * Under strict builtin errors, an in-module builtin that fails without a message of its own is
 * reported as opa would: `eval_type_error: <name>: operand N must be <type> but got <type>` for the
 * first operand whose type its declaration rules out (single types only).
 */
let operandTypes: Record<string, string[]> | undefined;
function strictOperandTypes(): Record<string, string[]> {
  if (operandTypes) return operandTypes;
  operandTypes = {};
  for (const name of Object.keys(BUILTIN_ARITY).sort()) {
    const types = UNION_OPERANDS[name] ?? operandTypeNames(name);
    if (types?.some((t) => t !== '')) operandTypes[name] = types;
  }
  return operandTypes;
}

/** Union-typed operands, in the words (and order) of opa 1.22.2's messages. */
const SET_OR_ARRAY = 'one of {set, array}';
const UNION_OPERANDS: Record<string, string[]> = {
  count: ['one of {array, object, set, string}'],
  sum: [SET_OR_ARRAY],
  product: [SET_OR_ARRAY],
  max: [SET_OR_ARRAY],
  min: [SET_OR_ARRAY],
  sort: [SET_OR_ARRAY],
  concat: ['string', SET_OR_ARRAY],
  'strings.any_prefix_match': ['one of {string, set, array}', 'one of {string, set, array}'],
  'strings.any_suffix_match': ['one of {string, set, array}', 'one of {string, set, array}'],
};

function customArities(custom: CompileOptions['customBuiltins'] = {}): Record<string, number> {
  return Object.fromEntries(Object.entries(custom).map(([name, d]) => [name, d.arity]));
}

/** Warden's host builtins plus the caller's own, each made undefined on error as OPA does by default. */
function builtinTable(custom: Record<string, CustomBuiltin> = {}): Record<string, unknown> {
  return { ...hostBuiltins, ...Object.fromEntries(Object.entries(custom).map(([k, f]) => [k, undefinedOnError(f)])) };
}

export interface LoadOptions {
  /** Implementations of the builtins declared with `customBuiltins` at compile time. */
  builtins?: Record<string, CustomBuiltin>;
  /**
   * The most memory the module may grow to (rounded down to 64 KiB pages); an evaluation that needs
   * more fails with a PolicyMemoryLimit. Unset: the Wasm limit of 4 GiB.
   */
  maxMemoryBytes?: number;
}

/** An evaluation stopped because the module asked for more memory than LoadOptions.maxMemoryBytes leaves. */
export class PolicyMemoryLimit extends Error {
  constructor(readonly limitBytes: number) {
    super(`the policy's evaluation needed more memory than its limit of ${Math.round(limitBytes / 1024 / 1024)} MiB`);
  }
}

const PAGE = 65536;

export async function loadPolicy(wasm: Uint8Array | ArrayBuffer, options: LoadOptions = {}): Promise<WardenPolicy> {
  return wrap(await Wasm.compile(wasm), builtinTable(options.builtins), maxPages(options));
}

export function loadPolicySync(wasm: Uint8Array | ArrayBuffer, options: LoadOptions = {}): WardenPolicy {
  return wrap(new Wasm.Module(wasm), builtinTable(options.builtins), maxPages(options));
}

function maxPages(options: LoadOptions): number | undefined {
  return options.maxMemoryBytes === undefined ? undefined : Math.max(16, Math.floor(options.maxMemoryBytes / PAGE));
}

function queryPath(query: string): string {
  return query.trim().replace(/^data\./, '').replace(/^data$/, '').split('.').join('/');
}

const DATA_PATH = /^data(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const DATA_REF = /^(?:data|input)(\.[A-Za-z_][A-Za-z0-9_]*|\[\s*(?:"(?:[^"\\]|\\.)*"|-?[0-9]+|true|false|null)\s*\])*$/;
const QUERY_PACKAGE = '__warden_query';

/**
 * What evaluating `query` compiles: a rule path is an entry point itself; a reference with
 * brackets (`data.pkg.rule[0]`) or into input becomes a rule of its own; anything else is refused,
 * never answered as undefined.
 */
function queryPlan(query: string): { ep: string; extra?: RegoModule } | { error: string } {
  const q = query.trim();
  if (DATA_PATH.test(q)) return { ep: queryPath(q) };
  if (DATA_REF.test(q)) return { ep: `${QUERY_PACKAGE}/result`, extra: { file: '<query>', source: `package ${QUERY_PACKAGE}\n\nresult := ${q}\n` } };
  return { error: `the query must be a reference into data or input (data.pkg.rule, data.pkg.rule[0], input.x); write other queries as a rule: ${JSON.stringify(q)}` };
}

type EvalOptions = { v0Compatible?: boolean; strictBuiltinErrors?: boolean };

/**
 * Compiles `modules` for `query`, loads the policy, sets `data` and runs `evaluate` on it: its
 * result, or the diagnostics of parsing, compiling or evaluating (located at the rule or builtin).
 */
async function evalQuery<T>(modules0: RegoModule[], query: string, data: unknown, options: EvalOptions, evaluate: (p: WardenPolicy) => T, dataValue: unknown = data): Promise<Result<T | undefined>> {
  const plan = queryPlan(query);
  if ('error' in plan) return { value: undefined, diagnostics: [{ code: 'rego_parse_error', severity: 'error', message: plan.error, file: '<query>', span: zeroSpan }] };
  const { ep } = plan;
  const modules = plan.extra ? [...modules0, plan.extra] : modules0;
  const parsed = parseRego(modules, options);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics: parsed.diagnostics };
  const conflict = dataConflict(parsed.value, dataValue);
  if (conflict) return { value: undefined, diagnostics: [conflict] };
  const c = tooDeep(
    () => compileParsed(parsed.value, [ep], process.env.WARDEN_REGO_INDEXING !== '0', {}, options.strictBuiltinErrors === true),
    () => ({ value: undefined, diagnostics: [nestingError('rego_compile_error', modules[0]?.file ?? '', 'compiler')] }),
  );
  if (!c.value) return { value: undefined, diagnostics: c.diagnostics };
  const p = await loadPolicy(c.value.wasm);
  if (data !== undefined) p.setData(data);
  try {
    return { value: evaluate(p), diagnostics: c.diagnostics };
  } catch (e) {
    const message = (e as Error).message;
    return { value: undefined, diagnostics: [...c.diagnostics, { code: 'rego_eval_error', severity: 'error', message, ...evalErrorLocation(parsed.value, message, ep) }] };
  }
}

/**
 * opa's compile error for a rule whose path the base data already holds (data beside the rules is
 * merged with them; data at a rule's own path, or a scalar on its way, conflicts with it).
 */
function dataConflict(modules: readonly Module[], data: unknown): Diagnostic | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  for (const m of modules)
    for (const r of m.rules) {
      let at: unknown = data;
      const path = [...m.package, ...r.name];
      for (let i = 0; i < path.length && at !== undefined; i++) {
        if (at === null || typeof at !== 'object' || Array.isArray(at)) break;
        at = Object.hasOwn(at, path[i]!) ? (at as Record<string, unknown>)[path[i]!] : undefined;
        if (at !== undefined && (i === path.length - 1 || at === null || typeof at !== 'object' || Array.isArray(at))) {
          const message = `conflicting rule for data path ${path.join('/')} found`;
          return { code: 'rego_compile_error', severity: 'error', message, file: r.file, span: r.nameSpan };
        }
      }
    }
  return undefined;
}

export async function evalRego(modules: RegoModule[], query: string, input?: unknown, data?: unknown, options: EvalOptions = {}): Promise<Result<Array<{ result: unknown }> | undefined>> {
  return evalQuery(modules, query, data, options, (p) => p.evaluate(input, 0));
}

/** A JSON text as the whole ArrayBuffer of its UTF-8 bytes (the SDK copies ArrayBuffers as they are). */
function jsonBytes(text: string): ArrayBuffer {
  const b = new TextEncoder().encode(text);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/**
 * evalRego with JSON texts in and out, as `opa eval` reads and prints them: input and data go to
 * the module as their bytes and the result set comes back as the module's JSON text, so numbers
 * no JavaScript number holds keep their digits. Texts must be valid JSON (the caller checks).
 */
export async function evalRegoJson(modules: RegoModule[], query: string, input?: string, data?: string, options: EvalOptions = {}): Promise<Result<string | undefined>> {
  const bytes = data === undefined ? undefined : jsonBytes(data);
  // the data's shape, for conflicts with rules (its numbers' precision does not matter there)
  const shape: unknown = data === undefined ? undefined : JSON.parse(data);
  return evalQuery(modules, query, bytes, options, (p) => p.evaluateJson(input === undefined ? undefined : jsonBytes(input), 0), shape);
}

/**
 * Where an evaluation error belongs. The runtime's message names the rule whose outputs conflict
 * (`eval_conflict_error: data.pkg.p: ...`) or the builtin that failed (`eval_builtin_error:
 * count: ...`): the rule's head, or the first call of that builtin (the only one, in most
 * policies). Otherwise, and when the named thing is not found, the queried rule's head, else the
 * first module's package line: never a diagnostic without a file.
 */
export function evalErrorLocation(modules: readonly Module[], message: string, entrypoint: string): { file: string; span: Diagnostic['span'] } {
  const m = /^\w+: (?:rule |function )?([^\s:]+)(?:: | produced conflicting)/.exec(message);
  const named = m?.[1];
  if (named?.startsWith('data.')) {
    const hit = ruleAt(modules, named.slice(5));
    if (hit) return hit;
  } else if (named) {
    for (const mod of modules) {
      const span = firstCall(mod.rules, named);
      if (span) return { file: mod.file, span };
    }
  }
  const hit = ruleAt(modules, entrypoint.split('/').join('.'));
  if (hit) return hit;
  const first = modules[0];
  return first ? { file: first.file, span: first.packageSpan } : { file: '<query>', span: zeroSpan };
}

/** The head of the first rule at `path` (dotted, without `data.`); a package path gives the package line. */
function ruleAt(modules: readonly Module[], path: string): { file: string; span: Diagnostic['span'] } | undefined {
  for (const mod of modules) {
    for (const r of mod.rules) if ([...mod.package, ...r.name].join('.') === path) return { file: mod.file, span: r.nameSpan };
  }
  for (const mod of modules) if (mod.package.join('.') === path || path.startsWith(mod.package.join('.') + '.')) return { file: mod.file, span: mod.packageSpan };
  return undefined;
}

/** The builtins infix operators call, as the runtime names them in errors. */
const OPERATOR_BUILTINS: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '&': 'and', '|': 'or', '==': 'equal', '!=': 'neq', '<': 'lt', '>': 'gt', '<=': 'lte', '>=': 'gte' };

/** The span of the first call of builtin `name` in these rules, in source order (a walk, not recursion). */
function firstCall(rules: readonly Rule[], name: string): Diagnostic['span'] | undefined {
  let best: Diagnostic['span'] | undefined;
  const pending: unknown[] = [...rules];
  while (pending.length > 0) {
    const x = pending.pop();
    if (x === null || typeof x !== 'object') continue;
    if (Array.isArray(x)) {
      for (const y of x) pending.push(y);
      continue;
    }
    const o = x as Record<string, unknown>;
    if ((o.type === 'call' && o.name === name) || (o.type === 'binop' && OPERATOR_BUILTINS[o.op as string] === name)) {
      const span = (o.nameSpan ?? o.span) as Diagnostic['span'];
      if (!best || span.offset < best.offset) best = span;
    }
    for (const k in o) if (k !== 'span' && k !== 'nameSpan' && k !== 'annotations') pending.push(o[k]);
  }
  return best;
}

export interface RegoTestResult {
  package: string;
  name: string;
  file: string;
  line: number;
  pass: boolean;
  /** A `todo_test_` rule: not run, counted apart (pass stays false). */
  skipped?: boolean;
  error?: string;
  /** Sub-tests of a parameterised test (`test_x[name] if ...`), one per key, sorted by name. */
  subResults?: SubResult[];
  durationMs: number;
}

/** Selects tests by their data path (`data.pkg.test_x`): a Go regular expression in the CLI, as in opa. */
export interface TestFilter {
  test(path: string): boolean;
}

export interface RegoTestOptions {
  v0Compatible?: boolean;
  data?: unknown;
  run?: TestFilter;
  /** Builtins the policies' own project registers: declaration and implementation. */
  customBuiltins?: Record<string, { arity: number; impl: CustomBuiltin }>;
}

/**
 * `opa test` semantics: every rule named test_* passes when it is defined and true; each definition
 * of a name is a test of its own (test_a, test_a#01); a partial object test (`test_x[name] if`) has a
 * sub-test per key (src/rego/test-runner.ts).
 */
export async function runRegoTests(modules: RegoModule[], options: RegoTestOptions = {}): Promise<{ results: RegoTestResult[]; diagnostics: Diagnostic[] }> {
  const parsed = parseRego(modules, options);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { results: [], diagnostics: parsed.diagnostics };
  const custom = options.customBuiltins ?? {};
  const tests = prepareTests(parsed.value, options.run, bodyOrderOf(parsed.value, options.run, customArities(custom)));
  const eps = tests.flatMap((t) => (t.skip ? [] : t.reachEp ? [t.ep, t.reachEp] : [t.ep]));
  const c = compileParsed(parsed.value, eps, true, custom);
  if (!c.value) return { results: [], diagnostics: c.diagnostics };
  const p = await loadPolicy(c.value.wasm, { builtins: Object.fromEntries(Object.entries(custom).map(([k, d]) => [k, d.impl])) });
  if (options.data !== undefined) p.setData(options.data);
  const results: RegoTestResult[] = [];
  for (const t of tests) {
    if (t.skip) results.push({ package: t.pkg, name: t.name, file: t.file, line: t.line, pass: false, skipped: true, durationMs: 0 });
    else results.push(runOneTest(p, c.value.entrypoints, t));
  }
  return { results, diagnostics: c.diagnostics };
}

/** Plans a copy of the modules to learn the order of the parameterised tests' bodies. */
function bodyOrderOf(modules: Module[], run: TestFilter | undefined, custom: Record<string, number> = {}): BodyOrder | undefined {
  const copy = structuredClone(modules);
  const tests = prepareTests(copy, run);
  if (!tests.some((t) => t.parameterised)) return undefined;
  const planner = new Planner(copy, custom);
  planner.plan(tests.map((t) => t.ep));
  return (mi, ri) => planner.bodyOrder.get(copy[mi]!.rules[ri]!.body);
}

function runOneTest(p: WardenPolicy, eps: Record<string, number>, t: TestSpec): RegoTestResult {
  const start = performance.now();
  let pass = false;
  let error: string | undefined;
  let subResults: SubResult[] | undefined;
  try {
    const rs = p.evaluate(null, eps[t.ep]!);
    if (!t.parameterised || rs.length !== 1) pass = rs.length === 1 && rs[0]!.result === true;
    else {
      const reached = t.reachEp === undefined ? [] : p.evaluate(null, eps[t.reachEp]!);
      const paths = reached.length === 1 && Array.isArray(reached[0]!.result) ? (reached[0]!.result as unknown[][]) : [];
      const s = subResultsOf(rs[0]!.result, paths);
      pass = s.pass;
      if (s.subResults.length) subResults = s.subResults;
    }
  } catch (e) {
    error = (e as Error).message;
  }
  const { pkg, name, file, line } = t;
  return { package: pkg, name, file, line, pass, ...(error ? { error } : {}), ...(subResults ? { subResults } : {}), durationMs: performance.now() - start };
}
