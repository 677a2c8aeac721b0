// AssemblyScript: crypto.md5, crypto.sha1, crypto.sha256 and crypto.hmac.* (md5, sha1, sha256,
// sha512, equal) inside the module, over the UTF-8 bytes of their string arguments, with lowercase
// hex output as opa gives it. (OPA's own Wasm leaves these to its host; Warden needs none.)
import { Value, T_STR, asStr, mkBool, mkStr, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';
import { utf8Bytes } from './encoding';

/** Appends the Merkle-Damgard padding: 0x80, zeros, the bit length (big- or little-endian). */
function padded(msg: Array<u8>, block: i32, lenBytes: i32, bigEndian: bool): Array<u8> {
  const out = msg.slice(0);
  const bits: u64 = <u64>msg.length * 8;
  out.push(0x80);
  while ((out.length + lenBytes) % block != 0) out.push(0);
  for (let i = 0; i < lenBytes; i++) {
    const shift = bigEndian ? (lenBytes - 1 - i) * 8 : i * 8;
    out.push(shift >= 64 ? 0 : <u8>((bits >> <u64>shift) & 0xff));
  }
  return out;
}

function rotl(x: u32, n: u32): u32 {
  return (x << n) | (x >>> (32 - n));
}

function rotr(x: u32, n: u32): u32 {
  return (x >>> n) | (x << (32 - n));
}

function rotr64(x: u64, n: u64): u64 {
  return (x >>> n) | (x << (64 - n));
}

function be32(b: Array<u8>, i: i32): u32 {
  return (<u32>b[i] << 24) | (<u32>b[i + 1] << 16) | (<u32>b[i + 2] << 8) | <u32>b[i + 3];
}

function putBe32(out: Array<u8>, x: u32): void {
  out.push(<u8>(x >>> 24));
  out.push(<u8>(x >>> 16));
  out.push(<u8>(x >>> 8));
  out.push(<u8>x);
}

const MD5_S: StaticArray<u32> = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];

function md5(msg: Array<u8>): Array<u8> {
  const k = new StaticArray<u32>(64);
  for (let i = 0; i < 64; i++) k[i] = <u32>(<u64>Math.floor(Math.abs(Math.sin(<f64>(i + 1))) * 4294967296.0));
  const m = padded(msg, 64, 8, false);
  let a0: u32 = 0x67452301, b0: u32 = 0xefcdab89, c0: u32 = 0x98badcfe, d0: u32 = 0x10325476;
  const w = new StaticArray<u32>(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = <u32>m[j] | (<u32>m[j + 1] << 8) | (<u32>m[j + 2] << 16) | (<u32>m[j + 3] << 24);
    }
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f: u32;
      let g: i32;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const t = d;
      d = c;
      c = b;
      b = b + rotl(a + f + k[i] + w[g], MD5_S[i]);
      a = t;
    }
    a0 += a;
    b0 += b;
    c0 += c;
    d0 += d;
  }
  const out = new Array<u8>();
  const words: StaticArray<u32> = [a0, b0, c0, d0];
  for (let i = 0; i < 4; i++) for (let s = 0; s < 32; s += 8) out.push(<u8>(words[i] >>> s));
  return out;
}

function sha1(msg: Array<u8>): Array<u8> {
  const m = padded(msg, 64, 8, true);
  const h: StaticArray<u32> = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new StaticArray<u32>(80);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = be32(m, off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (let i = 0; i < 80; i++) {
      let f: u32, k: u32;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = rotl(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  const out = new Array<u8>();
  for (let i = 0; i < 5; i++) putBe32(out, h[i]);
  return out;
}

const K256: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

function sha256(msg: Array<u8>): Array<u8> {
  const m = padded(msg, 64, 8, true);
  const h: StaticArray<u32> = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w = new StaticArray<u32>(64);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = be32(m, off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const out = new Array<u8>();
  for (let i = 0; i < 8; i++) putBe32(out, h[i]);
  return out;
}

const K512: StaticArray<u64> = [
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65, 0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec, 0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

function sha512(msg: Array<u8>): Array<u8> {
  const m = padded(msg, 128, 16, true);
  const h: StaticArray<u64> = [0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179];
  const w = new StaticArray<u64>(80);
  for (let off = 0; off < m.length; off += 128) {
    for (let i = 0; i < 16; i++) w[i] = (<u64>be32(m, off + i * 8) << 32) | <u64>be32(m, off + i * 8 + 4);
    for (let i = 16; i < 80; i++) {
      const s0 = rotr64(w[i - 15], 1) ^ rotr64(w[i - 15], 8) ^ (w[i - 15] >>> 7);
      const s1 = rotr64(w[i - 2], 19) ^ rotr64(w[i - 2], 61) ^ (w[i - 2] >>> 6);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let i = 0; i < 80; i++) {
      const t1 = hh + (rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41)) + ((e & f) ^ (~e & g)) + K512[i] + w[i];
      const t2 = (rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const out = new Array<u8>();
  for (let i = 0; i < 8; i++) {
    putBe32(out, <u32>(h[i] >>> 32));
    putBe32(out, <u32>h[i]);
  }
  return out;
}

function digest(alg: string, msg: Array<u8>): Array<u8> {
  if (alg == 'md5') return md5(msg);
  if (alg == 'sha1') return sha1(msg);
  if (alg == 'sha256') return sha256(msg);
  return sha512(msg);
}

function hmac(alg: string, key0: Array<u8>, msg: Array<u8>): Array<u8> {
  const block = alg == 'sha512' ? 128 : 64;
  let key = key0.length > block ? digest(alg, key0) : key0;
  const inner = new Array<u8>();
  const outer = new Array<u8>();
  for (let i = 0; i < block; i++) {
    const k: u8 = i < key.length ? key[i] : 0;
    inner.push(k ^ 0x36);
    outer.push(k ^ 0x5c);
  }
  for (let i = 0; i < msg.length; i++) inner.push(msg[i]);
  const ih = digest(alg, inner);
  for (let i = 0; i < ih.length; i++) outer.push(ih[i]);
  return digest(alg, outer);
}

function hex(b: Array<u8>): string {
  const digits = '0123456789abcdef';
  let out = '';
  for (let i = 0; i < b.length; i++) out += digits.charAt(<i32>(b[i] >> 4)) + digits.charAt(<i32>(b[i] & 15));
  return out;
}

function typeFail(name: string, n: i32, v: Value): Value | null {
  return builtinTypeError(name, 'operand ' + n.toString() + ' must be string but got ' + typeName(v));
}

/** crypto.md5 / sha1 / sha256 (one argument) and crypto.hmac.* (message, key). */
export function cryptoBuiltin(name: string, a: Array<Value>): Value | null {
  for (let i = 0; i < a.length; i++) if (a[i].t != T_STR) return typeFail(name, i + 1, a[i]);
  if (name == 'crypto.hmac.equal') return mkBool(asStr(a[0]).s == asStr(a[1]).s);
  const alg = name.substring(name.lastIndexOf('.') + 1);
  const msg = utf8Bytes(asStr(a[0]).s);
  if (a.length == 1) return mkStr(hex(digest(alg, msg)));
  return mkStr(hex(hmac(alg, utf8Bytes(asStr(a[1]).s), msg)));
}
