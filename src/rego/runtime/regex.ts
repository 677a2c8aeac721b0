// AssemblyScript: the regex.* builtins inside the module, as OPA's own Wasm has them, on the RE2
// port in ./re2 (Go's syntax, error messages and leftmost-first semantics, linear in the text). A
// module that uses them then runs in any OPA Wasm host, the stock SDK included, with no host regex.
// Results, operand checks and messages are opa v1.22.2's (v1/topdown/regex.go and
// regex_template.go): every operand is checked, in order, before the pattern is compiled; an
// operand of the wrong type is an eval_type_error worded by OPA's builtins.NewOperandTypeErr; a
// pattern Go rejects is an eval_builtin_error with Go's message. The host version
// (src/rego/builtins/regex.ts, on the TypeScript engine) answers the same.
import { Value, VArr, T_STR, asStr, mkBool, mkStr, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';
import { goQuote } from './gofmt';
import { intOperand, ATOI } from './json';
import { Re2, re2Compile, re2IsValid, re2LastError } from './re2/index';

const FIND_N = 'regex.find_n';
const SUBMATCH_N = 'regex.find_all_string_submatch_n';
const TEMPLATE = 'regex.template_match';

/** Reports OPA's type error for the first of a[0..n) that is not a string; false when all are strings. */
function notStrings(name: string, a: Array<Value>, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const v = unchecked(a[i]);
    if (v.t == T_STR) continue;
    builtinTypeError(name, 'operand ' + (i + 1).toString() + ' must be string but got ' + typeName(v));
    return true;
  }
  return false;
}

/** The compiled pattern (cached for the evaluation), or null after reporting Go's syntax error. */
function compiled(name: string, pattern: string): Re2 | null {
  const re = re2Compile(pattern);
  if (re === null) builtinError(name, re2LastError());
  return re;
}

function text(v: Value): string {
  return asStr(v).s;
}

function strings(xs: Array<string>): Value {
  const out = new Array<Value>(xs.length);
  for (let i = 0; i < xs.length; i++) unchecked((out[i] = mkStr(unchecked(xs[i]))));
  return new VArr(out);
}

/** regex.match and its deprecated alias re_match (`name`: errors name the builtin as called). */
export function regexMatch(name: string, a: Array<Value>): Value | null {
  if (notStrings(name, a, 2)) return null;
  const re = compiled(name, text(a[0]));
  return re === null ? null : mkBool(re.matchString(text(a[1])));
}

/** regex.is_valid: whether Go compiles the pattern; false, not an error, for a non-string. */
export function regexIsValid(a: Array<Value>): Value {
  return mkBool(a[0].t == T_STR && re2IsValid(text(a[0])));
}

/** regex.split: Go's Split(s, -1). */
export function regexSplit(a: Array<Value>): Value | null {
  const name = 'regex.split';
  if (notStrings(name, a, 2)) return null;
  const re = compiled(name, text(a[0]));
  return re === null ? null : strings(re.split(text(a[1])));
}

/** regex.replace(s, pattern, template): Go's ReplaceAllString; the operand itself when nothing changes. */
export function regexReplace(a: Array<Value>): Value | null {
  const name = 'regex.replace';
  if (notStrings(name, a, 3)) return null;
  const re = compiled(name, text(a[1]));
  if (re === null) return null;
  const s = text(a[0]);
  const out = re.replaceAllString(s, text(a[2]));
  return out == s ? a[0] : mkStr(out);
}

/** Marks a count operand OPA rejects (the error is already reported). */
const BAD_COUNT: i32 = i32.MIN_VALUE;

/**
 * Operand 3 of find_n / find_all_string_submatch_n as opa's IntOperand reads it, as an i32 (beyond
 * it every match is taken anyway: n < 0 means all), or BAD_COUNT after its error.
 */
function countOperand(name: string, v: Value): i32 {
  if (!intOperand(name, 3, v)) return BAD_COUNT;
  return ATOI < 0 ? -1 : ATOI > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>ATOI;
}

/** regex.find_n(pattern, s, n): Go's FindAllString, n < 0 for every match. */
export function regexFindN(a: Array<Value>): Value | null {
  if (notStrings(FIND_N, a, 2)) return null;
  const n = countOperand(FIND_N, a[2]);
  if (n == BAD_COUNT) return null;
  const re = compiled(FIND_N, text(a[0]));
  return re === null ? null : strings(re.findAllString(text(a[1]), n));
}

