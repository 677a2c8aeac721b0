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
  if (!m || !/[1-9]/.test((m[1] ?? '') + (m[2] ?? ''))) return undefined;
  const exp = Number(m[3] ?? '0');
  // Go's scan of the exponent stops at 2^31 - 1 (opa 1.22.2: 1e2147483646 is too big, 1e2147483647 invalid)
  if (exp >= 2 ** 31 - 1) return 'unexpected number token: invalid float';
  // a value below big.Float's smallest exponent (2^-2^31) reads as zero, which opa lets through
  const digitsBefore = (m[1] ?? '').replace(/^0+/, '').length || -((m[2] ?? '').match(/^0*/)![0].length);
  if ((digitsBefore - 1 + exp) * Math.log2(10) < -(2 ** 31)) return undefined;
  return numberTooBig(text) ? 'number too big' : undefined;
}

/** Whether opa rejects the number literal `text` as too big (or too small). */
export function numberTooBig(text: string): boolean {
  const m = /^[-+]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$/.exec(text);
  if (!m) return false;
  const digits = ((m[1] ?? '') + (m[2] ?? '')).replace(/^0+/, '');
  if (digits === '' || /^0*$/.test(digits)) return false;
  const expText = m[3] ?? '0';
  // an exponent of more than 15 digits puts any non-zero value far outside the bounds
  if (expText.replace(/^[-+]?0*/, '').length > 15) return true;
  const k = Number(expText) - (m[2] ?? '').length; // value = digits x 10^k
  const n = digits.length;
  if (n - 1 + k >= Math.ceil(UPPER_LOG10) || n + k <= Math.floor(LOWER_LOG10)) return true;
  if (n + k <= Math.floor(UPPER_LOG10) && n - 1 + k >= Math.ceil(LOWER_LOG10)) return false;
  const big = BigInt(digits);
  if (n - 1 + k >= 0) return k >= 0 ? big * 10n ** BigInt(k) >= 2n ** 100000n : big >= 2n ** 100000n * 10n ** BigInt(-k);
  return big * 2n ** 100001n < 10n ** BigInt(-k);
}
