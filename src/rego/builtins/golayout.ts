// Go time layouts ("2006-01-02T15:04:05Z07:00"): the chunking of time/format.go, Format and Parse.
import { civilFromDays, DAYS, daysFromCivil, daysIn, MONTHS, NS_PER_S, type Civil } from './gotime.js';
import { builtinError, UnsupportedBuiltinInput } from './values.js';

type Std =
  | 'Jan' | 'January' | '1' | '01' | 'Mon' | 'Monday' | '2' | '_2' | '02' | '__2' | '002' | '15' | '3' | '03' | '4' | '04' | '5' | '05'
  | '2006' | '06' | 'PM' | 'pm' | 'MST' | 'Z0700' | 'Z07:00' | 'Z07' | 'Z070000' | 'Z07:00:00' | '-0700' | '-07:00' | '-07' | '-070000' | '-07:00:00' | 'frac0' | 'frac9';

interface Chunk {
  lit?: string;
  std?: Std;
  /** fractional seconds: digits and separator */
  digits?: number;
  sep?: string;
}

const TZ_FORMS: Std[] = ['-070000', '-07:00:00', '-0700', '-07:00', '-07'];
const lowerNext = (s: string, i: number): boolean => i < s.length && s[i]! >= 'a' && s[i]! <= 'z';

/** The standard chunk at i, with its length, or undefined (a literal character). */
function stdAt(l: string, i: number): [Chunk, number] | undefined {
  const at = (t: string): boolean => l.startsWith(t, i);
  const c = l[i];
  switch (c) {
    case 'J':
      if (at('January')) return [{ std: 'January' }, 7];
      if (at('Jan') && !lowerNext(l, i + 3)) return [{ std: 'Jan' }, 3];
      return undefined;
    case 'M':
      if (at('Monday')) return [{ std: 'Monday' }, 6];
      if (at('Mon') && !lowerNext(l, i + 3)) return [{ std: 'Mon' }, 3];
      if (at('MST')) return [{ std: 'MST' }, 3];
      return undefined;
    case '0':
      if (l[i + 1]! >= '1' && l[i + 1]! <= '6') return [{ std: (['01', '02', '03', '04', '05', '06'] as Std[])[Number(l[i + 1]) - 1]! }, 2];
      if (at('002')) return [{ std: '002' }, 3];
      return undefined;
    case '1':
      return at('15') ? [{ std: '15' }, 2] : [{ std: '1' }, 1];
    case '2':
      return at('2006') ? [{ std: '2006' }, 4] : [{ std: '2' }, 1];
    case '_':
      if (l[i + 1] === '2') return at('_2006') ? undefined : [{ std: '_2' }, 2];
      if (at('__2')) return [{ std: '__2' }, 3];
      return undefined;
    case '3':
    case '4':
    case '5':
      return [{ std: c as Std }, 1];
    case 'P':
      return l[i + 1] === 'M' ? [{ std: 'PM' }, 2] : undefined;
    case 'p':
      return l[i + 1] === 'm' ? [{ std: 'pm' }, 2] : undefined;
    case '-':
    case 'Z':
      for (const f of TZ_FORMS) {
        const t = c === 'Z' ? `Z${f.slice(1)}` : f;
        if (at(t)) return [{ std: t as Std }, t.length];
      }
      return undefined;
    case '.':
    case ',': {
      const d = l[i + 1];
      if (d !== '0' && d !== '9') return undefined;
      let j = i + 1;
      while (l[j] === d) j++;
      if (j < l.length && l[j]! >= '0' && l[j]! <= '9') return undefined;
      return [{ std: d === '0' ? 'frac0' : 'frac9', digits: j - i - 1, sep: c }, j - i];
    }
    default:
      return undefined;
  }
}

export function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  for (let i = 0; i < layout.length; ) {
    // `_2006` is a literal underscore then the year
    const s = stdAt(layout, i);
    if (!s) {
      lit += layout[i++];
      continue;
    }
    if (lit) out.push({ lit });
    lit = '';
    out.push(s[0]);
    i += s[1];
  }
  if (lit) out.push({ lit });
  return out;
}

const pad = (n: number, w: number, ch = '0'): string => {
  const s = String(Math.abs(n)).padStart(w, ch);
  return n < 0 ? `-${s}` : s;
};

function formatTz(std: Std, offset: number): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const o = Math.abs(offset);
  const hh = pad(Math.floor(o / 3600), 2);
  const mm = pad(Math.floor((o % 3600) / 60), 2);
  const ss = pad(o % 60, 2);
  const form = std.slice(1);
  if (form === '07') return sign + hh;
  if (form === '0700') return sign + hh + mm;
  if (form === '07:00') return `${sign}${hh}:${mm}`;
  if (form === '070000') return sign + hh + mm + ss;
  return `${sign}${hh}:${mm}:${ss}`;
}

