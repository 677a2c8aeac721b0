// OPA's own conformance cases, read where `go install github.com/open-policy-agent/opa@v1.22.2`
// leaves its module (never copied into this repository), and reduced to what a compiled Wasm
// entrypoint can answer. Each case is in scope or out of scope with a stated reason.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export const OPA_SUITE_VERSION = 'v1.22.2';

/** One case as the suite states it, normalised. */
export interface SuiteCase {
  /** `<category>/<file>#<index>`: stable across runs of the same module version. */
  id: string;
  category: string;
  note: string;
  modules: string[];
  data?: unknown;
  hasInput: boolean;
  input?: unknown;
  /** The entrypoint (`test/p`), when in scope. */
  entrypoint?: string;
  expect: Expectation;
  /** Why the case is not run, when it is not. */
  outOfScope?: string;
}

export type Expectation =
  /** `sorted`: the suite's sort_bindings, under which an array value is compared as a sorted list. */
  | { kind: 'value'; value: unknown; sorted?: boolean }
  | { kind: 'undefined' }
  | { kind: 'error'; code: string; strict: boolean; message?: string };

/** Where the suite is: OPA_SUITE_DIR, else the Go module cache's copy of the opa module. */
export function findSuiteDir(): { dir?: string; reason: string } {
  const explicit = process.env.OPA_SUITE_DIR;
  if (explicit) return existsSync(explicit) ? { dir: explicit, reason: `OPA_SUITE_DIR=${explicit}` } : { reason: `OPA_SUITE_DIR=${explicit} does not exist` };
  let modcache: string;
  try {
    modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return { reason: 'go is not on this machine, so OPA\'s conformance cases (in the opa Go module) are absent' };
  }
  const dir = join(modcache, 'github.com', 'open-policy-agent', `opa@${OPA_SUITE_VERSION}`, 'v1', 'test', 'cases', 'testdata', 'v1');
  if (!existsSync(dir)) return { reason: `${dir} does not exist (run: go install github.com/open-policy-agent/opa@${OPA_SUITE_VERSION})` };
  return { dir, reason: `found ${dir}` };
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const QUERY = /^\s*data((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/** Every case of the suite, in a stable order. */
export function loadSuite(dir: string): SuiteCase[] {
  const out: SuiteCase[] = [];
  for (const file of yamlFiles(dir)) {
    const rel = relative(dir, file);
    const category = rel.split('/')[0]!;
    const doc = parse(readFileSync(file, 'utf8')) as { cases?: Array<Record<string, unknown>> } | null;
    (doc?.cases ?? []).forEach((raw, i) => out.push(normalise(raw, `${rel}#${i}`, category)));
  }
  return out;
}

function normalise(raw: Record<string, unknown>, id: string, category: string): SuiteCase {
  const base: SuiteCase = {
    id,
    category,
    note: String(raw.note ?? id),
    modules: Array.isArray(raw.modules) ? (raw.modules as string[]) : [],
    hasInput: false,
    expect: { kind: 'undefined' },
  };
  if ('data' in raw) base.data = raw.data;
  const input = inputOf(raw);
  if (input === INPUT_TERM) return { ...base, outOfScope: 'input given as a Rego term that is not JSON' };
  if (input !== NO_INPUT) Object.assign(base, { hasInput: true, input });
  const m = QUERY.exec(String(raw.query ?? ''));
  if (!m) return { ...base, outOfScope: 'query is not a single `data.<path> = <var>` (a compiled entrypoint is a data ref)' };
  const variable = m[2]!;
  if (variable === 'input' || variable === 'data') return { ...base, outOfScope: 'query compares a document with input or data (not a data ref bound to a variable)' };
  base.entrypoint = m[1]!.slice(1).replace(/\./g, '/');
  const expect = expectationOf(raw, variable);
  if (typeof expect === 'string') return { ...base, outOfScope: expect };
  base.expect = expect;
  if (base.modules.length === 0) return { ...base, outOfScope: 'no modules: the case queries base data only' };
  return base;
}

const NO_INPUT = Symbol('no input');
const INPUT_TERM = Symbol('input term');

function inputOf(raw: Record<string, unknown>): unknown {
  if ('input' in raw) return raw.input;
  if (!('input_term' in raw)) return NO_INPUT;
  try {
    return JSON.parse(String(raw.input_term));
  } catch {
    return INPUT_TERM;
  }
}

function expectationOf(raw: Record<string, unknown>, variable: string): Expectation | string {
  // without want_error_code OPA's harness matches the message, which names the code
  const named = typeof raw.want_error === 'string' ? /\b([a-z_]+_error)\b/.exec(raw.want_error)?.[1] : undefined;
  const code = (raw.want_error_code as string | undefined) ?? named;
  if (code !== undefined || raw.want_error !== undefined) {
    const e: Expectation = { kind: 'error', code: code ?? 'unknown', strict: raw.strict_error === true };
    if (typeof raw.want_error === 'string') e.message = raw.want_error;
    return e;
  }
  const rows = raw.want_result;
  if (!Array.isArray(rows)) return 'no want_result or want_error';
  if (rows.length === 0) return { kind: 'undefined' };
  if (rows.length > 1) return 'several result rows for one data ref';
  const row = rows[0] as Record<string, unknown>;
  if (!(variable in row)) return `want_result does not bind ${variable}`;
  return { kind: 'value', value: row[variable], ...(raw.sort_bindings === true ? { sorted: true } : {}) };
}
