// AssemblyScript: built-in functions implemented inside the module, plus the bridge to host-served ones
// (time, yaml, json.patch, ...) through the ABI's opa_builtinN imports.
import { Value, VNum, VStr, VArr, VObj, VSet, NULL, TRUE, FALSE, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, asArr, asObj, asSet, asStr, asNum, asBool, equal, compare, compareValues, compareStrings, mkBool, mkNum, mkStr, typeName } from './value';
import { toJSON, formatNumber, quoteString, numberFromText, parseJSON, toRego, Writer, intOperand, ATOI } from './json';
import { goSprintf, goQuote } from './gofmt';
import { arithNum, unaryNum, aggregateNum, truncText, integerTextInBase, intTextOf } from './numbers';
import { bigOfText, bigText, bigAdd, bigCmp } from './bigint';
import { abortBuiltin, builtinError, builtinFailure, builtinTypeError, takeHostDefer } from './errors';
import { shortestF64Text, parseF64 } from './strtod';
import { unitsParse, unitsParseBytes } from './units';
import { globMatch, globQuoteMeta } from './glob';
import { regexMatch, regexIsValid, regexSplit, regexFindN, regexReplace, regexFindAllSubmatch, regexTemplateMatch } from './regex';
import { jsonPaths } from './jsonpaths';
import { reachable, reachablePaths } from './graph';
import { semverIsValid, semverCompare } from './semver';
import { cryptoBuiltin } from './hash';
import { jwtDecode } from './jwt';
import { cidrContains, cidrIntersects, cidrIsValid, cidrContainsMatches } from './net';
import { encodingBuiltin, bitsBuiltin, splitN, smallInt } from './encoding';
import { yamlMarshal, yamlUnmarshal, yamlIsValid } from './yaml';

const ARITH: Array<string> = ['', 'plus', 'minus', 'mul', 'div', 'rem'];

@external('env', 'opa_builtin0')
declare function opa_builtin0(id: i32, ctx: i32): usize;
@external('env', 'opa_builtin1')
declare function opa_builtin1(id: i32, ctx: i32, a: usize): usize;
@external('env', 'opa_builtin2')
declare function opa_builtin2(id: i32, ctx: i32, a: usize, b: usize): usize;
@external('env', 'opa_builtin3')
declare function opa_builtin3(id: i32, ctx: i32, a: usize, b: usize, c: usize): usize;
@external('env', 'opa_builtin4')
declare function opa_builtin4(id: i32, ctx: i32, a: usize, b: usize, c: usize, d: usize): usize;
@external('env', 'opa_println')
declare function opa_println(addr: usize): void;
@external('env', 'opa_abort')
declare function opa_abort(addr: usize): void;

/** An evaluation error (the SDK's evaluate throws it), for what Warden cannot answer as opa does. */
function evalError(msg: string): void {
  const w = new Writer();
  w.put(msg);
  opa_abort(w.cstr());
  unreachable();
}

function hasSet(v: Value): bool {
  if (v.t == T_SET) return true;
  if (v.t == T_ARR) {
    const items = asArr(v).items;
    for (let i = 0; i < items.length; i++) if (hasSet(items[i])) return true;
  } else if (v.t == T_OBJ) {
    const ents = asObj(v).ents;
    for (let i = 0; i < ents.length; i++) if (hasSet(ents[i].k) || hasSet(ents[i].v)) return true;
  }
  return false;
}

/** Host builtins whose answer depends on sets, which reach the host as JSON arrays. */
function setSensitive(name: string): bool {
  return name == 'walk';
}

export const B_HOST: i32 = 0;
const NAMES: Array<string> = [
  '', // host
  'plus', 'minus', 'mul', 'div', 'rem', 'equal', 'neq', 'lt', 'lte', 'gt', 'gte', // 1..11
  'internal.member_2', 'internal.member_3', 'count', 'sum', 'product', 'max', 'min', 'sort', 'abs', 'round', // 12..21
  'ceil', 'floor', 'concat', 'contains', 'startswith', 'endswith', 'lower', 'upper', 'split', 'trim', // 22..31
  'trim_space', 'trim_prefix', 'trim_suffix', 'trim_left', 'trim_right', 'replace', 'indexof', 'substring', 'sprintf', 'format_int', // 32..41
  'to_number', 'object.get', 'object.keys', 'object.remove', 'object.union', 'array.concat', 'array.slice', 'array.reverse', 'union', 'intersection', // 42..51
  'is_string', 'is_number', 'is_boolean', 'is_array', 'is_object', 'is_set', 'is_null', 'type_name', 'json.marshal', 'numbers.range', // 52..61
  'and', 'or', 'print', 'strings.reverse', 'any', 'all', 'json.unmarshal', 'object.filter', 'strings.any_prefix_match', 'strings.any_suffix_match', // 62..71
  'internal.print', 'trace', 'object.union_n', 'array.flatten', 'strings.count', 'indexof_n', 'units.parse_bytes', 'json.is_valid', 'base64.encode', 'base64.decode', // 72..81
  'walk', 'object.subset', 'strings.replace_n', 'cast_array', 'cast_set', 'to_string', 'internal.template_string', // 82..88
  'base64.is_valid', 'base64url.encode', 'base64url.encode_no_pad', 'base64url.decode', 'hex.encode', 'hex.decode', // 89..94
  'bits.and', 'bits.or', 'bits.xor', 'bits.negate', 'bits.lsh', 'bits.rsh', 'strings.split_n', 'numbers.range_step', // 95..102
  'units.parse', 'glob.match', 'glob.quote_meta', 'net.cidr_contains', 'net.cidr_intersects', // 103..107
  'net.cidr_is_valid', 'json.remove', 'json.filter', 'graph.reachable', 'graph.reachable_paths', // 108..112
  'semver.is_valid', 'semver.compare', // 113..114
  'crypto.md5', 'crypto.sha1', 'crypto.sha256', 'crypto.hmac.md5', 'crypto.hmac.sha1', 'crypto.hmac.sha256', 'crypto.hmac.sha512', 'crypto.hmac.equal', // 115..122
  'io.jwt.decode', 'net.cidr_contains_matches', // 123..124
  'regex.match', 're_match', 'regex.is_valid', 'regex.split', 'regex.find_n', 'regex.replace', // 125..130
  'regex.find_all_string_submatch_n', 'regex.template_match', // 131..132
  'yaml.marshal', 'yaml.unmarshal', 'yaml.is_valid', // 133..135
];

export let HOST_NAMES: Array<string> = new Array<string>();
export let HOST_IDS: Array<i32> = new Array<i32>();

export function builtinCode(name: string): i32 {
  for (let i = 1; i < NAMES.length; i++) if (NAMES[i] == name) return i;
  return B_HOST;
}

function hostId(name: string): i32 {
  for (let i = 0; i < HOST_NAMES.length; i++) if (HOST_NAMES[i] == name) return HOST_IDS[i];
  return -1;
}

const SET_TAG = '__warden_set__';

const NUM_TAG = '__warden_num__';
const OBJ_TAG = '__warden_nonstring_keys__';

