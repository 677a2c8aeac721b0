// AssemblyScript: bits.* on integers of any size, as OPA computes them on Go's big.Int: And, Or,
// Xor and Not act on the two's complement of infinite width (a negative number has infinitely many
// leading ones), Lsh multiplies by 2^n and Rsh floors (-5 >> 1 is -3). Operands and results are
// decimal texts; the bits are worked on in base 2^32.
import { shl, natText, natOfDigits, natTrim, natZeros, natBitLen } from './nat';

/** The largest result Lsh builds in-module, in bits (about 4000 digits, the limit of numbers.ts). */
const MAX_BITS = 13300;

/** x as n words of two's complement; n exceeds its magnitude's words, so the top word is all sign. */
function twos(neg: bool, m: Array<u32>, n: i32): Array<u32> {
  const out = natZeros(n);
  let carry: u64 = 1;
  for (let i = 0; i < n; i++) {
    const w: u32 = i < m.length ? m[i] : 0;
    if (!neg) out[i] = w;
    else {
      const t = <u64>~w + carry;
      out[i] = <u32>t;
      carry = t >> 32;
    }
  }
  return out;
}

/** Two's complement words back to a decimal text: the top bit is the sign. */
function fromTwos(w: Array<u32>): string {
  const neg = (w[w.length - 1] >> 31) != 0;
  return textOf(neg, natTrim(neg ? twos(true, w, w.length) : w));
}

function textOf(neg: bool, m: Array<u32>): string {
  if (m.length == 0) return '0';
  return (neg ? '-' : '') + natText(m);
}

/** Arithmetic shift right by s bits (s at most the words' width): the sign fills in from the top. */
function sar(w: Array<u32>, s: i32): Array<u32> {
  const n = w.length;
  const fill: u32 = (w[n - 1] >> 31) != 0 ? 0xffffffff : 0;
  const ws = s >> 5;
  const bs = <u32>(s & 31);
  const out = natZeros(n);
  for (let i = 0; i < n; i++) {
    const lo = i + ws < n ? w[i + ws] : fill;
    const hi = i + ws + 1 < n ? w[i + ws + 1] : fill;
    out[i] = bs == 0 ? lo : (lo >> bs) | (hi << (32 - bs));
  }
  return out;
}

function magOf(t: string): Array<u32> {
  return natOfDigits(t.charCodeAt(0) == 0x2d ? t.substring(1) : t);
}

/**
 * bits.and/or/xor/negate/lsh/rsh on integer texts (plain digits, `-` allowed; a shift count not
 * negative): the result's text, or null when Lsh would build more than MAX_BITS bits (the host's).
 */
export function bigBits(name: string, xt: string, yt: string): string | null {
  const xm = magOf(xt);
  const xneg = xt.charCodeAt(0) == 0x2d && xm.length > 0;
  if (name == 'bits.lsh' || name == 'bits.rsh') {
    // Go reads the count as uint(b.Uint64()): its low 64 bits, so 2^64 + 1 shifts by one
    const ym = magOf(yt);
    const s: u64 = (ym.length > 0 ? <u64>ym[0] : 0) | (ym.length > 1 ? <u64>ym[1] << 32 : 0);
    if (name == 'bits.lsh') {
      if (xm.length == 0) return '0';
      if (s > <u64>max(MAX_BITS - natBitLen(xm), 0)) return null;
      return textOf(xneg, natTrim(shl(xm, <i32>s)));
    }
    const w = twos(xneg, xm, xm.length + 1);
    return fromTwos(sar(w, s >= <u64>(w.length * 32) ? w.length * 32 : <i32>s));
  }
  const ym = magOf(yt);
  const n = max(xm.length, ym.length) + 1;
  const p = twos(xneg, xm, n);
  const q = twos(yt.charCodeAt(0) == 0x2d && ym.length > 0, ym, n);
  const op = name == 'bits.and' ? 0 : name == 'bits.or' ? 1 : name == 'bits.xor' ? 2 : 3;
  for (let i = 0; i < n; i++) p[i] = op == 0 ? p[i] & q[i] : op == 1 ? p[i] | q[i] : op == 2 ? p[i] ^ q[i] : ~p[i];
  return fromTwos(p);
}
