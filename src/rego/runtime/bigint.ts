// AssemblyScript: integers of any size for plus, minus, mul, sum and product, as OPA's big.Int
// computes them, so integers beyond 10^18 need no host. Sign and magnitude, the magnitude in
// base-10^9 limbs (little-endian), read from and written as decimal text.

const BASE: u64 = 1000000000;

export class BigInt10 {
  neg: bool = false;
  limbs: Array<u32> = new Array<u32>();
}

/** An integer text (`-123`, leading zeros allowed) as a BigInt10. */
export function bigOfText(t: string): BigInt10 {
  const b = new BigInt10();
  let start = 0;
  if (t.charCodeAt(0) == 0x2d || t.charCodeAt(0) == 0x2b) {
    b.neg = t.charCodeAt(0) == 0x2d;
    start = 1;
  }
  for (let end = t.length; end > start; end -= 9) {
    const from = max(start, end - 9);
    let v: u32 = 0;
    for (let i = from; i < end; i++) v = v * 10 + <u32>(t.charCodeAt(i) - 0x30);
    b.limbs.push(v);
  }
  trim(b);
  return b;
}

function trim(b: BigInt10): void {
  while (b.limbs.length > 0 && b.limbs[b.limbs.length - 1] == 0) b.limbs.pop();
  if (b.limbs.length == 0) b.neg = false; // big.Int has no -0
}

export function bigText(b: BigInt10): string {
  const n = b.limbs.length;
  if (n == 0) return '0';
  let s = b.neg ? '-' : '';
  s += b.limbs[n - 1].toString();
  for (let i = n - 2; i >= 0; i--) {
    const part = b.limbs[i].toString();
    s += '000000000'.substring(part.length) + part;
  }
  return s;
}

function cmpMag(a: Array<u32>, b: Array<u32>): i32 {
  if (a.length != b.length) return a.length < b.length ? -1 : 1;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

function addMag(a: Array<u32>, b: Array<u32>): Array<u32> {
  const out = new Array<u32>();
  let carry: u64 = 0;
  const n = max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const s = (i < a.length ? <u64>a[i] : 0) + (i < b.length ? <u64>b[i] : 0) + carry;
    out.push(<u32>(s % BASE));
    carry = s / BASE;
  }
  if (carry > 0) out.push(<u32>carry);
  return out;
}

/** a - b for |a| >= |b|. */
function subMag(a: Array<u32>, b: Array<u32>): Array<u32> {
  const out = new Array<u32>();
  let borrow: i64 = 0;
  for (let i = 0; i < a.length; i++) {
    let d = <i64>a[i] - (i < b.length ? <i64>b[i] : 0) - borrow;
    borrow = 0;
    if (d < 0) {
      d += <i64>BASE;
      borrow = 1;
    }
    out.push(<u32>d);
  }
  return out;
}

/** Signed comparison: -1, 0 or 1. */
export function bigCmp(x: BigInt10, y: BigInt10): i32 {
  if (x.neg != y.neg) return x.neg ? -1 : 1;
  const c = cmpMag(x.limbs, y.limbs);
  return x.neg ? -c : c;
}

export function bigAdd(x: BigInt10, y: BigInt10, negateY: bool): BigInt10 {
  const yneg = negateY ? !y.neg : y.neg;
  const r = new BigInt10();
  if (x.neg == yneg) {
    r.neg = x.neg;
    r.limbs = addMag(x.limbs, y.limbs);
  } else if (cmpMag(x.limbs, y.limbs) >= 0) {
    r.neg = x.neg;
    r.limbs = subMag(x.limbs, y.limbs);
  } else {
    r.neg = yneg;
    r.limbs = subMag(y.limbs, x.limbs);
  }
  trim(r);
  return r;
}

export function bigMul(x: BigInt10, y: BigInt10): BigInt10 {
  const r = new BigInt10();
  const n = x.limbs.length + y.limbs.length;
  const acc = new Array<u64>(n);
  for (let i = 0; i < n; i++) acc[i] = 0;
  for (let i = 0; i < x.limbs.length; i++) {
    let carry: u64 = 0;
    const xi = <u64>x.limbs[i];
    for (let j = 0; j < y.limbs.length; j++) {
      const t = acc[i + j] + xi * <u64>y.limbs[j] + carry;
      acc[i + j] = t % BASE;
      carry = t / BASE;
    }
    let k = i + y.limbs.length;
    while (carry > 0) {
      const t = acc[k] + carry;
      acc[k] = t % BASE;
      carry = t / BASE;
      k++;
    }
  }
  for (let i = 0; i < n; i++) r.limbs.push(<u32>acc[i]);
  r.neg = x.neg != y.neg;
  trim(r);
  return r;
}

/** Decimal digits of the magnitude (for the size limit). */
export function bigDigits(b: BigInt10): i32 {
  return b.limbs.length * 9;
}

/** Go's big.Int Rem: truncated, the sign of the dividend; y is nonzero. Decimal long division. */
export function bigRem(x: BigInt10, y: BigInt10, xText: string): BigInt10 {
  let r = new Array<u32>();
  const start = xText.charCodeAt(0) == 0x2d || xText.charCodeAt(0) == 0x2b ? 1 : 0;
  for (let i = start; i < xText.length; i++) {
    // r = r * 10 + digit, then subtract y while it fits (at most nine times)
    let carry: u64 = <u64>(xText.charCodeAt(i) - 0x30);
    for (let j = 0; j < r.length; j++) {
      const t = <u64>r[j] * 10 + carry;
      r[j] = <u32>(t % BASE);
      carry = t / BASE;
    }
    if (carry > 0) r.push(<u32>carry);
    while (r.length > 0 && r[r.length - 1] == 0) r.pop();
    while (cmpMag(r, y.limbs) >= 0) {
      r = subMag(r, y.limbs);
      while (r.length > 0 && r[r.length - 1] == 0) r.pop();
    }
  }
  const out = new BigInt10();
  out.limbs = r;
  out.neg = x.neg;
  trim(out);
  return out;
}