/** regex.find_all_string_submatch_n(pattern, s, n): Go's FindAllStringSubmatch ('' for a group that did not take part). */
export function regexFindAllSubmatch(a: Array<Value>): Value | null {
  if (notStrings(SUBMATCH_N, a, 2)) return null;
  const n = countOperand(SUBMATCH_N, a[2]);
  if (n == BAD_COUNT) return null;
  const re = compiled(SUBMATCH_N, text(a[0]));
  if (re === null) return null;
  const rows = re.findAllStringSubmatch(text(a[1]), n);
  const out = new Array<Value>(rows.length);
  for (let i = 0; i < rows.length; i++) unchecked((out[i] = strings(unchecked(rows[i]))));
  return new VArr(out);
}

/**
 * The first-level delimiter pairs of a template as [start, end + 1, ...], or null when unbalanced
 * (regex_template.go's delimiterIndices). Go reads bytes; a one-byte delimiter is ASCII, which no
 * UTF-16 unit of another character equals, so reading UTF-16 units finds the same pairs.
 */
function delimiterIndices(s: string, open: i32, close: i32): Array<i32> | null {
  const out = new Array<i32>();
  let level = 0;
  let idx = 0;
  for (let i = 0; i < s.length; i++) {
    const c = <i32>s.charCodeAt(i);
    if (c == open) {
      if (++level == 1) idx = i;
    } else if (c == close) {
      if (--level == 0) {
        out.push(idx);
        out.push(i + 1);
      } else if (level < 0) return null;
    }
  }
  return level == 0 ? out : null;
}

/** Go's regexp.QuoteMeta: a backslash before each of \.+*?()|[]{}^$. */
function quoteMeta(s: string): string {
  const parts = new Array<string>();
  let seg = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 92 || c == 46 || c == 43 || c == 42 || c == 63 || c == 40 || c == 41 || c == 124 || c == 91 || c == 93 || c == 123 || c == 125 || c == 94 || c == 36) {
      parts.push(s.substring(seg, i));
      parts.push('\\');
      seg = i;
    }
  }
  parts.push(s.substring(seg));
  return parts.join('');
}

/**
 * The pattern regex_template.go's compileRegexTemplate builds: the literal text quoted, each
 * delimited part a group; each part must compile alone, anchored (its error is reported first).
 * Null after reporting an error.
 */
function templatePattern(tpl: string, idx: Array<i32>): string | null {
  const parts = new Array<string>();
  parts.push('^');
  let last = 0;
  for (let i = 0; i < idx.length; i += 2) {
    const inner = tpl.substring(idx[i] + 1, idx[i + 1] - 1);
    if (compiled(TEMPLATE, '^' + inner + '$') === null) return null;
    parts.push(quoteMeta(tpl.substring(last, idx[i])));
    parts.push('(' + inner + ')');
    last = idx[i + 1];
  }
  parts.push(quoteMeta(tpl.substring(last)));
  parts.push('$');
  return parts.join('');
}

/** regex.template_match(template, s, start, end): s matches the template, whose delimited parts are patterns. */
export function regexTemplateMatch(a: Array<Value>): Value | null {
  if (notStrings(TEMPLATE, a, 4)) return null;
  // lengths in UTF-8 bytes, as Go's len; opa reports the start delimiter's length in both messages
  const startLen = String.UTF8.byteLength(text(a[2]));
  const why = ' delimiter has to be exactly one character long but is ' + startLen.toString() + ' long';
  if (startLen != 1) return builtinError(TEMPLATE, 'start' + why);
  if (String.UTF8.byteLength(text(a[3])) != 1) return builtinError(TEMPLATE, 'end' + why);
  const tpl = text(a[0]);
  const idx = delimiterIndices(tpl, <i32>text(a[2]).charCodeAt(0), <i32>text(a[3]).charCodeAt(0));
  if (idx === null) return builtinError(TEMPLATE, 'unbalanced braces in ' + goQuote(tpl, false));
  const pattern = templatePattern(tpl, idx);
  if (pattern === null) return null;
  const re = compiled(TEMPLATE, pattern);
  return re === null ? null : mkBool(re.matchString(text(a[1])));
}