/** A number whose source text a JSON double would not keep (long integers, `1.0`, `1e3`). */
function inexactNumber(v: Value): bool {
  if (v.t != T_NUM) return false;
  const r = asNum(v).repr;
  if (r === null) return false;
  if (r.length > 15) return true;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c == 46 || c == 101 || c == 69) return true; // . e E
  }
  return false;
}

function containsSet(v: Value): bool {
  if (v.t == T_SET || inexactNumber(v)) return true;
  if (v.t == T_ARR) {
    const a = asArr(v).items;
    for (let i = 0; i < a.length; i++) if (containsSet(a[i])) return true;
  } else if (v.t == T_OBJ) {
    const e = asObj(v).ents;
    for (let i = 0; i < e.length; i++) if (e[i].k.t != T_STR || containsSet(e[i].v)) return true;
  }
  return false;
}

/**
 * Host builtins see JSON: a set travels as {"__warden_set__": [...]} so they can tell it from an array,
 * and a number whose text a double would not keep as {"__warden_num__": "text"}.
 */
function tagSets(v: Value): Value {
  if (!containsSet(v)) return v;
  if (v.t == T_NUM) {
    const o = new VObj();
    o.put(new VStr(NUM_TAG), new VStr(asNum(v).repr!));
    return o;
  }
  if (v.t == T_SET) {
    const s = asSet(v);
    s.sort();
    const items = new Array<Value>();
    for (let i = 0; i < s.items.length; i++) items.push(tagSets(s.items[i]));
    const o = new VObj();
    o.put(new VStr(SET_TAG), new VArr(items));
    return o;
  }
  if (v.t == T_ARR) {
    const a = asArr(v).items;
    const items = new Array<Value>();
    for (let i = 0; i < a.length; i++) items.push(tagSets(a[i]));
    return new VArr(items);
  }
  const e = asObj(v).ents;
  const o = new VObj();
  let plain = true;
  for (let i = 0; i < e.length; i++) {
    if (e[i].k.t != T_STR) plain = false;
    o.put(e[i].k, tagSets(e[i].v));
  }
  if (plain) return o;
  // an object with non-string keys: its keys print as JSON text, so say which were not strings
  const keys = new Array<Value>();
  for (let i = 0; i < e.length; i++) if (e[i].k.t != T_STR) keys.push(e[i].k);
  o.put(new VStr(OBJ_TAG), new VArr(keys));
  return o;
}

/** The reverse of tagSets, on a host builtin's result. */
function untagSets(v: Value): Value {
  if (v.t == T_ARR) {
    const a = asArr(v).items;
    for (let i = 0; i < a.length; i++) a[i] = untagSets(a[i]);
  } else if (v.t == T_OBJ) {
    const o = asObj(v);
    if (o.ents.length == 1 && o.ents[0].k.t == T_STR && asStr(o.ents[0].k).s == SET_TAG && o.ents[0].v.t == T_ARR) {
      const a = asArr(o.ents[0].v).items;
      const s = new VSet();
      for (let i = 0; i < a.length; i++) s.add(untagSets(a[i]));
      return s;
    }
    for (let i = 0; i < o.ents.length; i++) o.ents[i].v = untagSets(o.ents[i].v);
  }
  return v;
}

/** time.now_ns is read once per evaluation, as in OPA: every call in one evaluation sees the same instant. */
let nowNs: Value | null = null;

/** Forgets what one evaluation cached from the host (called when an evaluation starts). */
export function resetHostCache(): void {
  nowNs = null;
  // made in an evaluation's heap, which the next one reuses: made again on first use
  lowered = null;
  uppered = null;
}

// lower(x) and upper(x) of a string value seen before in this evaluation: the same result value.
// Policies case-fold a resource's kind for every check (`lower(r.kind)`), and the kinds read
// from one input are one string each (see json.ts), so this turns an allocation per call into a
// lookup. Keyed by the argument's identity: a different value with the same text is folded again.
let lowered: Map<usize, Value> | null = null;
let uppered: Map<usize, Value> | null = null;

function caseOf(v: Value, upper: bool): Value {
  if (upper && uppered === null) uppered = new Map<usize, Value>();
  if (!upper && lowered === null) lowered = new Map<usize, Value>();
  const memo = upper ? uppered! : lowered!;
  const key = changetype<usize>(v);
  if (memo.has(key)) return memo.get(key);
  const out = sameOrNew(v, simpleCase(asStr(v).s, upper));
  memo.set(key, out);
  return out;
}

/** An in-module builtin's result, or the host builtin's answer where it deferred (errors.ts deferToHost). */
function orHost(hostName: string, r: Value | null, a: Array<Value>): Value | null {
  return takeHostDefer() ? callHost(hostName, a) : r;
}

function callHost(name: string, args: Array<Value>): Value | null {
  if (name == 'time.now_ns' && args.length == 0) {
    if (nowNs === null) nowNs = callHostOnce(name, args);
    return nowNs;
  }
  return callHostOnce(name, args);
}

/** Calls a host builtin and returns its raw answer, or null when the host does not serve it. */
export function callHostRaw(name: string, args0: Array<Value>): Value | null {
  const id = hostId(name);
  if (id < 0) return null;
  if (setSensitive(name)) {
    for (let i = 0; i < args0.length; i++) if (hasSet(args0[i])) evalError('eval_builtin_error: ' + name + ': a set inside its argument is not supported by Warden');
  }
  const args = new Array<Value>();
  for (let i = 0; i < args0.length; i++) args.push(tagSets(args0[i]));
  let r: usize = 0;
  switch (args.length) {
    case 0:
      r = opa_builtin0(id, 0);
      break;
    case 1:
      r = opa_builtin1(id, 0, changetype<usize>(args[0]));
      break;
    case 2:
      r = opa_builtin2(id, 0, changetype<usize>(args[0]), changetype<usize>(args[1]));
      break;
    case 3:
      r = opa_builtin3(id, 0, changetype<usize>(args[0]), changetype<usize>(args[1]), changetype<usize>(args[2]));
      break;
    default:
      r = opa_builtin4(id, 0, changetype<usize>(args[0]), changetype<usize>(args[1]), changetype<usize>(args[2]), changetype<usize>(args[3]));
  }
  return r == 0 ? null : changetype<Value>(r);
}

/**
 * A host builtin's failure as opa words it: the host's message names the builtin it ran
 * (`time.parse_ns: ...`, also for time.parse_rfc3339_ns), which gives way to the name called, and
 * an operand of the wrong type is opa's eval_type_error.
 */
function hostError(name: string, message: string): Value | null {
  const text = withoutBuiltinName(message);
  // Warden's own host builtins that stand in for the SDK's are `warden.<name>`
  const shown = name.startsWith('warden.') ? name.substring(7) : name;
  return builtinFailure(shown, text);
}

/** `message` without a leading `ns.name: ` (lower-case words joined by dots, at least one dot). */
function withoutBuiltinName(message: string): string {
  const colon = message.indexOf(': ');
  if (colon <= 0) return message;
  let dots = 0;
  for (let i = 0; i < colon; i++) {
    const c = message.charCodeAt(i);
    if (c == 46) dots++;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95)) return message;
  }
  return dots > 0 ? message.substring(colon + 2) : message;
}

