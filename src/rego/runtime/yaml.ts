// AssemblyScript: yaml.marshal, yaml.unmarshal and yaml.is_valid inside the module, for the inputs
// whose answer is certain to be opa's (the host versions in src/rego/builtins/yaml.ts are the
// reference, and serve every other input: the call defers to the host builtin declared for it
// (errors.ts deferToHost), which a host without it refuses with an error, never another value).
//
// marshal: the host's subset (null, booleans, safe integers, identifier-like strings that no YAML
// reader takes for another type, collections of those), written as the host writes it.
// unmarshal/is_valid: one document of block mappings and sequences, single-line plain and quoted
// scalars and flow collections; plain scalars resolved as go-yaml v3 does (bool and null words,
// decimal integers; anything else starting like a number goes to the host). Anchors, tags, block
// scalars, multi-line scalars, several documents, directives, tabs, complex or duplicate keys and
// uncommon characters all go to the host. The only invalid text answered here is a flow collection
// with no closing bracket anywhere after it, which no YAML reader accepts.
import { Value, VNum, VStr, VArr, VObj, NULL, TRUE, FALSE, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, asArr, asObj, asSet, asStr, asNum, asBool, mkNum } from './value';
import { deferToHost } from './errors';

const defer = deferToHost;

// YAML limits implicit keys to 1024 characters; the readers tell longer ones apart differently.
const MAX_KEY = 1000;
const MAX_DEPTH = 100;

// ---- marshal ----

// Words some YAML reader (YAML 1.1 among them) takes for a boolean or null: go-yaml quotes them.
const AMBIGUOUS: Array<string> = ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL'];

function isAlpha(c: i32): bool {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

/** The host's plain-safe strings, [A-Za-z_][A-Za-z0-9_./-]*, which both writers leave unquoted. */
function plainSafe(s: string): bool {
  if (s.length == 0 || !(isAlpha(s.charCodeAt(0)) || s.charCodeAt(0) == 95)) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isAlpha(c) || isDigit(c) || c == 95 || c == 46 || c == 47 || c == 45)) return false;
  }
  return !AMBIGUOUS.includes(s);
}

/** An integer below 2^53 the host reads as that integer (not -0, nor `1.0` or `1e3`, which it may print otherwise). */
function safeInt(v: VNum): string | null {
  const n = v.n;
  if (n != Math.floor(n) || Math.abs(n) > 9007199254740991 || (n == 0 && 1 / n < 0)) return null;
  const r = v.repr;
  if (r !== null) {
    for (let i = 0; i < r.length; i++) if (!isDigit(r.charCodeAt(i)) && !(i == 0 && r.charCodeAt(0) == 45)) return null;
  }
  return (<i64>n).toString();
}

/** Whether go-yaml also writes key `a` before `b` (b after a in byte order). Its order differs where
 * digits meet (numbers compare by value) and where a letter meets another character (`_` before `A`):
 * those objects go to the host. */
function goOrdered(a: string, b: string): bool {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) == b.charCodeAt(i)) i++;
  if (i == a.length || i == b.length) return true; // a prefix comes first in both
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  if (isAlpha(x) && isAlpha(y)) return true;
  if (isDigit(x) || isDigit(y) || (i > 0 && isDigit(a.charCodeAt(i - 1)))) return false;
  return !isAlpha(x); // go-yaml puts the other character first, as byte order must have
}

/** Members of a non-empty array or set in order (a set sorted, as it reaches the host), else null. */
function members(v: Value): Array<Value> | null {
  if (v.t == T_ARR) return asArr(v).items.length ? asArr(v).items : null;
  if (v.t != T_SET) return null;
  asSet(v).sort();
  return asSet(v).items.length ? asSet(v).items : null;
}

/** A value written on the line of its key or dash: a scalar, `[]` or `{}`; null outside the subset. */
function inline(v: Value): string | null {
  switch (v.t) {
    case T_NULL:
      return 'null';
    case T_BOOL:
      return asBool(v) ? 'true' : 'false';
    case T_NUM:
      return safeInt(asNum(v));
    case T_STR:
      return plainSafe(asStr(v).s) ? asStr(v).s : null;
    case T_OBJ:
      return asObj(v).ents.length == 0 ? '{}' : null;
  }
  return members(v) === null ? '[]' : null;
}

