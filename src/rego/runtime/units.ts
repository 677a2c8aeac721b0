// AssemblyScript: units.parse and units.parse_bytes inside the module, with opa's results and
// messages (the host versions in src/rego/builtins/host.ts are the reference). units.parse is exact
// decimal arithmetic on BigInt10; units.parse_bytes follows Go's big.Float (the amount and the
// product each rounded to a 64-bit mantissa, then truncated), which is answered here only where that
// rounding provably cannot change the result: integers below 2^64, and fractions whose part after
// the point is at least 1e-6 away from an integer. Every other input (and non-ASCII text, and
// numbers of hundreds of digits) defers to the host builtin of the same name (errors.ts deferToHost).
import { Value, T_STR, asStr, typeName } from './value';
import { builtinError, builtinTypeError, deferToHost } from './errors';
import { numberFromText } from './json';
import { bigOfText, bigMul, bigText } from './bigint';

const defer = deferToHost;

/** Thrown-message equivalent: the text after `<name>: ` in opa's error (opa prefixes the name twice). */
let ERR: string | null = null;

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

/** Splits "1.5e3Ki" into amount and unit as opa does; null with ERR set on failure. */
function splitAmount(s: string): Array<string> | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c) && c != 46 && c != 101 && c != 69 && c != 43 && c != 45) return [s.substring(0, i), s.substring(i)];
    if (c == 101 || c == 69) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
      if (next < 0 || (!isDigit(next) && next != 43 && next != 45)) return [s.substring(0, i), s.substring(i)];
      if (next == 43 || next == 45) i++;
      let end = i + 1;
      while (end < s.length && isDigit(s.charCodeAt(end))) end++;
      if (end - (i + 1) > 6) {
        ERR = 'exponent too large';
        return null;
      }
    }
  }
  return [s, ''];
}

class Decimal {
  neg: bool = false;
  digits: string = '';
  /** value = digits x 10^scale */
  scale: i32 = 0;
}

/** "[+-]digits[.digits][e[+-]digits]" as digits and a power of ten; null when not a number. */
function parseDecimal(t: string): Decimal | null {
  const d = new Decimal();
  let i = 0;
  if (i < t.length && (t.charCodeAt(i) == 43 || t.charCodeAt(i) == 45)) {
    d.neg = t.charCodeAt(i) == 45;
    i++;
  }
  const intStart = i;
  while (i < t.length && isDigit(t.charCodeAt(i))) i++;
  let digits = t.substring(intStart, i);
  let frac = '';
  if (i < t.length && t.charCodeAt(i) == 46) {
    const f = ++i;
    while (i < t.length && isDigit(t.charCodeAt(i))) i++;
    frac = t.substring(f, i);
  }
  if (digits.length == 0 && frac.length == 0) return null;
  let exp = 0;
  if (i < t.length && (t.charCodeAt(i) == 101 || t.charCodeAt(i) == 69)) {
    i++;
    let eneg = false;
    if (i < t.length && (t.charCodeAt(i) == 43 || t.charCodeAt(i) == 45)) eneg = t.charCodeAt(i++) == 45;
    const e0 = i;
    while (i < t.length && isDigit(t.charCodeAt(i))) i++;
    if (i == e0 || i - e0 > 7) return null;
    exp = <i32>parseInt(t.substring(e0, i), 10);
    if (eneg) exp = -exp;
  }
  if (i != t.length) return null;
  d.digits = digits + frac;
  d.scale = exp - frac.length;
  return d;
}

function amount(s: string, name: string): Array<string> | null {
  if (s.includes(' ')) {
    ERR = name + ': spaces not allowed in resource strings';
    return null;
  }
  const parts = splitAmount(s);
  if (parts === null) return null;
  if (parts[0].length == 0) {
    ERR = name + (name == 'units.parse_bytes' ? ': no byte amount provided' : ': no amount provided');
    return null;
  }
  return parts;
}

/** The factor of a unit key (k, ki, m, mi, ... lower case) as integer text, or null. */
function unitFactor(k: string): string | null {
  const keys = ['k', 'ki', 'm', 'mi', 'g', 'gi', 't', 'ti', 'p', 'pi', 'e', 'ei'];
  const vals = ['1000', '1024', '1000000', '1048576', '1000000000', '1073741824', '1000000000000', '1099511627776', '1000000000000000', '1125899906842624', '1000000000000000000', '1152921504606846976'];
  for (let i = 0; i < keys.length; i++) if (keys[i] == k) return vals[i];
  return null;
}

/** The float64 nearest 0.001, exactly: these digits x 10^-62 (opa multiplies by it for "m"). */
const MILLI = '100000000000000002081668171172168513294309377670288085937500';

function plainText(s: string): bool {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function withoutQuotes(s: string): string {
  return s.includes('"') ? s.replaceAll('"', '') : s;
}

function fail(name: string): Value | null {
  const m = ERR!;
  ERR = null;
  return builtinError(name, m);
}

function zeros(n: i32): string {
  return '0'.repeat(n);
}

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) == 48) i++;
  return s.substring(i);
}

/** digits x 10^scale as [integer part, fraction digits] (both unsigned text). */
function splitPoint(t: string, scale: i32): Array<string> {
  if (scale >= 0) return [t == '0' ? '0' : t + zeros(scale), ''];
  const k = -scale;
  const padded = t.length <= k ? zeros(k + 1 - t.length) + t : t;
  return [stripZeros(padded.substring(0, padded.length - k)), padded.substring(padded.length - k)];
}

function allChar(s: string, c: i32): bool {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) != c) return false;
  return true;
}