function callHostOnce(name: string, args: Array<Value>): Value | null {
  const v = callHostRaw(name, args);
  if (v === null) return null;
  // the loader reports a failed host builtin as {"__warden_undefined__": true} (with its message
  // under "__warden_error__"): OPA makes the call undefined, or an error when strict
  if (v.t == T_OBJ && asObj(v).ents.length <= 2 && asObj(v).getStr('__warden_undefined__') !== null) {
    const m = asObj(v).getStr('__warden_error__');
    return m !== null && m.t == T_STR ? hostError(name, asStr(m).s) : null;
  }
  // ...and what it cannot answer as opa does as {"__warden_unsupported__": message}: an error, not a value
  if (v.t == T_OBJ && asObj(v).ents.length == 1) {
    const m = asObj(v).getStr('__warden_unsupported__');
    if (m !== null && m.t == T_STR) evalError('eval_builtin_error: ' + s(m));
    // a number given by its text ({"__warden_number__": "1152921504606846976"}), printed as opa does
    const t = asObj(v).getStr('__warden_number__');
    if (t !== null && t.t == T_STR) return numberFromText(s(t));
  }
  return untagSets(v);
}

function isNum(v: Value): bool {
  return v.t == T_NUM;
}
function n(v: Value): f64 {
  return asNum(v).n;
}
function s(v: Value): string {
  return asStr(v).s;
}

function isInt(x: f64): bool {
  return isFinite(x) && x == Math.floor(x);
}

function arith(code: i32, a: Value, b: Value): Value | null {
  if (a.t == T_SET && b.t == T_SET && code == 2) {
    const out = new VSet();
    const x = asSet(a);
    const y = asSet(b);
    for (let i = 0; i < x.items.length; i++) if (!y.has(x.items[i])) out.add(x.items[i]);
    return out;
  }
  if (code == 2 && !(isNum(a) && isNum(b))) return minusTypeError(a, b);
  if (!isNum(a)) return builtinTypeError(ARITH[code], 'operand 1 must be number but got ' + typeName(a));
  if (!isNum(b)) return builtinTypeError(ARITH[code], 'operand 2 must be number but got ' + typeName(b));
  return arithNum(code, a, b);
}

/** `-` takes two numbers or two sets; opa names the operand it blames by these rules (a set minus a number wants a set). */
function minusTypeError(a: Value, b: Value): Value | null {
  if (!isNum(a) && a.t != T_SET) return builtinTypeError('minus', 'operand 1 must be one of {number, set} but got ' + typeName(a));
  return builtinTypeError('minus', 'operand 2 must be ' + (isNum(b) ? 'set' : 'number') + ' but got ' + typeName(b));
}

function member(x: Value, c: Value): bool {
  if (c.t == T_ARR) {
    const items = asArr(c).items;
    for (let i = 0; i < items.length; i++) if (equal(items[i], x)) return true;
    return false;
  }
  if (c.t == T_SET) return asSet(c).has(x);
  if (c.t == T_OBJ) {
    const o = asObj(c);
    for (let i = 0; i < o.ents.length; i++) if (equal(o.ents[i].v, x)) return true;
    return false;
  }
  return false;
}

function member3(k: Value, x: Value, c: Value): bool {
  if (c.t == T_ARR) {
    if (k.t != T_NUM) return false;
    const items = asArr(c).items;
    const i = n(k);
    if (!isInt(i) || i < 0 || i >= <f64>items.length) return false;
    return equal(items[<i32>i], x);
  }
  if (c.t == T_OBJ) {
    const w = asObj(c).get(k);
    return w !== null && equal(w, x);
  }
  if (c.t == T_SET) return equal(k, x) && asSet(c).has(x);
  return false;
}

/** opa's NewOperandElementErr: `operand 1 must be array of strings but got array containing number`. */
function elementError(name: string, pos: i32, coll: Value, got: Value, want: string): Value | null {
  const c = typeName(coll);
  return builtinTypeError(name, 'operand ' + pos.toString() + ' must be ' + c + ' of ' + want + 's but got ' + c + ' containing ' + typeName(got));
}

function collectionItems(v: Value): Array<Value> | null {
  if (v.t == T_ARR) return asArr(v).items;
  if (v.t == T_SET) {
    asSet(v).sort();
    return asSet(v).items;
  }
  return null;
}

function goTrimSet(cut: string, c: i32): bool {
  for (let i = 0; i < cut.length; i++) if (cut.charCodeAt(i) == c) return true;
  return false;
}

function isSpace(c: i32): bool {
  return c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12 || c == 0x85 || c == 0xa0;
}

function replaceAll(str: string, old: string, nw: string): string {
  if (old.length == 0) {
    // Go inserts the replacement around every rune
    let out = nw;
    for (let i = 0; i < str.length; i++) {
      const two = isHighSurrogate(str.charCodeAt(i)) && i + 1 < str.length;
      out += (two ? str.substring(i, i + 2) : str.charAt(i)) + nw;
      if (two) i++;
    }
    return out;
  }
  return str.replaceAll(old, nw);
}

function isIntegerText(t: string): bool {
  if (t.length == 0) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (i == 0 && c == 0x2d && t.length > 1))) return false;
  }
  return true;
}

/** Go's %v for Rego values: strings bare, everything else as Rego/JSON text. */
function fmtV(v: Value): string {
  if (v.t == T_STR) return s(v);
  return toRego(v);
}

/** The most numbers numbers.range/range_step builds: beyond, an evaluation error, not a hang (opa builds them). */
const MAX_RANGE: f64 = 10000000;

function rangeTooLong(name: string, count: f64): Value | null {
  // not undefined (opa has a value): the evaluation stops with an error
  abortBuiltin(name, 'a range of ' + (<i64>count).toString() + ' numbers is beyond Warden\'s limit of 10000000 (not supported by Warden)');
  return null;
}

function numbersRange(a: f64, b: f64): Value | null {
  if (Math.abs(b - a) + 1 > MAX_RANGE) return rangeTooLong('numbers.range', Math.abs(b - a) + 1);
  const items = new Array<Value>();
  if (a <= b) for (let x = a; x <= b; x++) items.push(mkNum(x));
  else for (let x = a; x >= b; x--) items.push(mkNum(x));
  return new VArr(items);
}

function toNumber(v: Value): Value | null {
  if (v.t == T_NUM) return v;
  if (v.t == T_NULL) return mkNum(0);
  if (v.t == T_BOOL) return mkNum(asBool(v) ? 1 : 0);
  if (v.t == T_STR) return numberOfString(s(v));
  return null;
}

/**
 * to_number of a string, as opa: Go's strconv.ParseFloat decides (its errors word for word), and
 * the number keeps its text. A text ParseFloat takes that is no JSON number (`+1`, `.5`, `1_000`,
 * hex) makes opa fail when it writes the result; Warden refuses it at once.
 */