export interface Stamp extends Civil {
  offset: number;
  weekday: number;
  yday: number;
  /** zone abbreviation as Go prints it for MST, or undefined when Warden cannot know it */
  abbrev: string | undefined;
}

/** Go's Time.Format. */
export function formatLayout(t: Stamp, layout: string): string {
  let out = '';
  for (const c of chunks(layout)) {
    if (c.lit !== undefined) {
      out += c.lit;
      continue;
    }
    const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
    switch (c.std!) {
      case '2006': out += t.year >= 0 && t.year < 10000 ? pad(t.year, 4) : String(t.year); break;
      case '06': out += pad(((t.year % 100) + 100) % 100, 2); break;
      case 'Jan': out += MONTHS[t.month - 1]!.slice(0, 3); break;
      case 'January': out += MONTHS[t.month - 1]; break;
      case '1': out += t.month; break;
      case '01': out += pad(t.month, 2); break;
      case 'Mon': out += DAYS[t.weekday]!.slice(0, 3); break;
      case 'Monday': out += DAYS[t.weekday]; break;
      case '2': out += t.day; break;
      case '_2': out += pad(t.day, 2, ' '); break;
      case '02': out += pad(t.day, 2); break;
      case '__2': out += pad(t.yday, 3, ' '); break;
      case '002': out += pad(t.yday, 3); break;
      case '15': out += pad(t.hour, 2); break;
      case '3': out += h12; break;
      case '03': out += pad(h12, 2); break;
      case '4': out += t.minute; break;
      case '04': out += pad(t.minute, 2); break;
      case '5': out += t.second; break;
      case '05': out += pad(t.second, 2); break;
      case 'PM': out += t.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += t.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST':
        if (t.abbrev === undefined) throw new UnsupportedBuiltinInput('time.format', 'the abbreviation of this time zone (layout element MST)');
        out += t.abbrev;
        break;
      case 'frac0': out += c.sep! + pad(t.nano, 9).slice(0, c.digits); break;
      case 'frac9': {
        const f = pad(t.nano, 9).slice(0, c.digits).replace(/0+$/, '');
        if (f) out += c.sep! + f;
        break;
      }
      default: out += formatTz(c.std!, t.offset);
    }
  }
  return out;
}

export const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
};

// ---- parsing ----

class Reader {
  constructor(
    public v: string,
    readonly orig: string,
    readonly layout: string,
  ) {}
  fail(what = ''): never {
    return builtinError('time.parse_ns', `parsing time ${JSON.stringify(this.orig)} as ${JSON.stringify(this.layout)}: cannot parse${what}`);
  }
  /** 1-2 digits, or exactly 2 when fixed. */
  num(fixed: boolean): number {
    if (!/^\d/.test(this.v)) this.fail();
    if (!/^\d\d/.test(this.v)) {
      if (fixed) this.fail();
      const n = Number(this.v[0]);
      this.v = this.v.slice(1);
      return n;
    }
    const n = Number(this.v.slice(0, 2));
    this.v = this.v.slice(2);
    return n;
  }
  digits(n: number): number {
    const m = new RegExp(`^\\d{${n}}`).exec(this.v);
    if (!m) this.fail();
    this.v = this.v.slice(n);
    return Number(m[0]);
  }
  lookup(names: string[]): number {
    const i = names.findIndex((n) => this.v.length >= n.length && this.v.slice(0, n.length).toLowerCase() === n.toLowerCase());
    if (i < 0) this.fail();
    this.v = this.v.slice(names[i]!.length);
    return i;
  }
  /** A literal: runs of spaces in the layout match one or more spaces. */
  skip(lit: string): void {
    let p = lit;
    while (p.length) {
      if (p[0] === ' ') {
        if (this.v.length && this.v[0] !== ' ') this.fail();
        p = p.replace(/^ +/, '');
        this.v = this.v.replace(/^ +/, '');
        continue;
      }
      if (!this.v.length || this.v[0] !== p[0]) this.fail();
      p = p.slice(1);
      this.v = this.v.slice(1);
    }
  }
}

interface Parsed {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
  pm?: boolean;
  offset?: number;
}

function parseTz(r: Reader, std: Std): number | undefined {
  if (std.startsWith('Z') && r.v[0] === 'Z') {
    r.v = r.v.slice(1);
    return 0;
  }
  const form = std.slice(1);
  const sign = r.v[0];
  if (sign !== '+' && sign !== '-') r.fail();
  r.v = r.v.slice(1);
  const hh = r.digits(2);
  let mm = 0;
  let ss = 0;
  if (form === '0700' || form === '070000') mm = r.digits(2);
  if (form === '07:00' || form === '07:00:00') {
    r.skip(':');
    mm = r.digits(2);
  }
  if (form === '070000') ss = r.digits(2);
  if (form === '07:00:00') {
    r.skip(':');
    ss = r.digits(2);
  }
  if (hh > 24 || mm > 60 || ss > 60) r.fail(' (time zone offset out of range)');
  const off = hh * 3600 + mm * 60 + ss;
  return sign === '-' ? -off : off;
}

