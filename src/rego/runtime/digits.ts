// AssemblyScript: integer text in another base, by long division on its decimal digits (so any
// length: big integers for format_int and sprintf's %x %o %b).

const LOWER = '0123456789abcdef';

/** An integer's decimal text in base 2, 8, 10 or 16 (long division on the digits). */
export function integerTextInBase(t: string, base: i32): string {
  const neg = t.charCodeAt(0) == 0x2d;
  let digits = new Array<i32>();
  for (let i = neg ? 1 : 0; i < t.length; i++) digits.push(t.charCodeAt(i) - 0x30);
  if (base == 10) {
    let s = 0;
    while (s < digits.length - 1 && digits[s] == 0) s++;
    const body = t.substring((neg ? 1 : 0) + s);
    return (neg && body != '0' ? '-' : '') + body;
  }
  let out = '';
  while (digits.length > 0) {
    const q = new Array<i32>();
    let rem = 0;
    for (let i = 0; i < digits.length; i++) {
      const cur = rem * 10 + digits[i];
      const qd = cur / base;
      rem = cur % base;
      if (q.length > 0 || qd > 0) q.push(qd);
    }
    out = LOWER.charAt(rem) + out;
    digits = q;
  }
  if (out.length == 0) out = '0';
  return (neg && out != '0' ? '-' : '') + out;
}

/** A number text's sign, its digits (point dropped, leading zeros off) and the power of ten they are scaled by. */
export class Decimal {
  neg: bool = false;
  digits: string = '';
  e10: i32 = 0;
}

/** Reads `-12.50e3` as -, 1250, 1 (Go's big.Float and big.Rat take mantissa and exponent so); null for an exponent of more than six digits. */
export function scanDecimal(t: string): Decimal | null {
  const d = new Decimal();
  let i = 0;
  if (t.length > 0 && (t.charCodeAt(0) == 0x2d || t.charCodeAt(0) == 0x2b)) {
    d.neg = t.charCodeAt(0) == 0x2d;
    i = 1;
  }
  let end = i;
  while (end < t.length && t.charCodeAt(end) != 0x65 && t.charCodeAt(end) != 0x45) end++;
  let m = t.substring(i, end);
  const dot = m.indexOf('.');
  if (dot >= 0) {
    d.e10 = dot + 1 - m.length;
    m = m.substring(0, dot) + m.substring(dot + 1);
  }
  let lead = 0;
  while (lead < m.length && m.charCodeAt(lead) == 0x30) lead++;
  d.digits = m.substring(lead);
  if (end < t.length) {
    const x = t.substring(end + 1);
    const body = x.length > 0 && (x.charCodeAt(0) == 0x2d || x.charCodeAt(0) == 0x2b) ? x.length - 1 : x.length;
    if (body > 6) return null;
    d.e10 += I32.parseInt(x, 10);
  }
  return d;
}

/** The integer a number text denotes (`1e3`, `2.50e1`, `-0`) as plain digits, as Go's big.Rat reads it; null for a fraction or past maxDigits digits. */
export function integralText(t: string, maxDigits: i32): string | null {
  const d = scanDecimal(t);
  if (d === null) return null;
  let s = d.digits;
  if (d.e10 < 0) {
    // the digits past the point must all be zero
    const keep = s.length + d.e10;
    for (let i = max(keep, 0); i < s.length; i++) if (s.charCodeAt(i) != 0x30) return null;
    s = keep > 0 ? s.substring(0, keep) : '';
  } else if (s.length > 0) {
    if (s.length + d.e10 > maxDigits) return null;
    s += '0'.repeat(d.e10);
  }
  if (s.length == 0) return '0';
  if (s.length > maxDigits) return null;
  const sign: string = d.neg ? '-' : '';
  return sign + s;
}