function numberOfString(str: string): Value | null {
  const quoted = goQuote(str, false);
  if (isJsonNumber(str)) {
    if (!isFinite(parseF64(str))) return builtinError('to_number', 'strconv.ParseFloat: parsing ' + quoted + ': value out of range');
    return numberFromText(str);
  }
  const word = (str.startsWith('+') || str.startsWith('-') ? str.substring(1) : str).toLowerCase();
  if (word == 'inf' || word == 'infinity' || word == 'nan') return builtinTypeError('to_number', 'operand 1 must be valid number string but got string');
  // opa answers these (and fails only when it writes one out): an error in any mode, never undefined
  if (looksLikeGoFloat(str)) {
    abortBuiltin('to_number', quoted + ' is a number Go reads but JSON cannot hold (opa cannot write it either); Warden does not support it');
    return null;
  }
  return builtinError('to_number', 'strconv.ParseFloat: parsing ' + quoted + ': invalid syntax');
}

/** JSON's number syntax: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function isJsonNumber(t: string): bool {
  let i = 0;
  const n = t.length;
  if (i < n && t.charCodeAt(i) == 0x2d) i++;
  if (i >= n) return false;
  if (t.charCodeAt(i) == 0x30) i++;
  else if (isDigit(t.charCodeAt(i))) while (i < n && isDigit(t.charCodeAt(i))) i++;
  else return false;
  if (i < n && t.charCodeAt(i) == 0x2e) {
    i++;
    if (i >= n || !isDigit(t.charCodeAt(i))) return false;
    while (i < n && isDigit(t.charCodeAt(i))) i++;
  }
  if (i < n && (t.charCodeAt(i) == 0x65 || t.charCodeAt(i) == 0x45)) {
    i++;
    if (i < n && (t.charCodeAt(i) == 0x2b || t.charCodeAt(i) == 0x2d)) i++;
    if (i >= n || !isDigit(t.charCodeAt(i))) return false;
    while (i < n && isDigit(t.charCodeAt(i))) i++;
  }
  return i == n;
}

/**
 * Whether Go's strconv.ParseFloat reads the text (a texts JSON cannot hold: a sign `+`, a bare `.`,
 * `_` between digits, leading zeros, hex `0x1.8p1`, whose p exponent Go requires): opa answers
 * those and fails only when it writes one out. Anything else is Go's invalid syntax.
 */
function looksLikeGoFloat(t: string): bool {
  const n = t.length;
  let i = 0;
  if (i < n && (t.charCodeAt(i) == 0x2b || t.charCodeAt(i) == 0x2d)) i++;
  const hex = i + 1 < n && t.charCodeAt(i) == 0x30 && (t.charCodeAt(i + 1) | 0x20) == 0x78;
  if (hex) i += 2;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c == 0x2e && !dot) dot = true;
    else if (hex ? isHexDigit(c) : isDigit(c)) digits++;
    else if (c == 0x5f && underscoreBetween(t, i, hex)) continue;
    else break;
  }
  if (digits == 0) return false;
  if (i == n) return !hex;
  const e = t.charCodeAt(i) | 0x20;
  if (e != (hex ? 0x70 : 0x65)) return false;
  i++;
  if (i < n && (t.charCodeAt(i) == 0x2b || t.charCodeAt(i) == 0x2d)) i++;
  let expDigits = 0;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (isDigit(c)) expDigits++;
    else if (!(c == 0x5f && underscoreBetween(t, i, false))) return false;
  }
  return expDigits > 0;
}

/** Go's underscoreOK for one `_`: between two digits, or between a base prefix and a digit. */
function underscoreBetween(t: string, i: i32, hex: bool): bool {
  if (i == 0 || i + 1 >= t.length) return false;
  const before = t.charCodeAt(i - 1);
  const after = t.charCodeAt(i + 1);
  return (digitOf(before, hex) || (hex && (before | 0x20) == 0x78)) && digitOf(after, hex);
}

function digitOf(c: i32, hex: bool): bool {
  return hex ? isHexDigit(c) : isDigit(c);
}

function isHexDigit(c: i32): bool {
  return isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

function objectGet(o: Value, key: Value, dflt: Value): Value | null {
  // opa: the first operand must be an object (a type error, so undefined unless strict)
  if (o.t != T_OBJ) return builtinTypeError('object.get', 'operand 1 must be object but got ' + typeName(o));
  if (key.t == T_ARR) {
    let cur: Value = o;
    const path = asArr(key).items;
    for (let i = 0; i < path.length; i++) {
      let next: Value | null = null;
      if (cur.t == T_OBJ) next = asObj(cur).get(path[i]);
      else if (cur.t == T_ARR && path[i].t == T_NUM) {
        const idx = n(path[i]);
        const items = asArr(cur).items;
        if (isInt(idx) && idx >= 0 && idx < <f64>items.length) next = items[<i32>idx];
      } else if (cur.t == T_SET && asSet(cur).has(path[i])) next = path[i];
      if (next === null) return dflt;
      cur = next;
    }
    return cur;
  }
  const w = asObj(o).get(key);
  return w === null ? dflt : w;
}

function unionObjects(a: VObj, b: VObj): VObj {
  const out = new VObj();
  for (let i = 0; i < a.ents.length; i++) out.put(a.ents[i].k, a.ents[i].v);
  for (let i = 0; i < b.ents.length; i++) {
    const k = b.ents[i].k;
    const bv = b.ents[i].v;
    const av = out.get(k);
    if (av !== null && av.t == T_OBJ && bv.t == T_OBJ) out.put(k, unionObjects(asObj(av), asObj(bv)));
    else out.put(k, bv);
  }
  return out;
}

function strFromRunes(str: string, start: i64, len: i64): string {
  // Rego counts code points; only astral characters differ from UTF-16 units
  const cps = new Array<string>();
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < str.length) {
      cps.push(str.substring(i, i + 2));
      i++;
    } else cps.push(str.charAt(i));
  }
  if (start >= <i64>cps.length) return '';
  const end = len < 0 || len >= <i64>cps.length - start ? cps.length : <i32>(start + len);
  let out = '';
  for (let i = <i32>start; i < end; i++) out += cps[i];
  return out;
}

function runeCount(str: string): i32 {
  let c = 0;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    if (ch >= 0xd800 && ch < 0xdc00) i++;
    c++;
  }
  return c;
}

/**
 * Go's strings.ToUpper/ToLower map each character on its own (Unicode simple case mapping):
 * `upper("straße")` is "STRAßE", where JavaScript's full mapping gives "STRASSE". A character
 * whose full mapping is longer keeps itself (upper) or takes the mapping's first character (lower:
 * "İ" becomes "i").
 */
function simpleCase(str: string, upper: bool): string {
  let ascii = true;
  for (let i = 0; i < str.length && ascii; i++) if (str.charCodeAt(i) >= 0x80) ascii = false;
  if (ascii) return upper ? str.toUpperCase() : str.toLowerCase();
  let out = '';
  for (let i = 0; i < str.length; i++) {
    const ch = str.charAt(i);
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += m.length == 1 ? m : upper ? ch : m.charAt(0);
  }
  return out;
}

