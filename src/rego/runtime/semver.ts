// AssemblyScript: semver.is_valid and semver.compare inside the module, as the host version
// (src/rego/builtins/semver.ts, opa's internal semver package) parses and orders versions: SemVer
// 2.0.0, an optional leading "v", int64 major/minor/patch without leading zeros.
import { Value, T_STR, asStr, mkBool, mkNum, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';
import { goQuote } from './gofmt';

class Version {
  nums: Array<string> = new Array<string>();
  pre: string = '';
}

function allDigits(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return false;
  return true;
}

/** Dot-separated non-empty identifiers of [0-9A-Za-z-]. */
function identifiers(s: string): bool {
  const ids = s.split('.');
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id.length == 0) return false;
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45)) return false;
    }
  }
  return true;
}

function numeric(s: string): bool {
  if (!allDigits(s) || (s.length > 1 && s.charCodeAt(0) == 48)) return false;
  return s.length < 19 || (s.length == 19 && s <= '9223372036854775807');
}

function parse(text: string): Version | null {
  let v = text.startsWith('v') ? text.substring(1) : text;
  const plus = v.indexOf('+');
  if (plus >= 0) {
    if (!identifiers(v.substring(plus + 1))) return null;
    v = v.substring(0, plus);
  }
  const out = new Version();
  const dash = v.indexOf('-');
  if (dash >= 0) {
    out.pre = v.substring(dash + 1);
    if (!identifiers(out.pre)) return null;
    const ids = out.pre.split('.');
    for (let i = 0; i < ids.length; i++) if (ids[i].length > 1 && ids[i].charCodeAt(0) == 48 && allDigits(ids[i])) return null;
    v = v.substring(0, dash);
  }
  const parts = v.split('.');
  if (parts.length != 3) return null;
  for (let i = 0; i < 3; i++) if (!numeric(parts[i])) return null;
  out.nums = parts;
  return out;
}

/** Integers written without leading zeros: the longer is larger, else text order. */
function cmpDigits(a: string, b: string): i32 {
  if (a.length != b.length) return a.length > b.length ? 1 : -1;
  return a > b ? 1 : a < b ? -1 : 0;
}

function comparePre(a: string, b: string): i32 {
  if (a == b) return 0;
  if (a.length == 0) return 1;
  if (b.length == 0) return -1;
  const xs = a.split('.');
  const ys = b.split('.');
  for (let i = 0; ; i++) {
    if (i >= xs.length || i >= ys.length) return i >= xs.length ? (i >= ys.length ? 0 : -1) : 1;
    const xi = allDigits(xs[i]);
    const yi = allDigits(ys[i]);
    if (xi != yi) return xi ? -1 : 1;
    const c = xi ? cmpDigits(xs[i], ys[i]) : xs[i] > ys[i] ? 1 : xs[i] < ys[i] ? -1 : 0;
    if (c != 0) return c;
  }
  return 0;
}

export function semverIsValid(v: Value): Value {
  return mkBool(v.t == T_STR && parse(asStr(v).s) !== null);
}

export function semverCompare(a: Value, b: Value): Value | null {
  const name = 'semver.compare';
  if (a.t != T_STR) return builtinTypeError(name, 'operand 1 must be string but got ' + typeName(a));
  if (b.t != T_STR) return builtinTypeError(name, 'operand 2 must be string but got ' + typeName(b));
  const x = parse(asStr(a).s);
  if (x === null) return builtinError(name, 'operand 1: string ' + goQuote(asStr(a).s, false) + ' is not a valid SemVer');
  const y = parse(asStr(b).s);
  if (y === null) return builtinError(name, 'operand 2: string ' + goQuote(asStr(b).s, false) + ' is not a valid SemVer');
  for (let i = 0; i < 3; i++) {
    const c = cmpDigits(x.nums[i], y.nums[i]);
    if (c != 0) return mkNum(<f64>c);
  }
  return mkNum(<f64>comparePre(x.pre, y.pre));
}
