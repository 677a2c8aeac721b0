// The Rego conformance case format: one YAML file per feature area under test/rego/cases/, each a
// list of cases. The format is engine-agnostic on purpose: the same case runs through Warden's
// compiler (cases.test.ts) and through the reference `opa eval` (verify-with-opa.ts,
// differential.test.ts). docs/rego-conformance.md is the reader-facing description of it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

/** The sentinel `want_result` value meaning "the query has no result" (OPA's empty result set). */
export const UNDEFINED = 'undefined';

export interface WantError {
  /** OPA's error code: rego_parse_error, rego_unsafe_var_error, eval_conflict_error, ... */
  code: string;
  /** A fragment OPA's message contains; checked against Warden only for compile-time errors. */
  message_contains?: string;
  /** 1-based line of the first error, in the module it occurs in. */
  line?: number;
  /** Module file of the error, `case_<index>.rego` (modules are numbered from 0 in case order). */
  file?: string;
}

export interface RegoCase {
  name: string;
  feature: string;
  modules: string[];
  data?: unknown;
  /** Absent means "no input document", which is not the same as `input: null`. */
  input?: unknown;
  hasInput: boolean;
  /** One ref query (`data.test.p`), or several, each also a Wasm entrypoint. */
  query: string | string[];
  /** A JSON value, `"undefined"`, or for a list of queries an object keyed by query. */
  want_result?: unknown;
  want_error?: WantError;
  v0?: boolean;
  /** Evaluate with strict builtin errors (opa eval --strict-builtin-errors; compileRego strictBuiltinErrors). */
  strict?: boolean;
  skip_opa?: string;
  /** Where the case lives, for titles and messages: `arith.yaml`. */
  file: string;
}

export interface CaseFile {
  file: string;
  absPath: string;
  cases: RegoCase[];
}

export const casesDir = fileURLToPath(new URL('../cases/', import.meta.url));

const KNOWN_KEYS = new Set(['name', 'feature', 'modules', 'data', 'input', 'query', 'want_result', 'want_error', 'v0', 'strict', 'skip_opa', 'note']);

/** Raised for a malformed case file: a bug in the suite, not in the engine under test. */
export class CaseFormatError extends Error {}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(p));
    else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.yml')) out.push(p);
  }
  return out.sort();
}

export function queriesOf(c: RegoCase): string[] {
  return Array.isArray(c.query) ? c.query : [c.query];
}

/** `data.a.b.c` -> `a/b/c`, the entrypoint spelling `opa build -e` and the Wasm SDK use. */
export function entrypointOf(query: string): string {
  if (!/^data(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(query)) {
    throw new CaseFormatError(`query ${JSON.stringify(query)} is not a plain data ref (data.pkg.rule)`);
  }
  return query.slice('data.'.length).replace(/\./g, '/');
}

function validate(raw: unknown, file: string, index: number): RegoCase {
  const where = `${file} case #${index + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CaseFormatError(`${where}: a case must be a mapping`);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!KNOWN_KEYS.has(k)) throw new CaseFormatError(`${where}: unknown key ${k}`);
  if (typeof r.name !== 'string' || r.name === '') throw new CaseFormatError(`${where}: name must be a non-empty string`);
  const named = `${file} › ${r.name}`;
  if (typeof r.feature !== 'string') throw new CaseFormatError(`${named}: feature must be a string`);
  if (!Array.isArray(r.modules) || r.modules.length === 0 || !r.modules.every((m) => typeof m === 'string')) {
    throw new CaseFormatError(`${named}: modules must be a non-empty list of strings`);
  }
  const query = r.query;
  if (!(typeof query === 'string' || (Array.isArray(query) && query.length > 0 && query.every((q) => typeof q === 'string')))) {
    throw new CaseFormatError(`${named}: query must be a ref string or a list of them`);
  }
  for (const q of Array.isArray(query) ? query : [query]) entrypointOf(q as string);
  const hasResult = 'want_result' in r;
  const hasError = 'want_error' in r;
  if (hasResult && hasError) throw new CaseFormatError(`${named}: want_result and want_error are exclusive`);
  if (hasError) {
    const e = r.want_error as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof e.code !== 'string') throw new CaseFormatError(`${named}: want_error needs a code`);
    if (e.line !== undefined && typeof e.line !== 'number') throw new CaseFormatError(`${named}: want_error.line must be a number`);
  }
  if (hasResult && Array.isArray(query)) {
    const w = r.want_result;
    if (typeof w !== 'object' || w === null || Array.isArray(w)) throw new CaseFormatError(`${named}: with several queries, want_result is an object keyed by query`);
    for (const q of query) if (!((q as string) in (w as object))) throw new CaseFormatError(`${named}: want_result lacks ${q}`);
  }
  return {
    name: r.name,
    feature: r.feature,
    modules: r.modules as string[],
    ...('data' in r ? { data: r.data } : {}),
    ...('input' in r ? { input: r.input } : {}),
    hasInput: 'input' in r,
    query: query as string | string[],
    ...(hasResult ? { want_result: r.want_result } : {}),
    ...(hasError ? { want_error: r.want_error as WantError } : {}),
    ...(r.v0 === true ? { v0: true } : {}),
    ...(r.strict === true ? { strict: true } : {}),
    ...(typeof r.skip_opa === 'string' ? { skip_opa: r.skip_opa } : {}),
    file,
  };
}

/** Loads and validates every case file; throws CaseFormatError on the first malformed case or duplicate name. */
export function loadCaseFiles(dir = casesDir): CaseFile[] {
  const files: CaseFile[] = [];
  for (const absPath of yamlFiles(dir)) {
    const file = relative(dir, absPath).split('\\').join('/');
    const doc = parseDocument(readFileSync(absPath, 'utf8'), { uniqueKeys: true });
    if (doc.errors.length > 0) throw new CaseFormatError(`${file}: ${doc.errors[0]!.message}`);
    const raw = doc.toJS({ maxAliasCount: -1 }) as unknown;
    if (!Array.isArray(raw)) throw new CaseFormatError(`${file}: a case file is a YAML list of cases`);
    const cases = raw.map((c, i) => validate(c, file, i));
    const seen = new Set<string>();
    for (const c of cases) {
      if (seen.has(c.name)) throw new CaseFormatError(`${file}: duplicate case name ${c.name}`);
      seen.add(c.name);
    }
    files.push({ file, absPath, cases });
  }
  return files;
}

export function allCases(dir = casesDir): RegoCase[] {
  return loadCaseFiles(dir).flatMap((f) => f.cases);
}

/** The stable identity used by titles, known-gaps.yaml and reports. */
export function caseId(c: RegoCase): string {
  return `${c.file} › ${c.name}`;
}