/** Adds one to a decimal digit string. */
function increment(s: string): string {
  let out = '';
  let i = s.length - 1;
  while (i >= 0 && s.charCodeAt(i) == 57) {
    out = '0' + out;
    i--;
  }
  return i < 0 ? '1' + out : s.substring(0, i) + String.fromCharCode(s.charCodeAt(i) + 1) + out;
}

export function unitsParse(arg: Value): Value | null {
  const name = 'units.parse';
  if (arg.t != T_STR) return builtinTypeError(name, 'operand 1 must be string but got ' + typeName(arg));
  const raw = asStr(arg).s;
  if (!plainText(raw)) return defer();
  const parts = amount(withoutQuotes(raw), name);
  if (parts === null) return fail(name);
  const unitRaw = parts[1];
  const unit = unitRaw.length > 1 ? unitRaw.charAt(0) + unitRaw.substring(1).toLowerCase() : unitRaw;
  let factor = '1';
  let fscale = 0;
  if (unit == 'm') {
    factor = MILLI;
    fscale = -62;
  } else if (unit == 'M') factor = '1000000';
  else if (unit != '') {
    const c0 = unit.charAt(0);
    const valid = unit.length == 1 ? 'kKgGtTpPeE'.includes(unit) : unit.length == 2 && unit.charAt(1) == 'i' && 'kKmMgGtTpPeE'.includes(c0);
    const f = valid ? unitFactor(unit.length == 1 ? unit.toLowerCase() : c0.toLowerCase() + 'i') : null;
    if (f === null) return builtinError(name, name + ': unit ' + unit + ' not recognized');
    factor = f;
  }
  const a = parseDecimal(parts[0]);
  if (a === null) return builtinError(name, name + ': could not parse amount to a number');
  if (a.digits.length > 400 || a.scale > 400 || a.scale < -400) return defer();
  const p = bigText(bigMul(bigOfText(a.digits), bigOfText(factor)));
  const at = splitPoint(p, a.scale + fscale);
  const neg = a.neg && p != '0';
  if (allChar(at[1], 48)) return numberFromText((neg ? '-' : '') + at[0]);
  // ten decimals, the last rounded half away from zero
  const frac = at[1].length >= 10 ? at[1].substring(0, 10) : at[1] + zeros(10 - at[1].length);
  let digits = at[0] + frac;
  if (at[1].length > 10 && at[1].charCodeAt(10) >= 53) digits = increment(digits);
  const whole = digits.substring(0, digits.length - 10);
  return numberFromText((neg ? '-' : '') + (whole.length ? whole : '0') + '.' + digits.substring(digits.length - 10));
}

/** Whether an unsigned integer text (no leading zeros) is below 2^64, which a 64-bit mantissa holds exactly. */
function below2p64(t: string): bool {
  return t.length < 20 || (t.length == 20 && t < '18446744073709551616');
}

/** Whether digits x 10^scale (scale < 0) is a binary fraction with a significand below 2^64. */
function dyadic(a: Decimal): bool {
  const t = stripZeros(a.digits);
  const k = -a.scale;
  if (t.length > 19 || k > 27 || !below2p64(t)) return false;
  let d: u64 = 0;
  for (let i = 0; i < t.length; i++) d = d * 10 + <u64>(t.charCodeAt(i) - 48);
  let p: u64 = 1;
  for (let i = 0; i < k; i++) p *= 5;
  return d % p == 0;
}

export function unitsParseBytes(arg: Value): Value | null {
  const name = 'units.parse_bytes';
  if (arg.t != T_STR) return builtinTypeError(name, 'operand 1 must be string but got ' + typeName(arg));
  const raw = asStr(arg).s;
  if (!plainText(raw)) return defer();
  const parts = amount(withoutQuotes(raw.toLowerCase()), name);
  if (parts === null) return fail(name);
  const unit = parts[1];
  const key = unit.endsWith('b') ? unit.substring(0, unit.length - 1) : unit;
  const factor = key == '' && unit == '' ? '1' : key != '' ? unitFactor(key) : null;
  if (factor === null) return builtinError(name, name + ': byte unit ' + unit + ' not recognized');
  const a = parseDecimal(parts[0]);
  if (a === null) return builtinError(name, name + ': could not parse byte amount to a number');
  if (a.digits.length > 40 || a.scale > 40 || a.scale < -40) return defer();
  const amountInt = splitPoint(bigText(bigOfText(a.digits)), a.scale);
  const p = bigText(bigMul(bigOfText(a.digits), bigOfText(factor)));
  const at = splitPoint(p, a.scale);
  const sign = a.neg && !allChar(at[0], 48) ? '-' : '';
  if (amountInt[1].length == 0 || allChar(amountInt[1], 48)) {
    // an integer amount below 2^64 and a product below 2^64: Go's rounding changes nothing
    if (!below2p64(stripZeros(amountInt[0])) || !below2p64(at[0])) return defer();
    return numberFromText(sign + at[0]);
  }
  // an amount a 64-bit mantissa holds exactly (digits x 10^-k with 5^k dividing the digits) and an
  // integer product below 2^64: nothing is rounded
  if (allChar(at[1], 48) && dyadic(a) && below2p64(at[0])) return numberFromText(sign + at[0]);
  // a fraction: the two roundings move the product by less than 2^-63 of it (< 1.2e-7 below 2^40)
  const frac = at[1].length >= 6 ? at[1].substring(0, 6) : at[1] + zeros(6 - at[1].length);
  if (at[0].length > 12 || allChar(frac, 48) || allChar(frac, 57)) return defer();
  return numberFromText(sign + at[0]);
}