/** The argument itself when a string builtin left it unchanged (`lower("pod")`), else a new string. */
function sameOrNew(arg: Value, out: string): Value {
  return out == s(arg) ? arg : mkStr(out);
}

/**
 * object.filter (keep the listed keys) and object.remove (drop them). The keys' operand is checked
 * before the object's entries are read: an empty object with a bad operand is an error, as in opa.
 */
function objectKeep(name: string, obj: Value, keys: Value, keepListed: bool): Value | null {
  if (obj.t != T_OBJ) return builtinTypeError(name, 'operand 1 must be object but got ' + typeName(obj));
  if (keys.t != T_ARR && keys.t != T_SET && keys.t != T_OBJ) return builtinTypeError(name, 'operand 2 must be one of {object, set, array} but got ' + typeName(keys));
  const o = asObj(obj);
  const out = new VObj();
  for (let i = 0; i < o.ents.length; i++) {
    const k = o.ents[i].k;
    const listed = keys.t == T_ARR ? member(k, keys) : keys.t == T_SET ? asSet(keys).has(k) : asObj(keys).get(k) !== null;
    if (listed == keepListed) out.put(k, o.ents[i].v);
  }
  return out;
}

export function callBuiltin(code: i32, name: string, a: Array<Value>): Value | null {
  switch (code) {
    case 0:
      return callHost(name, a);
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
      return arith(code, a[0], a[1]);
    case 6:
      return mkBool(equal(a[0], a[1]));
    case 7:
      return mkBool(!equal(a[0], a[1]));
    case 8:
      return mkBool(compare(a[0], a[1]) < 0);
    case 9:
      return mkBool(compare(a[0], a[1]) <= 0);
    case 10:
      return mkBool(compare(a[0], a[1]) > 0);
    case 11:
      return mkBool(compare(a[0], a[1]) >= 0);
    case 12:
      return mkBool(member(a[0], a[1]));
    case 13:
      return mkBool(member3(a[0], a[1], a[2]));
    case 14: {
      const v = a[0];
      if (v.t == T_ARR) return mkNum(<f64>asArr(v).items.length);
      if (v.t == T_OBJ) return mkNum(<f64>asObj(v).ents.length);
      if (v.t == T_SET) return mkNum(<f64>asSet(v).items.length);
      if (v.t == T_STR) return mkNum(<f64>runeCount(s(v)));
      return null;
    }
    case 15:
    case 16: {
      const items = collectionItems(a[0]);
      if (items === null) return null;
      return aggregateNum(code, items);
    }
    case 17:
    case 18: {
      const items = collectionItems(a[0]);
      if (items === null || items.length == 0) return null;
      let best = items[0];
      for (let i = 1; i < items.length; i++) {
        const c = compare(items[i], best);
        if ((code == 17 && c > 0) || (code == 18 && c < 0)) best = items[i];
      }
      return best;
    }
    case 19: {
      const items = collectionItems(a[0]);
      if (items === null) return null;
      const copy = items.slice(0);
      copy.sort(compareValues);
      return new VArr(copy);
    }
    case 20:
    case 21:
    case 22:
    case 23:
      return isNum(a[0]) ? unaryNum(code - 20, a[0]) : null;
    case 24: {
      if (a[0].t != T_STR) return null;
      const items = collectionItems(a[1]);
      if (items === null) return null;
      let out = '';
      for (let i = 0; i < items.length; i++) {
        if (items[i].t != T_STR) return null;
        if (i > 0) out += s(a[0]);
        out += s(items[i]);
      }
      return mkStr(out);
    }
    case 25:
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      return mkBool(s(a[0]).includes(s(a[1])));
    case 26:
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      return mkBool(s(a[0]).startsWith(s(a[1])));
    case 27:
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      return mkBool(s(a[0]).endsWith(s(a[1])));
    case 28:
      return a[0].t == T_STR ? caseOf(a[0], false) : null;
    case 29:
      return a[0].t == T_STR ? caseOf(a[0], true) : null;
    case 30: {
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      return splitValue(a[0], s(a[1]));
    }
    case 31:
    case 35:
    case 36: {
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      const str = s(a[0]);
      const cut = s(a[1]);
      let b = 0;
      let e = str.length;
      if (code != 36) while (b < e && goTrimSet(cut, str.charCodeAt(b))) b++;
      if (code != 35) while (e > b && goTrimSet(cut, str.charCodeAt(e - 1))) e--;
      return mkStr(str.substring(b, e));
    }
    case 32: {
      if (a[0].t != T_STR) return null;
      const str = s(a[0]);
      let b = 0;
      let e = str.length;
      while (b < e && isSpace(str.charCodeAt(b))) b++;
      while (e > b && isSpace(str.charCodeAt(e - 1))) e--;
      return mkStr(str.substring(b, e));
    }
    case 33: {
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      const str = s(a[0]);
      const p = s(a[1]);
      return mkStr(str.startsWith(p) ? str.substring(p.length) : str);
    }
    case 34: {
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      const str = s(a[0]);
      const p = s(a[1]);
      return mkStr(str.endsWith(p) ? str.substring(0, str.length - p.length) : str);
    }
    case 37:
      if (a[0].t != T_STR || a[1].t != T_STR || a[2].t != T_STR) return null;
      return mkStr(replaceAll(s(a[0]), s(a[1]), s(a[2])));
    case 38: {
      if (a[0].t != T_STR || a[1].t != T_STR || s(a[1]).length == 0) return null;
      const i = s(a[0]).indexOf(s(a[1]));
      return mkNum(<f64>(i < 0 ? -1 : runeCount(s(a[0]).substring(0, i))));
    }
    case 39: {
      if (a[0].t != T_STR) return null;
      if (!intOperand(name, 2, a[1])) return null;
      const start = ATOI;
      if (!intOperand(name, 3, a[2])) return null;
      const len = ATOI;
      if (start < 0) return builtinError(name, 'negative offset');
      return mkStr(strFromRunes(s(a[0]), start, len));
    }
    case 40: {
      if (a[0].t != T_STR || a[1].t != T_ARR) return null;
      {
        const out = goSprintf(s(a[0]), asArr(a[1]).items);
        if (out === null) evalError('eval_builtin_error: sprintf: explicit argument indexes (%[n]) are not supported by Warden');
        return mkStr(out!);
      }
    }
    case 41: {
      if (!isNum(a[0]) || !isNum(a[1])) return null;
      const base = <i32>n(a[1]);
      if (base != 2 && base != 8 && base != 10 && base != 16 || <f64>base != n(a[1])) return builtinTypeError(name, 'operand 2 must be one of {2, 8, 10, 16}');
      // exact on integers of any size; a fraction is truncated as opa does
      const t = truncText(a[0]);
      return t === null ? null : mkStr(integerTextInBase(t, base));
    }
    case 42:
      return toNumber(a[0]);
    case 43:
      return objectGet(a[0], a[1], a[2]);
    case 44: {
      if (a[0].t != T_OBJ) return null;
      const out = new VSet();
      const o = asObj(a[0]);
      for (let i = 0; i < o.ents.length; i++) out.add(o.ents[i].k);
      return out;
    }
    case 45:
    case 69:
      return objectKeep(name, a[0], a[1], code == 69);
    case 46:
      if (a[0].t != T_OBJ || a[1].t != T_OBJ) return null;
      return unionObjects(asObj(a[0]), asObj(a[1]));
    case 47:
      if (a[0].t != T_ARR || a[1].t != T_ARR) return null;
      return new VArr(asArr(a[0]).items.concat(asArr(a[1]).items));
    case 48: {
      if (a[0].t != T_ARR) return null;
      if (!intOperand(name, 2, a[1])) return null;
      const from = ATOI;
      if (!intOperand(name, 3, a[2])) return null;
      const items = asArr(a[0]).items;
      // clamped as opa does: the stop to [0, length], the start to [0, stop]
      const e = <i32>(ATOI < 0 ? 0 : ATOI > <i64>items.length ? <i64>items.length : ATOI);
      const b = <i32>(from < 0 ? 0 : from > <i64>e ? <i64>e : from);
      return new VArr(items.slice(b, e));
    }
    case 49: {
      if (a[0].t != T_ARR) return null;
      const copy = asArr(a[0]).items.slice(0);
      copy.reverse();
      return new VArr(copy);
    }
    case 50: {
      if (a[0].t != T_SET) return null;
      const out = new VSet();
      const outer = asSet(a[0]).items;
      for (let i = 0; i < outer.length; i++) {
        if (outer[i].t != T_SET) return null;
        const inner = asSet(outer[i]).items;
        for (let j = 0; j < inner.length; j++) out.add(inner[j]);
      }
      return out;
    }
    case 51: {
      if (a[0].t != T_SET) return null;
      const outer = asSet(a[0]).items;
      if (outer.length == 0) return new VSet();
      let cur = outer[0];
      if (cur.t != T_SET) return null;
      for (let i = 1; i < outer.length; i++) {
        if (outer[i].t != T_SET) return null;
        const next = new VSet();
        const x = asSet(cur).items;
        for (let j = 0; j < x.length; j++) if (asSet(outer[i]).has(x[j])) next.add(x[j]);
        cur = next;
      }
      return cur;
    }
    case 52:
      return mkBool(a[0].t == T_STR);
    case 53:
      return mkBool(a[0].t == T_NUM);
    case 54:
      return mkBool(a[0].t == T_BOOL);
    case 55:
      return mkBool(a[0].t == T_ARR);
    case 56:
      return mkBool(a[0].t == T_OBJ);
    case 57:
      return mkBool(a[0].t == T_SET);
    case 58:
      return mkBool(a[0].t == T_NULL);
    case 59:
      return mkStr(typeName(a[0]));
    case 60:
      return mkStr(toJSON(a[0]));
    case 61:
      if (!isNum(a[0]) || !isNum(a[1])) return null;
      if (!isInt(n(a[0])) || !isInt(n(a[1]))) return builtinTypeError(name, 'operand ' + (isInt(n(a[0])) ? '2' : '1') + ' must be integer number but got floating-point number');
      return numbersRange(n(a[0]), n(a[1]));
    case 62: {
      // set intersection operator `&`
      if (a[0].t != T_SET || a[1].t != T_SET) return null;
      const out = new VSet();
      const x = asSet(a[0]).items;
      for (let i = 0; i < x.length; i++) if (asSet(a[1]).has(x[i])) out.add(x[i]);
      return out;
    }
    case 63: {
      // set union operator `|`
      if (a[0].t != T_SET || a[1].t != T_SET) return null;
      const out = new VSet();
      const x = asSet(a[0]).items;
      const y = asSet(a[1]).items;
      for (let i = 0; i < x.length; i++) out.add(x[i]);
      for (let i = 0; i < y.length; i++) out.add(y[i]);
      return out;
    }
    case 64:
    case 72: {
      let line = '';
      for (let i = 0; i < a.length; i++) {
        if (i > 0) line += ' ';
        line += fmtV(a[i]);
      }
      const w = new Writer();
      w.put(line);
      opa_println(w.cstr());
      return TRUE;
    }
    case 65: {
      if (a[0].t != T_STR) return null;
      // reverses code points: a surrogate pair stays in order
      const str = s(a[0]);
      let out = '';
      for (let i = str.length - 1; i >= 0; i--) {
        const c = str.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff && i > 0 && str.charCodeAt(i - 1) >= 0xd800 && str.charCodeAt(i - 1) < 0xdc00) {
          out += str.substring(i - 1, i + 1);
          i--;
        } else out += str.charAt(i);
      }
      return mkStr(out);
    }
    case 66:
    case 67: {
      const items = collectionItems(a[0]);
      if (items === null) return null;
      for (let i = 0; i < items.length; i++) {
        const t = items[i].t == T_BOOL && asBool(items[i]);
        if (code == 66 && t) return TRUE;
        if (code == 67 && !t) return FALSE;
      }
      return mkBool(code == 67);
    }
    case 68: {
      if (a[0].t != T_STR) return null;
      const w = new Writer();
      w.put(s(a[0]));
      return parseJSON(w.buf, <usize>w.len);
    }
    case 70:
    case 71: {
      const strs = new Array<Value>();
      if (a[0].t == T_STR) strs.push(a[0]);
      else {
        const items = collectionItems(a[0]);
        if (items === null) return null;
        for (let i = 0; i < items.length; i++) strs.push(items[i]);
      }
      const pats = new Array<Value>();
      if (a[1].t == T_STR) pats.push(a[1]);
      else {
        const items = collectionItems(a[1]);
        if (items === null) return null;
        for (let i = 0; i < items.length; i++) pats.push(items[i]);
      }
      // OPA checks every operand's type before matching: a bad element is an error even after a match
      for (let i = 0; i < strs.length; i++) if (strs[i].t != T_STR) return elementError(name, 1, a[0], strs[i], 'string');
      for (let j = 0; j < pats.length; j++) if (pats[j].t != T_STR) return elementError(name, 2, a[1], pats[j], 'string');
      for (let i = 0; i < strs.length; i++) {
        for (let j = 0; j < pats.length; j++) {
          if (code == 70 ? s(strs[i]).startsWith(s(pats[j])) : s(strs[i]).endsWith(s(pats[j]))) return TRUE;
        }
      }
      return FALSE;
    }
    case 73:
      return TRUE;
    case 74: {
      // an array only (opa's ArrayOperand), every element checked before any is merged
      if (a[0].t != T_ARR) return builtinTypeError(name, 'operand 1 must be array but got ' + typeName(a[0]));
      const items = asArr(a[0]).items;
      for (let i = 0; i < items.length; i++) if (items[i].t != T_OBJ) return elementError(name, 1, a[0], items[i], 'object');
      let acc = new VObj();
      for (let i = 0; i < items.length; i++) acc = unionObjects(acc, asObj(items[i]));
      return acc;
    }
    case 75: {
      if (a[0].t != T_ARR) return null;
      const out = new Array<Value>();
      flatten(asArr(a[0]).items, out);
      return new VArr(out);
    }
    case 76: {
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      const str = s(a[0]);
      const sub = s(a[1]);
      if (sub.length == 0) return mkNum(<f64>(runeCount(str) + 1));
      let c = 0;
      let at = str.indexOf(sub);
      while (at >= 0) {
        c++;
        at = str.indexOf(sub, at + sub.length);
      }
      return mkNum(<f64>c);
    }
    case 77: {
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      const str = s(a[0]);
      const sub = s(a[1]);
      const out = new Array<Value>();
      // positions in code points, as OPA counts them
      let at = str.indexOf(sub);
      let runes = 0;
      let counted = 0;
      while (at >= 0) {
        runes += runeCount(str.substring(counted, at));
        counted = at;
        out.push(mkNum(<f64>runes));
        at = str.indexOf(sub, at + 1);
      }
      return new VArr(out);
    }
    case 79: {
      if (a[0].t != T_STR) return mkBool(false);
      const w = new Writer();
      w.put(s(a[0]));
      return mkBool(parseJSON(w.buf, <usize>w.len) !== null);
    }
    case 83:
      return subsetTop(a[0], a[1]);
    case 85: {
      const items = collectionItems(a[0]);
      if (items === null) return null;
      return new VArr(items.slice(0));
    }
    case 86: {
      const items = collectionItems(a[0]);
      if (items === null) return null;
      const out = new VSet();
      for (let i = 0; i < items.length; i++) out.add(items[i]);
      return out;
    }
    case 87:
      return mkStr(fmtV(a[0]));
    case 88: {
      // template strings: literal parts are strings, interpolated ones arrays of 0 or 1 results
      let out = '';
      const parts = asArr(a[0]).items;
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (p.t == T_STR) out += s(p);
        else {
          const rs = asArr(p).items;
          out += rs.length == 0 ? '<undefined>' : fmtV(rs[0]);
        }
      }
      return mkStr(out);
    }
    case 84:
      return replaceN(a[0], a[1]);
    case 80:
    case 81:
    case 89:
    case 90:
    case 91:
    case 92:
    case 93:
    case 94:
      return encodingBuiltin(name, a[0]);
    case 95:
    case 96:
    case 97:
    case 98:
    case 99:
    case 100: {
      const r = bitsBuiltin(name, a);
      return r.toHost ? callHost(name, a) : r.value;
    }
    case 101:
      return splitN(a[0], a[1], a[2]);
    case 102:
      return rangeStep(a);
    case 104:
      return globMatch(a[0], a[1], a[2]);
    case 105:
      return globQuoteMeta(a[0]);
    case 106:
      return cidrContains(a[0], a[1]);
    case 107:
      return cidrIntersects(a[0], a[1]);
    case 108:
      return cidrIsValid(a[0]);
    case 109:
    case 110:
      return jsonPaths(name, a[0], a[1], code == 109);
    case 111:
      return reachable(a[0], a[1]);
    case 112:
      return reachablePaths(a[0], a[1]);
    case 113:
      return semverIsValid(a[0]);
    case 114:
      return semverCompare(a[0], a[1]);
    case 115:
    case 116:
    case 117:
    case 118:
    case 119:
    case 120:
    case 121:
    case 122:
      return cryptoBuiltin(name, a);
    case 124:
      return cidrContainsMatches(a[0], a[1]);
    case 125:
    case 126:
      return regexMatch(name, a);
    case 127:
      return regexIsValid(a);
    case 128:
      return regexSplit(a);
    case 129:
      return regexFindN(a);
    case 130:
      return regexReplace(a);
    case 131:
      return regexFindAllSubmatch(a);
    case 132:
      return regexTemplateMatch(a);
    case 133:
    case 134:
    case 135:
      // the host's version is declared under Warden's name: the SDK's own yaml.* would answer otherwise
      return orHost('warden.' + name, code == 133 ? yamlMarshal(a[0]) : code == 134 ? yamlUnmarshal(a[0]) : yamlIsValid(a[0]), a);
    case 123:
      return orHost(name, jwtDecode(a[0]), a);
    case 78:
    case 103:
      return orHost(name, code == 78 ? unitsParseBytes(a[0]) : unitsParse(a[0]), a);
    case 82: {
      const out = new Array<Value>();
      walkInto(new Array<Value>(), a[0], out);
      return new VArr(out);
    }
    default:
      return callHost(name, a);
  }
}