/** Writes a value: `first` starts its first line (after a `- ` or at column 0), later lines at `ind`. */
function writeBlock(v: Value, ind: i32, first: string, out: Array<string>, depth: i32): bool {
  if (depth > MAX_DEPTH) return false;
  const pad = ' '.repeat(ind);
  const items = members(v);
  if (items !== null) {
    for (let i = 0; i < items.length; i++) if (!writeAfter(items[i], ind + 2, (i == 0 ? first : pad) + '- ', true, out, depth)) return false;
    return true;
  }
  if (v.t == T_OBJ && asObj(v).ents.length) {
    const o = asObj(v);
    o.sort();
    for (let i = 0; i < o.ents.length; i++) {
      const k = o.ents[i].k;
      if (k.t != T_STR || !plainSafe(asStr(k).s)) return false;
      if (i > 0 && !goOrdered(asStr(o.ents[i - 1].k).s, asStr(k).s)) return false;
      if (!writeAfter(o.ents[i].v, ind + 2, (i == 0 ? first : pad) + asStr(k).s + ':', false, out, depth)) return false;
    }
    return true;
  }
  const s = inline(v);
  if (s === null) return false;
  out.push(first + s + '\n');
  return true;
}

/** A sequence item (after `- `, a collection continues the line) or a mapping value (on the next lines, 2 deeper). */
function writeAfter(v: Value, ind: i32, head: string, item: bool, out: Array<string>, depth: i32): bool {
  const s = inline(v);
  if (s !== null) {
    out.push(head + (item ? '' : ' ') + s + '\n');
    return true;
  }
  if (item) return writeBlock(v, ind, head, out, depth + 1);
  out.push(head + '\n');
  return writeBlock(v, ind, ' '.repeat(ind), out, depth + 1);
}

export function yamlMarshal(v: Value): Value | null {
  const out = new Array<string>();
  if (!writeBlock(v, 0, '', out, 0)) return defer();
  // past 80 columns the host's writer may move a value to a line of its own (and writes long keys
  // as `? key`); go-yaml never folds these space-free scalars
  for (let i = 0; i < out.length; i++) if (out[i].length > 81) return defer();
  return new VStr(out.join(''));
}

// ---- reading ----

let S = '';
let N = 0;
let P = 0;
/** The column of the content line P is on (P at its first character), -1 at the end. */
let NEXT = -1;
/** Outside the subset: the host answers. */
let OUT = false;
/** Certainly not YAML (a flow collection never closed). */
let BAD = false;
let DEPTH = 0;
/** Where the text's last `]` or `}` is. */
let LAST_CLOSE = -1;

/** The code unit of the text at i, -1 past either end (the reader's innermost step). */
function ch(i: i32): i32 {
  return <u32>i < <u32>N ? <i32>load<u16>(changetype<usize>(S) + (<usize>i << 1)) : -1;
}

function out(): Value | null {
  OUT = true;
  return null;
}

function fail(): bool {
  OUT = true;
  return false;
}

/** Space, line break or end of text. */
function blank(i: i32): bool {
  const c = ch(i);
  return c == 32 || c == 10 || c < 0;
}

/** Characters both readers take alike: printable ASCII, line feeds, and Unicode past U+00A0 except
 * what go-yaml reads as a line break (U+2028/9), the byte order mark and non-characters. */
function plainText(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 10 || (c >= 32 && c < 127)) continue;
    if (c < 0xa0 || c == 0x2028 || c == 0x2029 || c == 0xfeff || c == 0xfffe || c == 0xffff || (c >= 0xdc00 && c < 0xe000)) return false;
    if (c >= 0xd800 && c < 0xdc00) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (!(d >= 0xdc00 && d < 0xe000)) return false;
      i++;
    }
  }
  return true;
}

