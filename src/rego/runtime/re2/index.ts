// AssemblyScript RE2 port: the public door. Go's regexp (RE2 syntax and semantics, leftmost-first
// submatches, Go's error messages) in time linear in the input, for the Wasm runtime; a port of
// the TypeScript engine in src/rego/re2. Errors are values: re2Compile returns null and
// re2LastError() gives Go's message (the TypeScript engine's RegexpSyntaxError.message).
//
// The cache lives on the heap: whoever resets the heap between evaluations must call
// re2ResetCache() first (or together), or the cache would point into reused memory.
import { parse, parseError, syntaxError, ERR_LARGE } from './parse';
import { compile } from './compile';
import { Re2 } from './regexp';

export { Re2 } from './regexp';
export { UNICODE_VERSION } from './unicode-tables';

let lastError: string = '';

/** Go's regexp.Compile: the compiled pattern, or null (see re2LastError). Not cached. */
export function re2CompileUncached(pattern: string): Re2 | null {
  const parsed = parse(pattern);
  if (parsed === null) {
    lastError = parseError();
    return null;
  }
  const prog = compile(parsed);
  if (prog === null) {
    lastError = syntaxError(ERR_LARGE, pattern);
    return null;
  }
  lastError = '';
  return new Re2(pattern, prog);
}

/** Go's message for the last failed compile: `error parsing regexp: <code>: \`<expr>\``; '' after a success. */
export function re2LastError(): string {
  return lastError;
}

/** Patterns kept per evaluation; past this the cache starts over (a cheap bound, no LRU bookkeeping). */
const CACHE_LIMIT = 256;
/** Programs larger than this (instructions) are not kept, so the cache holds only small ones. */
const CACHE_MAX_SIZE = 20000;

// Created on first use, dropped by re2ResetCache: nothing allocated at module start can be left
// dangling by a heap reset.
let cache: Map<string, Re2> | null = null;
let errors: Map<string, string> | null = null;

/** The compiled pattern from the per-evaluation cache (compiled on a miss); null with re2LastError() set on failure. */
export function re2Compile(pattern: string): Re2 | null {
  if (cache === null) cache = new Map<string, Re2>();
  if (errors === null) errors = new Map<string, string>();
  const hits = cache!;
  const fails = errors!;
  if (hits.has(pattern)) {
    lastError = '';
    return hits.get(pattern);
  }
  if (fails.has(pattern)) {
    lastError = fails.get(pattern);
    return null;
  }
  const re = re2CompileUncached(pattern);
  if (hits.size + fails.size >= CACHE_LIMIT) {
    hits.clear();
    fails.clear();
  }
  if (re === null) fails.set(pattern, lastError);
  else if (re.size <= CACHE_MAX_SIZE) hits.set(pattern, re);
  return re;
}

/** Whether Go's regexp.Compile accepts the pattern (regex.is_valid). */
export function re2IsValid(pattern: string): bool {
  return re2Compile(pattern) !== null;
}

/** Forgets every cached pattern. Call it whenever the heap is reset between evaluations. */
export function re2ResetCache(): void {
  cache = null;
  errors = null;
}
