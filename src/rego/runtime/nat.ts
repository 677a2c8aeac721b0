// AssemblyScript: little-endian base-2^32 natural numbers (no high zero words), beyond the few
// strtod.ts has: bits.* on integers of any size (bigbits.ts) and Go's big.Float reading of an
// integer text (quotient.ts) work on binary, which the decimal limbs of bigint.ts do not give.
import { mulSmall } from './strtod';

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