function parseFraction(r: Reader, c: Chunk, p: Parsed): void {
  if (c.std === 'frac0') {
    if (r.v[0] !== c.sep) r.fail();
    r.v = r.v.slice(1);
    const m = new RegExp(`^\\d{${c.digits}}`).exec(r.v);
    if (!m) r.fail();
    r.v = r.v.slice(c.digits);
    p.nano = Number((m[0] + '000000000').slice(0, 9));
    return;
  }
  if (r.v[0] !== '.' && r.v[0] !== ',') return;
  const m = /^[.,](\d+)/.exec(r.v);
  if (!m) r.fail();
  r.v = r.v.slice(m[0].length);
  p.nano = Number((m[1]! + '000000000').slice(0, 9));
}

function parseChunk(r: Reader, c: Chunk, p: Parsed, next: Chunk | undefined): void {
  switch (c.std!) {
    case '2006': p.year = r.digits(4); break;
    case '06': {
      const y = r.digits(2);
      p.year = y >= 69 ? 1900 + y : 2000 + y;
      break;
    }
    case 'Jan': p.month = r.lookup(MONTHS.map((m) => m.slice(0, 3))) + 1; break;
    case 'January': p.month = r.lookup(MONTHS) + 1; break;
    case '1':
    case '01':
      p.month = r.num(c.std === '01');
      if (p.month < 1 || p.month > 12) r.fail(' (month out of range)');
      break;
    case 'Mon': r.lookup(DAYS.map((d) => d.slice(0, 3))); break;
    case 'Monday': r.lookup(DAYS); break;
    case '2':
    case '_2':
    case '02':
      if (c.std === '_2' && r.v[0] === ' ') r.v = r.v.slice(1);
      p.day = r.num(c.std === '02');
      break;
    case '__2':
    case '002':
      throw new UnsupportedBuiltinInput('time.parse_ns', 'day-of-year layout elements');
    case '15':
      p.hour = r.num(false);
      if (p.hour > 23) r.fail(' (hour out of range)');
      break;
    case '3':
    case '03':
      p.hour = r.num(c.std === '03');
      if (p.hour > 12) r.fail(' (hour out of range)');
      break;
    case '4':
    case '04':
      p.minute = r.num(c.std === '04');
      if (p.minute > 59) r.fail(' (minute out of range)');
      break;
    case '5':
    case '05':
      p.second = r.num(c.std === '05');
      if (p.second > 59) r.fail(' (second out of range)');
      // a fraction in the value where the layout has none right after the seconds is accepted
      if (/^[.,]\d/.test(r.v) && !(next?.std === 'frac0' || next?.std === 'frac9')) parseFraction(r, { std: 'frac9' }, p);
      break;
    case 'PM':
    case 'pm': {
      const t = r.v.slice(0, 2);
      const [am, pmText] = c.std === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
      if (t !== am && t !== pmText) r.fail();
      p.pm = t === pmText;
      r.v = r.v.slice(2);
      break;
    }
    case 'MST': {
      // time.Parse knows only UTC; any other abbreviation gets a zero offset
      const m = /^(UTC|[A-Z]{3,5})/.exec(r.v);
      if (!m || /^GMT[+-]/.test(r.v)) throw new UnsupportedBuiltinInput('time.parse_ns', `the zone in ${JSON.stringify(r.orig)}`);
      r.v = r.v.slice(m[0].length);
      p.offset = 0;
      break;
    }
    case 'frac0':
    case 'frac9': parseFraction(r, c, p); break;
    default: p.offset = parseTz(r, c.std!);
  }
}

/** Go's time.Parse in UTC: nanoseconds since the epoch. */
export function parseLayout(layout: string, value: string): bigint {
  const r = new Reader(value, value, layout);
  const p: Parsed = { year: 0, month: 1, day: 1, yday: -1, hour: 0, minute: 0, second: 0, nano: 0 };
  const cs = chunks(layout);
  cs.forEach((c, i) => (c.lit !== undefined ? r.skip(c.lit) : parseChunk(r, c, p, cs[i + 1])));
  if (r.v.length) r.fail(` (extra text: ${JSON.stringify(r.v)})`);
  if (p.pm === true && p.hour < 12) p.hour += 12;
  if (p.pm === false && p.hour === 12) p.hour = 0;
  if (p.day < 1 || p.day > daysIn(p.month, p.year)) r.fail(' (day out of range)');
  const days = daysFromCivil(p.year, p.month, p.day);
  const secs = days * 86400n + BigInt(p.hour * 3600 + p.minute * 60 + p.second) - BigInt(p.offset ?? 0);
  return secs * NS_PER_S + BigInt(p.nano);
}

export { civilFromDays };