/**
 * strings.replace_n as Go's strings.NewReplacer over the pattern keys in OPA's (sorted) order: at
 * each position the first key in that order that matches is replaced, output is never re-scanned,
 * and an empty key inserts its value at every position except right after an empty match.
 */
function replaceN(patterns: Value, str: Value): Value | null {
  if (patterns.t != T_OBJ || str.t != T_STR) return null;
  const o = asObj(patterns);
  o.sort();
  const keys = new Array<string>();
  const vals = new Array<string>();
  for (let i = 0; i < o.ents.length; i++) {
    if (o.ents[i].k.t != T_STR) return builtinTypeError('strings.replace_n', 'operand 1 non-string key found in pattern object');
    if (o.ents[i].v.t != T_STR) return builtinTypeError('strings.replace_n', 'operand 1 non-string value found in pattern object');
    keys.push(s(o.ents[i].k));
    vals.push(s(o.ents[i].v));
  }
  const text = s(str);
  let out = '';
  let last = 0;
  let prevEmpty = false;
  let i = 0;
  while (i <= text.length) {
    let best = -1;
    for (let k = 0; k < keys.length; k++) {
      if (keys[k].length == 0 ? !prevEmpty : text.startsWith(keys[k], i)) {
        best = k;
        break;
      }
    }
    prevEmpty = best >= 0 && keys[best].length == 0;
    if (best >= 0) {
      out += text.substring(last, i) + vals[best];
      i += keys[best].length;
      last = i;
      continue;
    }
    const width = i < text.length && isHighSurrogate(text.charCodeAt(i)) ? 2 : 1;
    const bytes = i < text.length ? utf8Width(text.codePointAt(i)) : 1;
    if (keys.length > 0 && keys[0].length == 0 && bytes > 1) {
      // Go matches the empty key between the bytes of a multi-byte character too; each lone byte
      // is invalid UTF-8, which OPA prints (and counts) as U+FFFD
      out += text.substring(last, i) + '\uFFFD';
      for (let b = 1; b < bytes; b++) out += vals[0] + '\uFFFD';
      last = i + width;
    }
    i += width;
  }
  if (last < text.length) out += text.substring(last);
  return mkStr(out);
}