/** Whether the line at `i` (column 0) is a document marker `---` or `...`. */
function marker(i: i32): bool {
  const c = ch(i);
  return (c == 45 || c == 46) && ch(i + 1) == c && ch(i + 2) == c && blank(i + 3);
}

function skipSpaces(): void {
  while (ch(P) == 32) P++;
}

/** Skips spaces and a comment; whether the line ends there. */
function endOfLine(): bool {
  skipSpaces();
  if (ch(P) == 35 && (P == 0 || ch(P - 1) == 32 || ch(P - 1) == 10)) while (P < N && ch(P) != 10) P++;
  return P >= N || ch(P) == 10;
}

/** From the end of a line, to the first character of the next line with content; sets NEXT. */
function nextContent(): void {
  while (P < N) {
    if (ch(P) == 10) P++;
    const start = P;
    skipSpaces();
    if (P >= N) break;
    if (ch(P) == 10) continue;
    if (ch(P) == 35) {
      endOfLine();
      continue;
    }
    NEXT = P - start;
    if (NEXT == 0 && marker(P)) break; // another document, or the end of this one: to the host
    return;
  }
  if (P < N) OUT = true;
  P = N;
  NEXT = -1;
}

// ---- scalars ----

/** A plain scalar may start here: letters, `_ / ( $ ~`, Unicode, or a digit or `-digit` (a number). */
function plainStart(i: i32): bool {
  const c = ch(i);
  return isAlpha(c) || isDigit(c) || c == 95 || c == 47 || c == 40 || c == 36 || c == 126 || c >= 0xa0 || (c == 45 && isDigit(ch(i + 1)));
}

/** A plain scalar's value as go-yaml v3 resolves it (host: resolvePlain); null when not certain. */
function resolve(t: string): Value | null {
  if (t == 'true' || t == 'True' || t == 'TRUE') return TRUE;
  if (t == 'false' || t == 'False' || t == 'FALSE') return FALSE;
  if (t == '~' || t == 'null' || t == 'Null' || t == 'NULL') return NULL;
  const c = t.charCodeAt(0);
  if (!isDigit(c) && c != 45) return new VStr(t);
  // only decimal integers of up to 15 digits (exact doubles); octal, hex, floats, `_`, timestamps to the host
  const neg = c == 45;
  const digits = neg ? t.substring(1) : t;
  if (digits.length == 0 || digits.length > 15 || (digits.length > 1 && digits.charCodeAt(0) == 48)) return out();
  let n: f64 = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i);
    if (!isDigit(d)) return out();
    n = n * 10 + <f64>(d - 48);
  }
  return mkNum(neg && n != 0 ? -n : n); // -0 reads as 0
}

/** A plain scalar from P: up to `: `, ` #` or the line's end, and in flow context `,[]{}` or any `:`. */
function plain(flow: bool): Value | null {
  if (!plainStart(P)) return out();
  const start = P;
  while (P < N) {
    const c = ch(P);
    if (c == 10 || (c == 58 && (flow || blank(P + 1))) || (c == 35 && ch(P - 1) == 32)) break;
    if (flow && (c == 44 || c == 91 || c == 93 || c == 123 || c == 125)) break;
    if (flow && c == 63) return out(); // go-yaml's `?` in flow context
    P++;
  }
  let end = P;
  while (ch(end - 1) == 32) end--;
  return resolve(S.substring(start, end));
}

