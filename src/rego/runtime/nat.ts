// AssemblyScript: little-endian base-2^32 natural numbers (no high zero words): exact decimal to
// f64 (strtod.ts), bits.* on integers of any size (bigbits.ts) and Go's big.Float reading of an
// integer text (quotient.ts) work on binary, which the decimal limbs of bigint.ts do not give.

export function natTrim(a: Array<u32>): Array<u32> {
  while (a.length > 0 && a[a.length - 1] == 0) a.pop();
  return a;
}

/** n zero words (the stub runtime reuses its heap, so nothing is assumed zeroed). */
export function natZeros(n: i32): Array<u32> {
  const a = new Array<u32>(n);
  for (let i = 0; i < n; i++) a[i] = 0;
  return a;
}

/** Decimal digits (no sign) as a natural number, nine digits at a time. */
export function natOfDigits(t: string): Array<u32> {
  const a = new Array<u32>();
  let i = 0;
  while (i < t.length) {
    const n = i == 0 && t.length % 9 != 0 ? t.length % 9 : 9;
    let v: u32 = 0;
    let p: u32 = 1;
    for (let j = i; j < i + n; j++) {
      v = v * 10 + <u32>(t.charCodeAt(j) - 0x30);
      p *= 10;
    }
    mulSmall(a, p, v);
    i += n;
  }
  return natTrim(a);
}

export function natBitLen(a: Array<u32>): i32 {
  const n = a.length;
  return n == 0 ? 0 : n * 32 - <i32>clz(a[n - 1]);
}

export function natBit(a: Array<u32>, i: i32): bool {
  const w = i >> 5;
  return w < a.length && ((a[w] >> <u32>(i & 31)) & 1) != 0;
}

/** Whether any bit below position i is set. */
export function natAnyBelow(a: Array<u32>, i: i32): bool {
  const w = i >> 5;
  for (let k = 0; k < w && k < a.length; k++) if (a[k] != 0) return true;
  return w < a.length && (a[w] & ((<u32>1 << <u32>(i & 31)) - 1)) != 0;
}

export function natShr(a: Array<u32>, s: i32): Array<u32> {
  const w = s >> 5;
  const b = <u32>(s & 31);
  const out = new Array<u32>();
  for (let i = w; i < a.length; i++) {
    const hi: u32 = b == 0 || i + 1 >= a.length ? 0 : a[i + 1] << (32 - b);
    out.push((a[i] >> b) | hi);
  }
  return natTrim(out);
}

export function natMul(a: Array<u32>, b: Array<u32>): Array<u32> {
  const out = natZeros(a.length + b.length);
  for (let i = 0; i < a.length; i++) {
    let carry: u64 = 0;
    const x = <u64>a[i];
    for (let j = 0; j < b.length; j++) {
      // at most (2^32 - 1)^2 + 2·(2^32 - 1) = 2^64 - 1: no overflow
      const t = <u64>out[i + j] + x * <u64>b[j] + carry;
      out[i + j] = <u32>t;
      carry = t >> 32;
    }
    out[i + b.length] = <u32>carry;
  }
  return natTrim(out);
}

export function natAddOne(a: Array<u32>): void {
  for (let i = 0; i < a.length; i++) {
    a[i] += 1;
    if (a[i] != 0) return;
  }
  a.push(1);
}

export function mulSmall(a: Array<u32>, m: u32, add: u32): void {
  let carry: u64 = add;
  for (let i = 0; i < a.length; i++) {
    const t = <u64>unchecked(a[i]) * <u64>m + carry;
    unchecked((a[i] = <u32>t));
    carry = t >> 32;
  }
  if (carry != 0) a.push(<u32>carry);
}

export function mulPow5(a: Array<u32>, n: i32): void {
  while (n >= 13) {
    mulSmall(a, 1220703125, 0); // 5^13
    n -= 13;
  }
  if (n > 0) {
    let p: u32 = 1;
    for (let i = 0; i < n; i++) p *= 5;
    mulSmall(a, p, 0);
  }
}

export function shl(a: Array<u32>, n: i32): Array<u32> {
  const words = n >> 5;
  const bits = n & 31;
  const out = new Array<u32>(words);
  for (let i = 0; i < words; i++) out[i] = 0;
  let carry: u32 = 0;
  for (let i = 0; i < a.length; i++) {
    const v = unchecked(a[i]);
    out.push(bits == 0 ? v : (v << bits) | carry);
    carry = bits == 0 ? 0 : v >> (32 - bits);
  }
  if (carry != 0) out.push(carry);
  return out;
}

export function cmpNat(a: Array<u32>, b: Array<u32>): i32 {
  let la = a.length;
  let lb = b.length;
  while (la > 0 && a[la - 1] == 0) la--;
  while (lb > 0 && b[lb - 1] == 0) lb--;
  if (la != lb) return la < lb ? -1 : 1;
  for (let i = la - 1; i >= 0; i--) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

export function natOf(x: u64): Array<u32> {
  const a = new Array<u32>();
  a.push(<u32>x);
  a.push(<u32>(x >> 32));
  return a;
}

/** Compares digits·10^e10 with m·2^e2 exactly. */

function divSmall(a: Array<u32>, d: u32): u32 {
  let rem: u64 = 0;
  for (let i = a.length - 1; i >= 0; i--) {
    const cur = (rem << 32) | <u64>unchecked(a[i]);
    unchecked((a[i] = <u32>(cur / <u64>d)));
    rem = cur % <u64>d;
  }
  while (a.length > 0 && a[a.length - 1] == 0) a.pop();
  return <u32>rem;
}

export function natText(a: Array<u32>): string {
  if (a.length == 0) return '0';
  let out = '';
  while (a.length > 0) {
    const part = divSmall(a, 1000000000).toString();
    out = (a.length > 0 ? '000000000'.substring(part.length) : '') + part + out;
  }
  return out;
}
