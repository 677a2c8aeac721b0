// semver.is_valid / semver.compare as opa's internal semver package parses and orders versions
// (SemVer 2.0.0, an optional leading "v", int64 major/minor/patch, no leading zeros).
import { builtinError, typeOf } from './values.js';

interface Version {
  nums: [bigint, bigint, bigint];
  pre: string;
}

const IDENT = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64_MAX = (1n << 63n) - 1n;
const allDigits = (s: string): boolean => /^[0-9]+$/.test(s);

function parseNumeric(s: string): bigint | undefined {
  if (!allDigits(s) || (s.length > 1 && s[0] === '0')) return undefined;
  const n = BigInt(s);
  return n > INT64_MAX ? undefined : n;
}

export function parseSemver(text: string): Version | undefined {
  let v = text.startsWith('v') ? text.slice(1) : text;
  const plus = v.indexOf('+');
  if (plus >= 0) {
    if (!IDENT.test(v.slice(plus + 1))) return undefined;
    v = v.slice(0, plus);
  }
  let pre = '';
  const dash = v.indexOf('-');
  if (dash >= 0) {
    pre = v.slice(dash + 1);
    if (!IDENT.test(pre) || pre.split('.').some((id) => id.length > 1 && id[0] === '0' && allDigits(id))) return undefined;
    v = v.slice(0, dash);
  }
  const parts = v.split('.');
  if (parts.length !== 3) return undefined;
  const nums = parts.map(parseNumeric);
  if (nums.some((n) => n === undefined)) return undefined;
  return { nums: nums as [bigint, bigint, bigint], pre };
}

const cmp = <T>(a: T, b: T): number => (a > b ? 1 : a < b ? -1 : 0);

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const xs = a.split('.');
  const ys = b.split('.');
  for (let i = 0; ; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : -1) : 1;
    const xi = allDigits(x);
    const yi = allDigits(y);
    if (xi !== yi) return xi ? -1 : 1;
    const c = xi ? cmp(BigInt(x), BigInt(y)) : cmp(x, y);
    if (c) return c;
  }
}

export function compareSemver(a: unknown, b: unknown): number {
  if (typeof a !== 'string') return builtinError('semver.compare', `operand 1 must be string but got ${typeOf(a)}`);
  if (typeof b !== 'string') return builtinError('semver.compare', `operand 2 must be string but got ${typeOf(b)}`);
  const x = parseSemver(a);
  if (!x) return builtinError('semver.compare', `operand 1: string ${a} is not a valid SemVer`);
  const y = parseSemver(b);
  if (!y) return builtinError('semver.compare', `operand 2: string ${b} is not a valid SemVer`);
  for (let i = 0; i < 3; i++) {
    const c = cmp(x.nums[i]!, y.nums[i]!);
    if (c) return c;
  }
  return comparePre(x.pre, y.pre);
}

export const semverBuiltins: Record<string, (...args: any[]) => unknown> = {
  'semver.is_valid': (v: unknown) => typeof v === 'string' && parseSemver(v) !== undefined,
  'semver.compare': compareSemver,
};