function hex4(i: i32): i32 {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = ch(i + k);
    const d = isDigit(c) ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** The escapes JSON and YAML share (`\u` not a surrogate, which go-yaml refuses); others to the host. */
function escape(): string | null {
  const c = ch(P + 1);
  P += 2;
  if (c == 34 || c == 92) return String.fromCharCode(c);
  if (c == 110) return '\n';
  if (c == 116) return '\t';
  if (c == 114) return '\r';
  if (c == 98) return '\b';
  if (c == 102) return '\f';
  if (c != 117) return null;
  const v = hex4(P);
  if (v < 0 || (v >= 0xd800 && v < 0xe000)) return null;
  P += 4;
  return String.fromCharCode(v);
}

/** A quoted scalar on one line (a line break inside folds: to the host). */
function quoted(): Value | null {
  const q = ch(P);
  let text = '';
  let seg = ++P;
  while (true) {
    const c = ch(P);
    if (c < 0 || c == 10) return out();
    if (c == q && q == 39 && ch(P + 1) == 39) {
      text += S.substring(seg, P + 1); // '' is one '
      P += 2;
      seg = P;
    } else if (c == q) {
      text += S.substring(seg, P++);
      return new VStr(text);
    } else if (c == 92 && q == 34) {
      text += S.substring(seg, P);
      const e = escape();
      if (e === null) return out();
      text += e;
      seg = P;
    } else P++;
  }
}

/** A mapping key: a string, or the text of a boolean or integer key as opa keys it; null key, merge key `<<` and long keys to the host. */
function keyOf(v: Value | null, len: i32): Value | null {
  if (v === null || v.t == T_NULL || len > MAX_KEY) return out();
  if (v.t == T_BOOL) return new VStr(asBool(v) ? 'true' : 'false');
  if (v.t == T_NUM) return new VStr((<i64>asNum(v).n).toString());
  // the host's object would take `__proto__` for its prototype
  return asStr(v).s == '__proto__' ? out() : v;
}

/** A key of the subset and its `:`, P then after the colon; else null, OUT set. */
function key(flow: bool): Value | null {
  const start = P;
  const q = ch(P) == 34 || ch(P) == 39;
  const k = keyOf(q ? quoted() : plain(flow), P - start);
  if (k === null) return null;
  skipSpaces();
  // a quoted key in a flow mapping may have its value right after the colon, as JSON writes it
  if (ch(P) != 58 || !(blank(P + 1) || (flow && q))) return out();
  P++;
  return k;
}

// ---- flow collections ----

/** Skips spaces, line breaks and comments inside a flow collection; lines with content must be
 * indented past the enclosing block (`min`), where the readers' leniency differs. */
function flowSpace(min: i32): bool {
  while (P < N) {
    const c = ch(P);
    if (c == 32) P++;
    else if (c == 35 && (ch(P - 1) == 32 || ch(P - 1) == 10)) endOfLine();
    else if (c == 10) {
      const start = ++P;
      skipSpaces();
      if (P < N && ch(P) != 10 && (P - start < min || marker(start))) return false;
    } else return true;
  }
  return true;
}

/** `[...]` or `{...}` from P; a collection with no closing bracket anywhere after it is certainly invalid. */
function flow(min: i32): Value | null {
  const close = ch(P) == 91 ? 93 : 125;
  if (LAST_CLOSE < P) {
    BAD = true;
    return null;
  }
  if (++DEPTH > MAX_DEPTH) return out();
  P++;
  const v = close == 93 ? new VArr(new Array<Value>()) : new VObj();
  if (!flowSpace(min)) return out();
  if (ch(P) == close) {
    P++;
    DEPTH--;
    return v;
  }
  while (true) {
    if (!flowEntry(v, min)) return null;
    if (!flowSpace(min)) return out();
    if (ch(P) == close) break;
    if (ch(P) != 44) return out();
    P++;
    if (!flowSpace(min) || ch(P) == close) return out(); // a trailing comma: to the host
  }
  P++;
  DEPTH--;
  return v;
}

/** One item of a flow sequence (not a `key: value` pair) or one `key: value` of a flow mapping. */
function flowEntry(v: Value, min: i32): bool {
  if (v.t == T_ARR) {
    const x = flowNode(min);
    if (x === null) return false;
    skipSpaces();
    if (ch(P) == 58) return fail(); // a single-pair mapping
    asArr(v).items.push(x);
    return true;
  }
  const k = key(true);
  if (k === null || !flowSpace(min)) return fail();
  const o = asObj(v);
  if (ch(P) == 44 || ch(P) == 125 || o.find(k) >= 0) return fail(); // no value; a duplicate key
  const x = flowNode(min);
  if (x === null) return false;
  o.put(k, x);
  return true;
}

/** A node inside a flow collection, or one starting with `[` or `{` in block context. */
function flowNode(min: i32): Value | null {
  const c = ch(P);
  if (c == 91 || c == 123) return flow(min);
  if (c == 34 || c == 39) return quoted();
  return plain(true);
}

// ---- block collections ----

function dash(): bool {
  return ch(P) == 45 && blank(P + 1);
}

/** Whether the line from P is `key: ...`, a key of the subset then `:` and a space or the line's end
 * (read once to see, then again by blockMap; a line that is not stays with the scalar reader). */
function keyLine(): bool {
  const at = P;
  const was = OUT;
  const k = key(false);
  P = at;
  OUT = was;
  return k !== null;
}

/** A node whose first line starts at P, column `col`, inside a block collection at column `parent`. */
function blockNode(parent: i32, col: i32): Value | null {
  if (++DEPTH > MAX_DEPTH) return out();
  const v = dash() ? blockSeq(col) : keyLine() ? blockMap(col) : scalarLine(parent);
  DEPTH--;
  return v;
}

/** A scalar or flow collection ending its line; a next line indented past `parent` would continue it. */
function scalarLine(parent: i32): Value | null {
  const c = ch(P);
  const v = c == 91 || c == 123 ? flow(parent + 1) : c == 34 || c == 39 ? quoted() : plain(false);
  if (v === null) return null;
  if (!endOfLine()) return out();
  nextContent();
  return NEXT > parent ? out() : v;
}

/** The value on the lines below a key or dash at column `col`: deeper, a sequence at the key's column
 * (`seq`: a mapping value), or else empty (null). */
function below(col: i32, seq: bool): Value | null {
  nextContent();
  if (OUT) return null;
  if (NEXT > col) return blockNode(col, NEXT);
  if (seq && NEXT == col && dash()) return blockSeq(col);
  return NULL;
}

/** Items `- ...` at column `col`; ends at a line less indented, or at `col` without a dash (the next key of a mapping holding it). */
function blockSeq(col: i32): Value | null {
  const items = new Array<Value>();
  do {
    const at = P++;
    // the item: on the dash's line (a scalar, or a compact mapping or sequence at its column), or below
    const x = endOfLine() ? below(col, false) : blockNode(col, col + P - at);
    if (x === null) return null;
    items.push(x);
  } while (NEXT == col && dash());
  return NEXT > col ? out() : new VArr(items);
}

/** Entries `key: value` at column `col`, the value on the key's line or below it. */
function blockMap(col: i32): Value | null {
  const o = new VObj();
  do {
    const k = key(false);
    if (k === null) return null;
    if (o.find(k) >= 0) return out(); // opa keeps the last of duplicate keys: to the host
    const v = endOfLine() ? below(col, true) : scalarLine(col);
    if (v === null) return null;
    o.put(k, v);
  } while (NEXT == col && keyLine());
  return NEXT >= col ? out() : o;
}

/** The first document of `s` within the subset; null with OUT (to the host) or BAD (invalid) set. */
function read(s: string): Value | null {
  S = s;
  N = s.length;
  P = 0;
  NEXT = -1;
  OUT = false;
  BAD = false;
  DEPTH = 0;
  LAST_CLOSE = max(s.lastIndexOf(']'), s.lastIndexOf('}'));
  if (!plainText(s)) return out();
  // an optional `---` opening the document, alone on its line
  if (marker(0) && ch(0) == 45) {
    P = 3;
    if (!endOfLine()) return out();
  }
  nextContent();
  if (OUT) return null;
  if (NEXT < 0) return NULL;
  const v = blockNode(-1, NEXT);
  if (v === null) return null;
  return OUT || NEXT >= 0 ? out() : v;
}

export function yamlUnmarshal(a: Value): Value | null {
  if (a.t != T_STR) return defer();
  const v = read(asStr(a).s);
  return v === null ? defer() : v;
}

export function yamlIsValid(a: Value): Value | null {
  if (a.t != T_STR) return FALSE;
  if (read(asStr(a).s) !== null) return TRUE;
  return BAD && !OUT ? FALSE : defer();
}
