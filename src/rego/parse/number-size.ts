// opa's parser refuses a number literal whose binary exponent (Go's big.Float MantExp: value =
// mantissa x 2^exp, 0.5 <= mantissa < 1) lies outside -100000..100000 with "number too big", so
// that printing it cannot take unbounded time. The same bounds, decided exactly: a value is too big
// when it is at least 2^100000 and too small when it is not zero and below 2^-100001.

const UPPER_LOG10 = 100000 * Math.log10(2); // 30102.99...
const LOWER_LOG10 = -100001 * Math.log10(2); // -30103.30...

/**
 * opa's parse error for the number literal `text` (digits, optional fraction and exponent, optional
 * sign), or undefined: an exponent beyond what big.Float reads is an invalid float, a value outside
 * the bounds above is too big.
 */
export function numberLiteralError(text: string): string | undefined {
  const m = /^[-+]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const digits = ((m[1] ?? '') + frac).replace(/^0+/, '');
  if (digits === '') return undefined; // zero
  const expText = m[3] ?? '0';
  // Go's scan of the exponent stops at 2^31 - 1 (opa 1.22.2: 1e2147483646 is too big, 1e2147483647 invalid)
  if (Number(expText) >= 2 ** 31 - 1) return 'unexpected number token: invalid float';
  const k = Number(expText) - frac.length; // value = digits x 10^k, its leading digit at 10^(n - 1 + k)
  const lead = digits.length - 1 + k;
  // a value below big.Float's smallest exponent (2^-2^31) reads as zero, which opa lets through
  if (lead * Math.log2(10) < -(2 ** 31)) return undefined;
  return tooBig(digits, k) ? 'number too big' : undefined;
}

/** Whether digits x 10^k (digits without leading zeros) lies outside opa's bounds. */
function tooBig(digits: string, k: number): boolean {
  const n = digits.length;
  if (n - 1 + k >= Math.ceil(UPPER_LOG10) || n + k <= Math.floor(LOWER_LOG10)) return true;
  if (n + k <= Math.floor(UPPER_LOG10) && n - 1 + k >= Math.ceil(LOWER_LOG10)) return false;
  const big = BigInt(digits);
  if (n - 1 + k >= 0) return k >= 0 ? big * 10n ** BigInt(k) >= 2n ** 100000n : big >= 2n ** 100000n * 10n ** BigInt(-k);
  return big * 2n ** 100001n < 10n ** BigInt(-k);
}
