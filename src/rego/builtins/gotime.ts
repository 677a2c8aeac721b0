// Go's time package, as far as opa's time builtins use it: civil time in IANA zones (through Intl),
// layouts (Format and Parse with Go's reference-time tokens), AddDate normalisation and durations.
import { builtinError, UnsupportedBuiltinInput } from './values.js';

export const NS_PER_S = 1_000_000_000n;

export interface Civil {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
}

export interface Zone {
  name: string; // 'UTC', 'Local' or an IANA name
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
    formatters.set(zone, f);
  }
  return f;
}

/** A zone opa would load (time.LoadLocation); an unknown name is a builtin error. */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return { name: 'UTC' };
  if (name === 'Local') return { name: Intl.DateTimeFormat().resolvedOptions().timeZone };
  try {
    formatter(name);
  } catch {
    return builtinError('time', `unknown time zone ${name}`);
  }
  return { name };
}

const floorDiv = (a: bigint, b: bigint): bigint => (a % b < 0n ? a / b - 1n : a / b);

/** Offset from UTC in seconds of the zone at the given Unix second. */
export function offsetAt(zone: Zone, unixSeconds: bigint): number {
  if (zone.name === 'UTC') return 0;
  const ms = Number(unixSeconds) * 1000;
  if (Math.abs(ms) > 8.64e15) throw new UnsupportedBuiltinInput('time', 'a time zone offset outside the JavaScript date range');
  const parts = Object.fromEntries(formatter(zone.name).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  let year = Number(parts['year']);
  if (parts['era'] === 'BC' || parts['era'] === 'B') year = 1 - year;
  const local = daysFromCivil(year, Number(parts['month']), Number(parts['day'])) * 86400n + BigInt(Number(parts['hour']) * 3600 + Number(parts['minute']) * 60 + Number(parts['second']));
  return Number(local - unixSeconds);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month may be out of 1-12, day any integer). */
export function daysFromCivil(y0: number, m0: number, d: number): bigint {
  // normalise the month first, as Go's Date does
  let y = y0 + Math.floor((m0 - 1) / 12);
  const m = (((m0 - 1) % 12) + 12) % 12 + 1;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return BigInt(era) * 146097n + BigInt(doe) - 719468n;
}

export function civilFromDays(days: bigint): { year: number; month: number; day: number } {
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = Number(z - era * 146097n);
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: Number(era) * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** The civil time of an instant (ns since the epoch) in a zone, with the offset used. */
export function toCivil(ns: bigint, zone: Zone): Civil & { offset: number; weekday: number; yday: number } {
  const sec = floorDiv(ns, NS_PER_S);
  const nano = Number(ns - sec * NS_PER_S);
  const offset = offsetAt(zone, sec);
  const local = sec + BigInt(offset);
  const days = floorDiv(local, 86400n);
  const rem = Number(local - days * 86400n);
  const { year, month, day } = civilFromDays(days);
  const weekday = Number((((days + 4n) % 7n) + 7n) % 7n);
  const yday = Number(days - daysFromCivil(year, 1, 1)) + 1;
  return { year, month, day, hour: Math.floor(rem / 3600), minute: Math.floor((rem % 3600) / 60), second: rem % 60, nano, offset, weekday, yday };
}

/** Go's time.Date: normalises every field, then resolves the local time in the zone as Go does. */
export function fromCivil(c: Civil, zone: Zone): bigint {
  const local = daysFromCivil(c.year, c.month, 1) * 86400n + BigInt(c.day - 1) * 86400n + BigInt(c.hour) * 3600n + BigInt(c.minute) * 60n + BigInt(c.second);
  let offset = offsetAt(zone, local);
  const utc = local - BigInt(offset);
  const again = offsetAt(zone, utc);
  if (again !== offset) offset = again;
  return (local - BigInt(offset)) * NS_PER_S + BigInt(c.nano);
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: NS_PER_S, m: 60n * NS_PER_S, h: 3600n * NS_PER_S };
const MAX = 1n << 63n;

/** Go's time.ParseDuration. */
export function parseGoDuration(orig: string): bigint {
  const bad = (): never => builtinError('time.parse_duration_ns', `time: invalid duration ${JSON.stringify(orig)}`);
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') bad();
  let d = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.') bad();
    const whole = m[1] ?? '';
    const frac = m[2];
    if (whole === '' && (frac === undefined || frac === '')) bad();
    s = s.slice(m[0].length);
    const u = /^[^\d.]+/.exec(s)?.[0];
    if (!u || UNITS[u] === undefined) return bad();
    s = s.slice(u.length);
    const unit = UNITS[u]!;
    let v = BigInt(whole || '0');
    if (v > MAX / unit) bad();
    v *= unit;
    if (frac) {
      // Go accumulates the fraction's digits while they fit in 63 bits, then scales in float64
      let f = 0n;
      let scale = 1;
      for (const ch of frac) {
        if (f > (MAX - 1n) / 10n) break;
        f = f * 10n + BigInt(ch);
        scale *= 10;
      }
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) bad();
    }
    d += v;
    if (d > MAX) bad();
  }
  if (neg) return -d;
  if (d > MAX - 1n) bad();
  return d;
}
