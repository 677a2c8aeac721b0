// AssemblyScript: built-in functions implemented inside the module, plus the bridge to host-served ones
// (regex, glob, time, ...) through the ABI's opa_builtinN imports.
import { Value, VNum, VStr, VArr, VObj, VSet, NULL, TRUE, FALSE, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, asArr, asObj, asSet, asStr, asNum, asBool, equal, compare, compareValues, mkBool, mkNum, mkStr, typeName } from './value';
import { toJSON, formatNumber, quoteString, numberFromText, parseJSON, toRego, Writer } from './json';

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

function callHost(name: string, args0: Array<Value>): Value | null {
  const id = hostId(name);
  if (id < 0) return null;
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
  if (r == 0) return null;
  const v = changetype<Value>(r);
  // the loader reports a failed host builtin as {"__warden_undefined__": true}: OPA makes the call undefined
  if (v.t == T_OBJ && asObj(v).ents.length == 1 && asObj(v).getStr('__warden_undefined__') !== null) return null;
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
  if (!isNum(a) || !isNum(b)) return null;
  const x = n(a);
  const y = n(b);
  switch (code) {
    case 1:
      return mkNum(x + y);
    case 2:
      return mkNum(x - y);
    case 3: {
      // opa multiplies exactly: a zero product is 0, never -0
      const p = x * y;
      return mkNum(p == 0 ? 0 : p);
    }
    case 4: {
      if (y == 0) return null;
      // ...but divides as floating point: 0 / -2 is -0, and prints so
      const q = x / y;
      return q == 0 && 1 / q < 0 ? new VNum(-0.0, '-0') : mkNum(q);
    }
    default: {
      if (y == 0) return null;
      if (!isInt(x) || !isInt(y)) return null;
      const r = x % y;
      return mkNum(r == 0 ? 0 : r);
    }
  }
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
    for (let i = 0; i < str.length; i++) out += str.charAt(i) + nw;
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

function intText(x: f64, base: i32): string {
  const neg = x < 0;
  let v = <u64>Math.abs(Math.trunc(x));
  if (v == 0) return '0';
  const digits = '0123456789abcdef';
  let out = '';
  while (v > 0) {
    out = digits.charAt(<i32>(v % <u64>base)) + out;
    v /= <u64>base;
  }
  return neg ? '-' + out : out;
}

/** Go's %v for Rego values: strings bare, everything else as Rego/JSON text. */
function fmtV(v: Value): string {
  if (v.t == T_STR) return s(v);
  return toRego(v);
}

function fixedText(x: f64, prec: i32): string {
  if (!isFinite(x)) return x.toString();
  const neg = x < 0;
  let a = Math.abs(x);
  const scale = Math.pow(10, <f64>prec);
  let r = Math.round(a * scale);
  const ip = Math.floor(r / scale);
  let frac = r - ip * scale;
  let out = intText(ip, 10);
  if (prec > 0) {
    let fs = intText(frac, 10);
    while (fs.length < prec) fs = '0' + fs;
    out += '.' + fs;
  }
  return neg && (ip != 0 || frac != 0) ? '-' + out : out;
}

/** Decimal digits of |x| without leading/trailing zeros, and the point position: |x| = 0.digits × 10^dp. */
class Digits {
  constructor(
    public d: string,
    public dp: i32,
  ) {}
}

/** The shortest round-trip digits (as Go's strconv with precision -1), read off AssemblyScript's dtoa. */
function shortestDigits(x: f64): Digits {
  let str = Math.abs(x).toString();
  let exp = 0;
  const e = str.indexOf('e');
  if (e >= 0) {
    let j = e + 1;
    let neg = false;
    if (str.charAt(j) == '+' || str.charAt(j) == '-') {
      neg = str.charAt(j) == '-';
      j++;
    }
    for (; j < str.length; j++) exp = exp * 10 + (str.charCodeAt(j) - 0x30);
    if (neg) exp = -exp;
    str = str.substring(0, e);
  }
  const dot = str.indexOf('.');
  const ip = dot >= 0 ? str.substring(0, dot) : str;
  let d = ip + (dot >= 0 ? str.substring(dot + 1) : '');
  let dp = ip.length + exp;
  let k = 0;
  while (k < d.length - 1 && d.charCodeAt(k) == 0x30) k++;
  d = d.substring(k);
  dp -= k;
  return trimDigits(new Digits(d, dp));
}

function trimDigits(g: Digits): Digits {
  let end = g.d.length;
  while (end > 1 && g.d.charCodeAt(end - 1) == 0x30) end--;
  const d = g.d.substring(0, end);
  return new Digits(d, d == '0' ? 1 : g.dp);
}

/** Rounds to n significant digits, half to even on the decimal digits (Go rounds the same way). */
function roundDigits(g: Digits, n: i32): Digits {
  if (g.d == '0' || g.d.length <= n) return g;
  if (n < 0) return new Digits('0', 1);
  const next = g.d.charCodeAt(n) - 0x30;
  const odd = n > 0 && (g.d.charCodeAt(n - 1) - 0x30) % 2 == 1;
  const up = next > 5 || (next == 5 && (g.d.length > n + 1 || odd));
  let kept = g.d.substring(0, n);
  if (!up) return trimDigits(new Digits(kept.length ? kept : '0', kept.length ? g.dp : 1));
  // add one at the last kept digit; trailing nines carry (and are trimmed)
  let i = n - 1;
  while (i >= 0 && kept.charCodeAt(i) == 0x39) i--;
  if (i < 0) return new Digits('1', g.dp + 1);
  kept = kept.substring(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  return trimDigits(new Digits(kept, g.dp));
}

/** Go's %e body: d.ddddde±XX with `prec` digits after the point. */
function expForm(g: Digits, prec: i32): string {
  const exp = g.d == '0' ? 0 : g.dp - 1;
  let m = g.d;
  while (m.length < prec + 1) m += '0';
  let out = m.charAt(0);
  if (prec > 0) out += '.' + m.substring(1, prec + 1);
  const ae = exp < 0 ? -exp : exp;
  return out + 'e' + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae.toString();
}

/** Fixed notation of the digits with `frac` digits after the point. */
function fixedForm(g: Digits, frac: i32): string {
  const nd = g.d.length;
  let out = g.dp <= 0 ? '0' : g.dp <= nd ? g.d.substring(0, g.dp) : g.d + '0'.repeat(g.dp - nd);
  if (frac > 0) {
    out += '.';
    for (let i = 0; i < frac; i++) {
      const idx = g.dp + i;
      out += idx >= 0 && idx < nd ? g.d.charAt(idx) : '0';
    }
  }
  return out;
}

/** Go's %e of a float64 (precision 6 unless given). */
function goE(x: f64, prec: i32): string {
  const p = prec < 0 ? 6 : prec;
  const body = expForm(roundDigits(shortestDigits(x), p + 1), p);
  return x < 0 ? '-' + body : body;
}

/** Go's %g of a float64; precision -1 is the shortest form, which %v also uses. */
function goG(x: f64, prec: i32): string {
  if (!isFinite(x)) return isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  let g = shortestDigits(x);
  let p = prec;
  let eprec = 6;
  if (p >= 0) {
    if (p == 0) p = 1;
    g = roundDigits(g, p);
    eprec = p;
    if (eprec > g.d.length && g.d.length >= g.dp) eprec = g.d.length;
  } else p = g.d.length;
  const exp = g.dp - 1;
  let body: string;
  if (g.d != '0' && (exp < -4 || exp >= eprec)) body = expForm(g, (p > g.d.length ? g.d.length : p) - 1);
  else body = fixedForm(g, max<i32>((p > g.dp ? g.d.length : p) - g.dp, 0));
  return x < 0 ? '-' + body : body;
}

/** OPA hands sprintf integers as int64 and other numbers as float64; true for the former. */
function goIsInt(v: Value): bool {
  const x = n(v);
  if (!isInt(x) || Math.abs(x) >= 9.2e18) return false;
  const r = asNum(v).repr;
  return r === null || (r.indexOf('.') < 0 && r.indexOf('e') < 0 && r.indexOf('E') < 0);
}

function sprintf(format: string, args: Array<Value>): string {
  let out = '';
  let ai = 0;
  let i = 0;
  const len = format.length;
  while (i < len) {
    const c = format.charCodeAt(i);
    if (c != 0x25) {
      // copy the literal run in one piece: per-character concatenation allocates a string per step
      let j = i + 1;
      while (j < len && format.charCodeAt(j) != 0x25) j++;
      out += format.substring(i, j);
      i = j;
      continue;
    }
    i++;
    if (i >= len) {
      out += '%!(NOVERB)';
      break;
    }
    // flags, width, precision
    let flags = '';
    while (i < len) {
      const fc = format.charCodeAt(i);
      if (fc == 0x2d || fc == 0x2b || fc == 0x20 || fc == 0x30 || fc == 0x23) {
        flags += format.charAt(i);
        i++;
      } else break;
    }
    let width = -1;
    while (i < len && format.charCodeAt(i) >= 0x30 && format.charCodeAt(i) <= 0x39) {
      width = (width < 0 ? 0 : width) * 10 + (format.charCodeAt(i) - 0x30);
      i++;
    }
    let prec = -1;
    if (i < len && format.charCodeAt(i) == 0x2e) {
      i++;
      prec = 0;
      while (i < len && format.charCodeAt(i) >= 0x30 && format.charCodeAt(i) <= 0x39) {
        prec = prec * 10 + (format.charCodeAt(i) - 0x30);
        i++;
      }
    }
    if (i >= len) break;
    const verb = format.charCodeAt(i);
    i++;
    if (verb == 0x25) {
      out += '%';
      continue;
    }
    if (ai >= args.length) {
      out += '%!' + String.fromCharCode(verb) + '(MISSING)';
      continue;
    }
    const a = args[ai++];
    let piece = '';
    if (verb == 0x73 && (a.t == T_NUM || a.t == T_BOOL)) {
      piece = '%!s(' + fmtBad(a) + ')';
    } else if (verb == 0x76 && a.t == T_NUM && !goIsInt(a)) {
      // %v of a float64: Go's shortest %g (1e-06, 1.5e+21)
      piece = goG(n(a), -1);
    } else if (verb == 0x76 || verb == 0x73) {
      // %v %s
      piece = fmtV(a);
      if (prec >= 0 && verb == 0x73 && piece.length > prec) piece = piece.substring(0, prec);
    } else if (verb == 0x64) {
      // %d
      if (a.t == T_NUM && isInt(n(a))) {
        // an integer literal beyond 2^53 keeps its digits in its source text
        const r = asNum(a).repr;
        piece = r !== null && isIntegerText(r) ? r : intText(n(a), 10);
      } else piece = '%!d(' + fmtBad(a) + ')';
    } else if (verb == 0x66 || verb == 0x46) {
      if (a.t == T_NUM && !isInt(n(a))) piece = fixedText(n(a), prec < 0 ? 6 : prec);
      else if (a.t == T_NUM && asNum(a).repr !== null) piece = fixedText(n(a), prec < 0 ? 6 : prec);
      else if (a.t == T_NUM && prec > 0) {
        // Go prints a mismatched int64 with the precision as its minimum digit count (%!f(int64=02))
        let d = intText(Math.abs(n(a)), 10);
        while (d.length < prec) d = '0' + d;
        piece = '%!f(int64=' + (n(a) < 0 ? '-' : '') + d + ')';
      } else piece = '%!f(' + fmtBad(a) + ')';
    } else if (verb == 0x67 || verb == 0x65 || verb == 0x47 || verb == 0x45) {
      if (a.t == T_NUM && !goIsInt(a)) {
        piece = verb == 0x67 || verb == 0x47 ? goG(n(a), prec) : goE(n(a), prec);
        if (verb == 0x47 || verb == 0x45) piece = piece.toUpperCase();
      } else piece = '%!' + String.fromCharCode(verb) + '(' + fmtBad(a) + ')';
    } else if (verb == 0x71) {
      piece = a.t == T_STR ? quoteGo(s(a)) : fmtV(a);
    } else if (verb == 0x78 || verb == 0x58) {
      if (a.t == T_NUM && isInt(n(a))) piece = intText(n(a), 16);
      else if (a.t == T_STR) {
        const w = new Writer();
        w.put(s(a));
        for (let j = 0; j < w.len; j++) {
          const h = intText(<f64>load<u8>(w.buf + <usize>j), 16);
          piece += h.length < 2 ? '0' + h : h;
        }
      } else piece = fmtV(a);
      if (verb == 0x58) piece = piece.toUpperCase();
    } else if (verb == 0x6f) {
      piece = a.t == T_NUM ? intText(n(a), 8) : fmtV(a);
    } else if (verb == 0x62) {
      piece = a.t == T_NUM ? intText(n(a), 2) : fmtV(a);
    } else if (verb == 0x74) {
      piece = '%!t(' + fmtBad(a) + ')';
    } else {
      piece = '%!' + String.fromCharCode(verb) + '(' + fmtBad(a) + ')';
    }
    if (flags.indexOf('+') >= 0 && a.t == T_NUM && n(a) >= 0 && (verb == 0x64 || verb == 0x66)) piece = '+' + piece;
    if (width > piece.length) {
      const pad = width - piece.length;
      if (flags.indexOf('-') >= 0) piece = piece + ' '.repeat(pad);
      else if (flags.indexOf('0') >= 0 && a.t == T_NUM) {
        if (piece.startsWith('-') || piece.startsWith('+')) piece = piece.charAt(0) + '0'.repeat(pad) + piece.substring(1);
        else piece = '0'.repeat(pad) + piece;
      } else piece = ' '.repeat(pad) + piece;
    }
    out += piece;
  }
  if (ai < args.length) {
    out += '%!(EXTRA ';
    for (let j = ai; j < args.length; j++) {
      if (j > ai) out += ', ';
      out += fmtBad(args[j]);
    }
    out += ')';
  }
  return out;
}

function goTypeName(v: Value): string {
  switch (v.t) {
    case T_STR:
      return 'String';
    case T_NUM:
      return 'Number';
    case T_BOOL:
      return 'Boolean';
    case T_NULL:
      return 'Null';
    case T_ARR:
      return '*Array';
    case T_OBJ:
      return '*object';
    default:
      return '*set';
  }
}

/** Go's `%!verb(type=value)` for a mismatched argument; OPA hands sprintf Go strings, int64s and float64s. */
function fmtBad(v: Value): string {
  if (v.t == T_NUM && !goIsInt(v)) return 'float64=' + goG(n(v), -1);
  return goNativeType(v) + '=' + fmtV(v);
}

function goNativeType(v: Value): string {
  if (v.t == T_STR) return 'string';
  if (v.t == T_NUM) return isInt(n(v)) ? 'int64' : 'float64';
  // OPA hands booleans to Go's fmt as strings
  if (v.t == T_BOOL) return 'string';
  return 'ast.' + goTypeName(v);
}

function quoteGo(str: string): string {
  return quoteString(str).replaceAll('\\u003c', '<').replaceAll('\\u003e', '>').replaceAll('\\u0026', '&');
}

function numbersRange(a: f64, b: f64): Value {
  const items = new Array<Value>();
  if (a <= b) for (let x = a; x <= b; x++) items.push(mkNum(x));
  else for (let x = a; x >= b; x--) items.push(mkNum(x));
  return new VArr(items);
}

function toNumber(v: Value): Value | null {
  if (v.t == T_NUM) return v;
  if (v.t == T_NULL) return mkNum(0);
  if (v.t == T_BOOL) return mkNum(asBool(v) ? 1 : 0);
  if (v.t == T_STR) {
    const str = s(v);
    if (str.length == 0) return null;
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if (!((c >= 0x30 && c <= 0x39) || c == 0x2e || c == 0x2d || c == 0x2b || c == 0x65 || c == 0x45)) return null;
    }
    const x = parseFloat(str);
    if (isNaN(x)) return null;
    return numberFromText(str);
  }
  return null;
}

function objectGet(o: Value, key: Value, dflt: Value): Value {
  if (o.t != T_OBJ) return dflt;
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

function strFromRunes(str: string, start: i32, len: i32): string {
  // Rego counts code points; only astral characters differ from UTF-16 units
  const cps = new Array<string>();
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < str.length) {
      cps.push(str.substring(i, i + 2));
      i++;
    } else cps.push(str.charAt(i));
  }
  if (start >= cps.length) return '';
  const end = len < 0 ? cps.length : min(cps.length, start + len);
  let out = '';
  for (let i = start; i < end; i++) out += cps[i];
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
      let acc: f64 = code == 15 ? 0 : 1;
      for (let i = 0; i < items.length; i++) {
        if (items[i].t != T_NUM) return null;
        acc = code == 15 ? acc + n(items[i]) : acc * n(items[i]);
      }
      return mkNum(acc);
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
      return isNum(a[0]) ? mkNum(Math.abs(n(a[0]))) : null;
    case 21: {
      if (!isNum(a[0])) return null;
      const x = n(a[0]);
      // Go's math.Round rounds half away from zero
      return mkNum(x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5));
    }
    case 22:
      return isNum(a[0]) ? mkNum(Math.ceil(n(a[0]))) : null;
    case 23:
      return isNum(a[0]) ? mkNum(Math.floor(n(a[0]))) : null;
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
      return a[0].t == T_STR ? sameOrNew(a[0], simpleCase(s(a[0]), false)) : null;
    case 29:
      return a[0].t == T_STR ? sameOrNew(a[0], simpleCase(s(a[0]), true)) : null;
    case 30: {
      if (a[0].t != T_STR || a[1].t != T_STR) return null;
      const sep = s(a[1]);
      const str = s(a[0]);
      const items = new Array<Value>();
      if (sep.length == 0) {
        for (let i = 0; i < str.length; i++) items.push(mkStr(str.charAt(i)));
      } else {
        const parts = str.split(sep);
        for (let i = 0; i < parts.length; i++) items.push(mkStr(parts[i]));
      }
      return new VArr(items);
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
      if (a[0].t != T_STR || !isNum(a[1]) || !isNum(a[2])) return null;
      const start = n(a[1]);
      const len = n(a[2]);
      if (start < 0) return null;
      return mkStr(strFromRunes(s(a[0]), <i32>start, <i32>len));
    }
    case 40: {
      if (a[0].t != T_STR || a[1].t != T_ARR) return null;
      return mkStr(sprintf(s(a[0]), asArr(a[1]).items));
    }
    case 41: {
      if (!isNum(a[0]) || !isNum(a[1])) return null;
      const base = <i32>n(a[1]);
      if (base != 2 && base != 8 && base != 10 && base != 16) return null;
      return mkStr(intText(Math.trunc(n(a[0])), base));
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
    case 45: {
      if (a[0].t != T_OBJ) return null;
      const o = asObj(a[0]);
      const rm = a[1];
      const out = new VObj();
      for (let i = 0; i < o.ents.length; i++) {
        const k = o.ents[i].k;
        let drop = false;
        if (rm.t == T_ARR) drop = member(k, rm);
        else if (rm.t == T_SET) drop = asSet(rm).has(k);
        else if (rm.t == T_OBJ) drop = asObj(rm).get(k) !== null;
        else return null;
        if (!drop) out.put(k, o.ents[i].v);
      }
      return out;
    }
    case 46:
      if (a[0].t != T_OBJ || a[1].t != T_OBJ) return null;
      return unionObjects(asObj(a[0]), asObj(a[1]));
    case 47:
      if (a[0].t != T_ARR || a[1].t != T_ARR) return null;
      return new VArr(asArr(a[0]).items.concat(asArr(a[1]).items));
    case 48: {
      if (a[0].t != T_ARR || !isNum(a[1]) || !isNum(a[2])) return null;
      const items = asArr(a[0]).items;
      let b = <i32>Math.max(0, n(a[1]));
      let e = <i32>Math.min(<f64>items.length, n(a[2]));
      if (b > e) b = e;
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
      if (!isNum(a[0]) || !isNum(a[1]) || !isInt(n(a[0])) || !isInt(n(a[1]))) return null;
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
      const str = s(a[0]);
      let out = '';
      for (let i = str.length - 1; i >= 0; i--) out += str.charAt(i);
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
    case 69: {
      if (a[0].t != T_OBJ) return null;
      const o = asObj(a[0]);
      const out = new VObj();
      for (let i = 0; i < o.ents.length; i++) {
        const k = o.ents[i].k;
        let keep = false;
        if (a[1].t == T_ARR) keep = member(k, a[1]);
        else if (a[1].t == T_SET) keep = asSet(a[1]).has(k);
        else if (a[1].t == T_OBJ) keep = asObj(a[1]).get(k) !== null;
        else return null;
        if (keep) out.put(k, o.ents[i].v);
      }
      return out;
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
      for (let i = 0; i < strs.length; i++) {
        if (strs[i].t != T_STR) return null;
        for (let j = 0; j < pats.length; j++) {
          if (pats[j].t != T_STR) return null;
          if (code == 70 ? s(strs[i]).startsWith(s(pats[j])) : s(strs[i]).endsWith(s(pats[j]))) return TRUE;
        }
      }
      return FALSE;
    }
    case 73:
      return TRUE;
    case 74: {
      const items = collectionItems(a[0]);
      if (items === null) return null;
      let acc = new VObj();
      for (let i = 0; i < items.length; i++) {
        if (items[i].t != T_OBJ) return null;
        acc = unionObjects(acc, asObj(items[i]));
      }
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
      let at = str.indexOf(sub);
      while (at >= 0) {
        out.push(mkNum(<f64>at));
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
      return mkBool(subset(a[0], a[1]));
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
    default:
      return callHost(name, a);
  }
}

function flatten(items: Array<Value>, out: Array<Value>): void {
  for (let i = 0; i < items.length; i++) {
    if (items[i].t == T_ARR) flatten(asArr(items[i]).items, out);
    else out.push(items[i]);
  }
}

function subset(sup: Value, sub: Value): bool {
  if (sup.t == T_OBJ && sub.t == T_OBJ) {
    const o = asObj(sub);
    for (let i = 0; i < o.ents.length; i++) {
      const w = asObj(sup).get(o.ents[i].k);
      if (w === null) return false;
      if (w.t == T_OBJ && o.ents[i].v.t == T_OBJ) {
        if (!subset(w, o.ents[i].v)) return false;
      } else if (!equal(w, o.ents[i].v)) return false;
    }
    return true;
  }
  if (sup.t == T_SET && sub.t == T_SET) {
    const x = asSet(sub).items;
    for (let i = 0; i < x.length; i++) if (!asSet(sup).has(x[i])) return false;
    return true;
  }
  if (sup.t == T_ARR && sub.t == T_ARR) {
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
  if (sup.t == T_SET && sub.t == T_ARR) {
    const y = asArr(sub).items;
    for (let i = 0; i < y.length; i++) if (!asSet(sup).has(y[i])) return false;
    return true;
  }
  return false;
}