/** numbers.range_step: on f64 below 2^53, else on big integers; non-integers (and their errors) are the host's. */
function rangeStep(a: Array<Value>): Value | null {
  const x = smallInt(a[0]);
  const y = smallInt(a[1]);
  const st = smallInt(a[2]);
  if (x === null || y === null || st === null) return bigRangeStep(a);
  if (st.n <= 0) return builtinError('numbers.range_step', 'step must be a positive integer');
  const count = Math.floor(Math.abs(<f64>y.n - <f64>x.n) / <f64>st.n) + 1;
  if (count > MAX_RANGE) return rangeTooLong('numbers.range_step', count);
  const items = new Array<Value>();
  if (x.n <= y.n) for (let v = x.n; v <= y.n; v += st.n) items.push(mkNum(v));
  else for (let v = x.n; v >= y.n; v -= st.n) items.push(mkNum(v));
  return new VArr(items);
}

/** numbers.range_step past 2^53, as opa's big.Int loop: x, x ± step, ... while not past y. */
function bigRangeStep(a: Array<Value>): Value | null {
  const name = 'numbers.range_step';
  for (let i = 0; i < 3; i++) if (a[i].t != T_NUM || intTextOf(a[i]) === null) return callHost(name, a);
  const x = bigOfText(intTextOf(a[0])!);
  const y = bigOfText(intTextOf(a[1])!);
  const st = bigOfText(intTextOf(a[2])!);
  if (st.neg || st.limbs.length == 0) return builtinError(name, 'step must be a positive integer');
  // the count from the exact span's f64, to refuse a long range before building it (1e30 and
  // 1e30 + 10^8 are one f64); the loop still stops at the limit should the estimate be low
  const span = asNum(numberFromText(bigText(bigAdd(y, x, true)))).n;
  const count = Math.floor(Math.abs(span) / asNum(a[2]).n) + 1;
  if (count > MAX_RANGE) return rangeTooLong(name, count);
  const down = bigCmp(x, y) > 0;
  const items = new Array<Value>();
  for (let i = x; down ? bigCmp(i, y) >= 0 : bigCmp(i, y) <= 0; i = bigAdd(i, st, down)) {
    if (items.length >= <i32>MAX_RANGE) return rangeTooLong(name, count);
    items.push(numberFromText(bigText(i)));
  }
  return new VArr(items);
}

