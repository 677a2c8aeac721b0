// regex.* on Warden's own RE2 engine (src/rego/re2): Go's syntax, error messages and leftmost-first
// semantics, in time linear in the input (a hostile pattern such as (a+)+$ cannot backtrack).
// FindAll, Split and ReplaceAllString follow Go's regexp package (see re2/regexp.ts).
// Modules compiled now answer regex.* inside the module (src/rego/runtime/regex.ts, on the
// AssemblyScript port of this engine); these host versions stay in the host table for modules
// compiled before that, which import them, and are the reference the in-module ones are tested
// against (test/rego/portable.test.ts).
import { compileRegexp, isValidRegexp, type Regexp, RegexpSyntaxError } from '../re2/index.js';
import { builtinError, int, str } from './values.js';
import { goQuote } from './graphql/lexer.js';

/** The compiled Go pattern; a pattern Go rejects is a builtin error with Go's message. */
export function goRegex(name: string, pattern: string): Regexp {
  try {
    return compileRegexp(pattern);
  } catch (e) {
    if (e instanceof RegexpSyntaxError) return builtinError(name, e.message);
    throw e;
  }
}

function delimiterIndices(s: string, start: string, end: string): number[] {
  let level = 0;
  let idx = 0;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === start) {
      if (++level === 1) idx = i;
    } else if (s[i] === end) {
      if (--level === 0) out.push(idx, i + 1);
      else if (level < 0) builtinError('regex.template_match', `unbalanced braces in ${goQuote(s)}`);
    }
  }
  if (level !== 0) builtinError('regex.template_match', `unbalanced braces in ${goQuote(s)}`);
  return out;
}

/** Go's regexp.QuoteMeta. */
const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

function templateMatch(pattern: unknown, value: unknown, start: unknown, end: unknown): boolean {
  const name = 'regex.template_match';
  const tpl = str(name, 1, pattern);
  const text = str(name, 2, value);
  const ds = str(name, 3, start);
  const de = str(name, 4, end);
  // opa reports the start delimiter's length in both messages
  if (Buffer.byteLength(ds) !== 1) builtinError(name, `start delimiter has to be exactly one character long but is ${Buffer.byteLength(ds)} long`);
  if (Buffer.byteLength(de) !== 1) builtinError(name, `end delimiter has to be exactly one character long but is ${Buffer.byteLength(ds)} long`);
  const idx = delimiterIndices(tpl, ds, de);
  let re = '^';
  let last = 0;
  for (let i = 0; i < idx.length; i += 2) {
    const inner = tpl.slice(idx[i]! + 1, idx[i + 1]! - 1);
    goRegex(name, `^${inner}$`);
    re += `${quoteMeta(tpl.slice(last, idx[i]))}(${inner})`;
    last = idx[i + 1]!;
  }
  re += `${quoteMeta(tpl.slice(last))}$`;
  return goRegex(name, re).matchString(text);
}

// As in opa, every operand is checked, in order, before the pattern is compiled.
export const regexBuiltins: Record<string, (...args: any[]) => unknown> = {
  'regex.match': (pattern: unknown, value: unknown) => {
    const [p, s] = [str('regex.match', 1, pattern), str('regex.match', 2, value)];
    return goRegex('regex.match', p).matchString(s);
  },
  'regex.is_valid': (pattern: unknown) => typeof pattern === 'string' && isValidRegexp(pattern),
  'regex.split': (pattern: unknown, value: unknown) => {
    const [p, s] = [str('regex.split', 1, pattern), str('regex.split', 2, value)];
    return goRegex('regex.split', p).split(s);
  },
  'regex.replace': (value: unknown, pattern: unknown, repl: unknown) => {
    const [s, p, r] = [str('regex.replace', 1, value), str('regex.replace', 2, pattern), str('regex.replace', 3, repl)];
    return goRegex('regex.replace', p).replaceAllString(s, r);
  },
  'regex.template_match': templateMatch,
  'regex.find_n': (pattern: unknown, value: unknown, n: unknown) => {
    const [p, s, k] = [str('regex.find_n', 1, pattern), str('regex.find_n', 2, value), int('regex.find_n', 3, n)];
    return goRegex('regex.find_n', p).findAllString(s, k);
  },
  'regex.find_all_string_submatch_n': (pattern: unknown, value: unknown, n: unknown) => {
    const name = 'regex.find_all_string_submatch_n';
    const [p, s, k] = [str(name, 1, pattern), str(name, 2, value), int(name, 3, n)];
    return goRegex(name, p).findAllStringSubmatch(s, k);
  },
};
