// Runs one OPA conformance case through Warden's compiler and judges the answer under two loaders:
// Warden's own (`loadPolicy` of src/rego, with its host builtins) and the stock
// @open-policy-agent/opa-wasm SDK given nothing but the module. With an `opa` binary
// (`--opa-wasm <path>`), also OPA's own Wasm (`opa build -t wasm`) under the same stock SDK: the
// reference issue #17 holds Warden's portable modules to. The verdicts:
//   pass         the answer OPA's suite expects
//   wrong        a value (or undefined) that differs from OPA's: the one thing that must never happen
//   unsupported  a clean error (compile diagnostic, or an evaluation error) where OPA answers
//   error-code   both error, with a different code
//   lenient      undefined where OPA errors only under strict builtin errors (opa eval's default
//                is undefined too)
//   crash        the compiler threw, or the SDK could not load the module
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Expectation, SuiteCase } from './suite.js';

export type Verdict = 'pass' | 'wrong' | 'unsupported' | 'error-code' | 'lenient' | 'crash';

export interface Judged {
  verdict: Verdict;
  /** What the engine did, in one line. */
  got: string;
}

export interface CaseResult {
  id: string;
  warden: Judged;
  sdk: Judged;
  /** OPA's own Wasm under the stock SDK, when an opa binary was given. */
  opaWasm?: Judged;
}

interface Diag {
  code: string;
  severity: string;
  message: string;
}
interface Loaded {
  evaluate(input: unknown, entrypoint?: string | number): unknown;
  setData(d: unknown): void;
}
interface RegoApi {
  compileRego(m: Array<{ file: string; source: string }>, o: { entrypoints: string[]; v0Compatible?: boolean; strictBuiltinErrors?: boolean }): { value?: { wasm: Uint8Array }; diagnostics: Diag[] };
  loadPolicy(w: Uint8Array): Promise<Loaded>;
}
interface Sdk {
  loadPolicy(w: Uint8Array): Promise<Loaded>;
}

export interface Engines {
  rego: RegoApi;
  sdk: Sdk;
  /** The opa binary whose `opa build -t wasm` gives the reference modules. */
  opa?: string;
}

/** The compiler and the stock SDK of the repository at `repo` (a checkout with node_modules). */
export async function loadEngines(repo: string, opa?: string): Promise<Engines> {
  const rego = (await import(new URL(`file://${repo}/src/rego/index.ts`).href)) as RegoApi;
  const sdk = createRequire(`${repo}/package.json`)('@open-policy-agent/opa-wasm') as Sdk;
  return { rego, sdk, ...(opa ? { opa } : {}) };
}

type Outcome = { kind: 'value'; value: unknown } | { kind: 'undefined' } | { kind: 'error'; phase: 'compile' | 'eval' | 'load'; code: string; message: string };

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e);
}

/** OPA's error code at the start of a message (`eval_conflict_error: ...`), if any. */
function codeIn(message: string): string {
  return /^([a-z_]+_error)\b/.exec(message)?.[1] ?? 'eval_error';
}

async function evaluate(load: () => Promise<Loaded>, c: SuiteCase): Promise<Outcome> {
  let p: Loaded;
  try {
    p = await load();
    if (c.data !== undefined) p.setData(c.data);
  } catch (e) {
    return { kind: 'error', phase: 'load', code: 'load_error', message: messageOf(e) };
  }
  try {
    const rs = p.evaluate(c.hasInput ? c.input : undefined, c.entrypoint!) as Array<{ result: unknown }>;
    if (!Array.isArray(rs) || rs.length > 1) return { kind: 'error', phase: 'eval', code: 'bad_result_set', message: JSON.stringify(rs) };
    return rs.length === 0 ? { kind: 'undefined' } : { kind: 'value', value: rs[0]!.result };
  } catch (e) {
    const message = messageOf(e);
    return { kind: 'error', phase: 'eval', code: codeIn(message), message };
  }
}