function utf8Width(cp: i32): i32 {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function isHighSurrogate(c: i32): bool {
  return c >= 0xd800 && c <= 0xdbff;
}

/** walk's relation as [path, value] pairs, pre-order, in OPA's order: object keys and set members sorted; a set member is its own path segment. */
function walkInto(path: Array<Value>, v: Value, out: Array<Value>): void {
  const pair = new Array<Value>(2);
  pair[0] = new VArr(path);
  pair[1] = v;
  out.push(new VArr(pair));
  if (v.t == T_ARR) {
    const items = asArr(v).items;
    for (let i = 0; i < items.length; i++) walkInto(extended(path, mkNum(<f64>i)), items[i], out);
  } else if (v.t == T_OBJ) {
    const o = asObj(v);
    o.sort();
    for (let i = 0; i < o.ents.length; i++) walkInto(extended(path, o.ents[i].k), o.ents[i].v, out);
  } else if (v.t == T_SET) {
    const st = asSet(v);
    st.sort();
    for (let i = 0; i < st.items.length; i++) walkInto(extended(path, st.items[i]), st.items[i], out);
  }
}

function extended(path: Array<Value>, seg: Value): Array<Value> {
  const p = path.slice(0);
  p.push(seg);
  return p;
}

/** array.flatten removes one level of nesting, as opa does: [[1, [2]], 3] is [1, [2], 3]. */
function flatten(items: Array<Value>, out: Array<Value>): void {
  for (let i = 0; i < items.length; i++) {
    if (items[i].t == T_ARR) {
      const inner = asArr(items[i]).items;
      for (let j = 0; j < inner.length; j++) out.push(inner[j]);
    } else out.push(items[i]);
  }
}

/** object.subset as opa decides it: same kinds (objects nest), or an array and a set. */
function subsetTop(sup: Value, sub: Value): Value | null {
  if (sup.t == T_OBJ && sub.t == T_OBJ) return mkBool(objectSubset(sup, sub));
  if (sup.t == T_SET && sub.t == T_SET) return mkBool(setSubset(sup, sub));
  if (sup.t == T_ARR && sub.t == T_ARR) return mkBool(arraySubset(sup, sub));
  if (sup.t == T_ARR && sub.t == T_SET) {
    // opa counts array elements found in the set until the count of set members is reached
    // (so [4, 4] covers {4, 5}, and an empty array covers nothing)
    let unmatched = asSet(sub).items.length;
    const x = asArr(sup).items;
    for (let i = 0; i < x.length; i++) {
      if (asSet(sub).has(x[i])) unmatched--;
      if (unmatched == 0) return TRUE;
    }
    return FALSE;
  }
  return builtinTypeError('object.subset', 'both arguments object.subset must be of the same type or array and set');
}

function objectSubset(sup: Value, sub: Value): bool {
  const o = asObj(sub);
  for (let i = 0; i < o.ents.length; i++) {
    const w = asObj(sup).get(o.ents[i].k);
    const v = o.ents[i].v;
    if (w === null) return false;
    if (equal(w, v)) continue;
    if (w.t == T_OBJ && v.t == T_OBJ) {
      if (!objectSubset(w, v)) return false;
    } else if (w.t == T_SET && v.t == T_SET) {
      if (!setSubset(w, v)) return false;
    } else if (w.t == T_ARR && v.t == T_ARR) {
      if (!arraySubset(w, v)) return false;
    } else return false;
  }
  return true;
}

function setSubset(sup: Value, sub: Value): bool {
  const x = asSet(sub).items;
  for (let i = 0; i < x.length; i++) if (!asSet(sup).has(x[i])) return false;
  return true;
}

/** A contiguous run of sup equal to sub. */
function arraySubset(sup: Value, sub: Value): bool {
  const x = asArr(sup).items;
  const y = asArr(sub).items;
  if (y.length == 0) return true;
  for (let i = 0; i + y.length <= x.length; i++) {
    let ok = true;
    for (let j = 0; j < y.length && ok; j++) ok = equal(x[i + j], y[j]);
    if (ok) return true;
  }
  return false;
}

/**
 * strings.Split: the parts, in a list allocated at its final size; the string itself when the
 * separator is absent (no copy). An empty separator splits after each rune (a surrogate pair stays
 * one string, as Go splits UTF-8 sequences).
 */
function splitValue(v: Value, sep: string): Value {
  const str = asStr(v).s;
  if (sep.length == 0) {
    const runes = new Array<Value>();
    for (let i = 0; i < str.length; ) {
      const c = str.charCodeAt(i);
      const w = c >= 0xd800 && c < 0xdc00 && i + 1 < str.length && str.charCodeAt(i + 1) >= 0xdc00 && str.charCodeAt(i + 1) < 0xe000 ? 2 : 1;
      runes.push(mkStr(str.substring(i, i + w)));
      i += w;
    }
    return new VArr(runes);
  }
  let n = 1;
  for (let at = str.indexOf(sep); at >= 0; at = str.indexOf(sep, at + sep.length)) n++;
  const items = new Array<Value>(n);
  if (n == 1) {
    unchecked((items[0] = v));
    return new VArr(items);
  }
  let from = 0;
  for (let k = 0; k < n - 1; k++) {
    const at = str.indexOf(sep, from);
    unchecked((items[k] = mkStr(str.substring(from, at))));
    from = at + sep.length;
  }
  unchecked((items[n - 1] = mkStr(str.substring(from))));
  return new VArr(items);
}
