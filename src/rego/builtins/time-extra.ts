// time.parse_ns, time.parse_rfc3339_ns, time.parse_duration_ns, time.format, time.add_date and
// time.diff with Go's semantics (layouts, zones, AddDate normalisation, int64 nanosecond range).
import { fromCivil, loadZone, NS_PER_S, parseGoDuration, toCivil, type Zone } from './gotime.js';
import { formatLayout, NAMED_LAYOUTS, parseLayout, type Stamp } from './golayout.js';
import { builtinError, exactIntegral, int, isSet, str, typeOf } from './values.js';

const MIN = -(1n << 63n);
const MAX = (1n << 63n) - 1n;

function safeNs(name: string, ns: bigint): bigint {
  if (ns < MIN || ns > MAX) builtinError(name, 'time outside of valid range');
  return ns;
}

interface TzTime {
  ns: bigint;
  zone: Zone;
  layout: string;
}

/** opa's tzTime: a number of ns, or [ns, zone?, layout?]. */
function tzTime(name: string, a: unknown): TzTime {
  let n: unknown = a;
  let zone: Zone = { name: 'UTC' };
  let layout = '';
  if (Array.isArray(a) && !isSet(a)) {
    if (!a.length) builtinError(name, 'operand 1 must be either number (ns) or [number (ns), string (tz)] but got array');
    n = a[0];
    if (typeof n !== 'number') builtinError(name, `operand 1 must be number but got ${typeOf(n)}`);
    if (a.length > 1) {
      if (typeof a[1] !== 'string') builtinError(name, `operand 1 must be string but got ${typeOf(a[1])}`);
      zone = loadZone(a[1]);
    }
    if (a.length > 2) {
      if (typeof a[2] !== 'string') builtinError(name, `operand 1 must be string but got ${typeOf(a[2])}`);
      layout = a[2];
    }
  } else if (typeof a !== 'number') builtinError(name, `operand 1 must be either number (ns) or [number (ns), string (tz)] but got ${typeOf(a)}`);
  const ns = exactIntegral(name, n as number);
  if (ns === undefined || ns < MIN || ns > MAX) return builtinError(name, 'timestamp too big');
  return { ns, zone, layout };
}

function abbreviation(zone: Zone, ns: bigint): string | undefined {
  if (zone.name === 'UTC') return 'UTC';
  const ms = Number(ns / 1_000_000n);
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone.name, timeZoneName: 'short' }).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value;
  return part && /^[A-Z]{3,5}$/.test(part) && part !== 'GMT' ? part : undefined;
}

function stamp(t: TzTime): Stamp {
  return { ...toCivil(t.ns, t.zone), abbrev: abbreviation(t.zone, t.ns) };
}

const COEFF: Record<string, number> = { d: 24, w: 7 * 24, y: 365 * 24 };

/** opa's duration: Go's, plus d, w and y segments rewritten into hours. */
function parseDuration(s: unknown): bigint {
  const text = str('time.parse_duration_ns', 1, s);
  if (!/[dwy]/.test(text)) return parseGoDuration(text);
  const m = /^([-+]?)((?:[0-9.]+[a-zµμ]+)+)$/.exec(text);
  if (!m) return builtinError('time.parse_duration_ns', `time: invalid duration ${JSON.stringify(text)}`);
  let rewritten = m[1]!;
  for (const seg of m[2]!.match(/[0-9.]+[a-zµμ]+/g)!) {
    const [, digits, unit] = /^([0-9.]+)(.+)$/.exec(seg)!;
    const c = COEFF[unit!];
    if (c === undefined) {
      rewritten += seg;
      continue;
    }
    const v = Number(digits);
    if (Number.isNaN(v)) return builtinError('time.parse_duration_ns', `time: invalid duration ${JSON.stringify(text)}`);
    const hours = v * c;
    if (Math.abs(hours) >= 1e21) return builtinError('time.parse_duration_ns', `time: invalid duration ${JSON.stringify(text)}`);
    rewritten += `${hours}h`;
  }
  return parseGoDuration(rewritten);
}

function addDate(t: unknown, y: unknown, m: unknown, d: unknown): bigint {
  const name = 'time.add_date';
  const tt = tzTime(name, t);
  const c = toCivil(tt.ns, tt.zone);
  const out = fromCivil({ ...c, year: c.year + int(name, 2, y), month: c.month + int(name, 3, m), day: c.day + int(name, 4, d) }, tt.zone);
  return safeNs(name, out);
}

function diff(a: unknown, b: unknown): number[] {
  const t1 = tzTime('time.diff', a);
  const t2 = tzTime('time.diff', b);
  let [x, y] = [t1.ns, t2.ns];
  if (x > y) [x, y] = [y, x];
  // both in the first argument's zone
  const c1 = toCivil(x, t1.zone);
  const c2 = toCivil(y, t1.zone);
  let year = c2.year - c1.year;
  let month = c2.month - c1.month;
  let day = c2.day - c1.day;
  let hour = c2.hour - c1.hour;
  let min = c2.minute - c1.minute;
  let sec = c2.second - c1.second;
  if (sec < 0) [sec, min] = [sec + 60, min - 1];
  if (min < 0) [min, hour] = [min + 60, hour - 1];
  if (hour < 0) [hour, day] = [hour + 24, day - 1];
  if (day < 0) {
    // days in c1's month: Go normalises day 32 of it
    const d32 = toCivil(fromCivil({ year: c1.year, month: c1.month, day: 32, hour: 0, minute: 0, second: 0, nano: 0 }, { name: 'UTC' }), { name: 'UTC' }).day;
    day += 32 - d32;
    month--;
  }
  if (month < 0) [month, year] = [month + 12, year - 1];
  return [year, month, day, hour, min, sec];
}

export const timeBuiltins: Record<string, (...args: any[]) => unknown> = {
  'time.parse_ns': (layout: unknown, value: unknown) => {
    const l = str('time.parse_ns', 1, layout);
    return safeNs('time.parse_ns', parseLayout(NAMED_LAYOUTS[l] ?? l, str('time.parse_ns', 2, value)));
  },
  'time.parse_rfc3339_ns': (value: unknown) => safeNs('time.parse_rfc3339_ns', parseLayout(NAMED_LAYOUTS['RFC3339']!, str('time.parse_rfc3339_ns', 1, value))),
  'time.parse_duration_ns': parseDuration,
  'time.format': (x: unknown) => {
    const t = tzTime('time.format', x);
    const layout = t.layout === '' ? NAMED_LAYOUTS['RFC3339Nano']! : (NAMED_LAYOUTS[t.layout] ?? t.layout);
    return formatLayout(stamp(t), layout);
  },
  'time.add_date': addDate,
  'time.diff': diff,
};

export { NS_PER_S };