/** JSON with object keys sorted, so that values compare and print independently of key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (Object.is(x, -0)) return 0;
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      return Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]]));
    }
    return x;
  });
}

function show(o: Outcome): string {
  if (o.kind === 'value') return canonical(o.value).slice(0, 300);
  if (o.kind === 'undefined') return 'undefined';
  return `${o.phase} ${o.code}: ${o.message.split('\n')[0]!.slice(0, 240)}`;
}

function judgeOutcome(expect: Expectation, o: Outcome): Verdict {
  if (o.kind === 'error' && (o.phase === 'load' || o.code === 'internal_compiler_throw')) return 'crash';
  if (expect.kind === 'error') {
    if (o.kind === 'error') return o.phase === 'eval' && expect.code.startsWith('eval_') ? 'pass' : o.code === expect.code ? 'pass' : 'error-code';
    if (o.kind === 'undefined' && expect.strict) return 'lenient';
    return 'wrong';
  }
  if (o.kind === 'error') return 'unsupported';
  if (expect.kind === 'undefined') return o.kind === 'undefined' ? 'pass' : 'wrong';
  if (o.kind === 'undefined') return 'wrong';
  const norm = (v: unknown): unknown => {
    const x = JSON.parse(canonical(v)) as unknown;
    return expect.sorted && Array.isArray(x) ? [...x].sort(jsonOrder) : x;
  };
  return isDeepStrictEqual(norm(o.value), norm(expect.value)) ? 'pass' : 'wrong';
}

const rank = (v: unknown): number => (v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : Array.isArray(v) ? 4 : 5);

/** OPA's order restricted to JSON values: null, booleans, numbers, strings, arrays, objects. */
export function jsonOrder(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1 || ra === 2 || ra === 3) return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
  if (ra === 4) {
    const x = a as unknown[];
    const y = b as unknown[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = jsonOrder(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  if (ra === 5) {
    const ka = Object.keys(a as object).sort();
    const kb = Object.keys(b as object).sort();
    const c = jsonOrder(ka, kb);
    if (c !== 0) return c;
    return jsonOrder(ka.map((k) => (a as Record<string, unknown>)[k]), kb.map((k) => (b as Record<string, unknown>)[k]));
  }
  return 0;
}

function compile(e: Engines, c: SuiteCase): { wasm: Uint8Array } | Outcome {
  const modules = c.modules.map((source, i) => ({ file: `case_${i}.rego`, source }));
  try {
    // a case that wants an error only under strict builtin errors runs as OPA's suite runs it
    const strict = c.expect.kind === 'error' && c.expect.strict;
    const r = e.rego.compileRego(modules, { entrypoints: [c.entrypoint!], ...(strict ? { strictBuiltinErrors: true } : {}) });
    const err = r.diagnostics.find((d) => d.severity === 'error');
    if (err || !r.value) return { kind: 'error', phase: 'compile', code: err?.code ?? 'no_module', message: err?.message ?? 'no module produced' };
    return { wasm: r.value.wasm };
  } catch (err) {
    return { kind: 'error', phase: 'compile', code: 'internal_compiler_throw', message: messageOf(err) };
  }
}

/** The case's modules through `opa build -t wasm`: OPA's own module for the entrypoint. */
function opaBuild(opa: string, c: SuiteCase): { wasm: Uint8Array } | Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'opa-wasm-case-'));
  try {
    mkdirSync(join(dir, 'src'));
    c.modules.forEach((source, i) => writeFileSync(join(dir, 'src', `case_${i}.rego`), source));
    try {
      execFileSync(opa, ['build', '-t', 'wasm', '-e', c.entrypoint!, '-o', join(dir, 'bundle.tar.gz'), join(dir, 'src')], { stdio: 'pipe' });
    } catch (err) {
      const message = String((err as { stderr?: Buffer }).stderr ?? err).trim();
      return { kind: 'error', phase: 'compile', code: /rego_[a-z_]+_error/.exec(message)?.[0] ?? 'opa_build_error', message };
    }
    execFileSync('tar', ['-xzf', join(dir, 'bundle.tar.gz'), '-C', dir, '/policy.wasm'], { stdio: 'pipe' });
    return { wasm: new Uint8Array(readFileSync(join(dir, 'policy.wasm'))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles once; evaluates under Warden's loader and under the stock SDK (and OPA's own Wasm). */
export async function runCase(e: Engines, c: SuiteCase): Promise<CaseResult> {
  const compiled = compile(e, c);
  const judged = (o: Outcome): Judged => ({ verdict: judgeOutcome(c.expect, o), got: show(o) });
  let opaWasm: Judged | undefined;
  if (e.opa) {
    const built = opaBuild(e.opa, c);
    opaWasm = judged('wasm' in built ? await evaluate(() => e.sdk.loadPolicy(built.wasm), c) : built);
  }
  const extra = opaWasm ? { opaWasm } : {};
  if (!('wasm' in compiled)) return { id: c.id, warden: judged(compiled), sdk: judged(compiled), ...extra };
  const warden = await evaluate(() => e.rego.loadPolicy(compiled.wasm), c);
  const sdk = await evaluate(() => e.sdk.loadPolicy(compiled.wasm), c);
  return { id: c.id, warden: judged(warden), sdk: judged(sdk), ...extra };
}

export function describeExpectation(x: Expectation): string {
  if (x.kind === 'value') return canonical(x.value).slice(0, 300);
  if (x.kind === 'undefined') return 'undefined';
  return `error ${x.code}${x.strict ? ' (strict builtin errors)' : ''}`;
}
