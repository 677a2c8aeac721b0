// Go's regexp (RE2 syntax and semantics) in linear time: parse.ts reads the pattern as Go's
// regexp/syntax does (same errors), compile.ts turns it into a flat program, pike.ts runs it.
// The only door of src/rego/re2: compiled patterns come from a bounded cache.

import { RegexpSyntaxError } from './parse.js';
import { Regexp } from './regexp.js';

export { Regexp, RegexpSyntaxError };

const CACHE_LIMIT = 256;
/** Programs larger than this (instructions) are not kept: the cache holds at most ~256 small ones. */
const CACHE_MAX_SIZE = 20_000;
const cache = new Map<string, Regexp>();

/** The compiled pattern (cached, least recently used dropped first); throws RegexpSyntaxError. */
export function compileRegexp(pattern: string): Regexp {
  let re = cache.get(pattern);
  if (re) {
    cache.delete(pattern);
    cache.set(pattern, re);
    return re;
  }
  re = new Regexp(pattern);
  if (re.size > CACHE_MAX_SIZE) return re;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/** Whether Go's regexp.Compile accepts the pattern. */
export function isValidRegexp(pattern: string): boolean {
  try {
    compileRegexp(pattern);
    return true;
  } catch (e) {
    if (e instanceof RegexpSyntaxError) return false;
    throw e;
  }
}
