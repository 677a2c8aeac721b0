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
