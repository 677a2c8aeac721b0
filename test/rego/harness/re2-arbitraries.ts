// fast-check arbitraries for Go regular expressions and subjects (test/rego/re2*.test.ts): small
// patterns over flags, groups, lazy and counted repeats, classes, Perl/POSIX/Unicode classes,
// assertions and case folding, and strings over characters those patterns single out (Kelvin sign,
// long s, final sigma, astral characters, newlines).
import fc from 'fast-check';

const ATOMS = ['a', 'b', 'k', 'S', 'σ', 'é', '😀', '.', '\\.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '[ab]', '[^a]', '[a-k]', '[^\\n]', '[[:alpha:]]', '[[:^digit:]]', '\\pL', '\\PL', '\\p{Greek}', '\\p{Lu}', '[\\p{Ll}\\d]', '\\x{1F600}', '\\x61', '\\Q.*\\E', '\\b', '\\B', '^', '$', '\\A', '\\z', '\\n', ''];
const REPEATS = ['*', '+', '?', '*?', '+?', '??', '{2}', '{1,2}', '{0,}', '{2,}?', '{0,1}'];
const FLAGS = ['(?i)', '(?m)', '(?s)', '(?U)', '(?-i)', '(?im)', '(?i-s)'];

export const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
  re: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => x + y),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => `${x}|${y}`),
    fc.tuple(fc.constantFrom('(', '(?:', '(?P<n>', '(?<n>', '(?i:', '(?s:', '(?U:'), tie('re')).map(([open, x]) => `${open}${x})`),
    fc.tuple(fc.constantFrom('(', '(?:'), tie('re'), fc.constantFrom(...REPEATS)).map(([open, x, r]) => `${open}${x})${r}`),
    fc.tuple(fc.constantFrom(...ATOMS.slice(0, 30)), fc.constantFrom(...REPEATS)).map(([x, r]) => x + r),
    fc.tuple(fc.constantFrom(...FLAGS), tie('re')).map(([f, x]) => f + x),
  ),
})).re;

/** Mostly valid patterns, some broken on purpose (a cut, a stray bracket): both must agree on validity. */
export const maybeBroken = fc.tuple(pattern, fc.nat(9), fc.constantFrom(')', '(', '[', '*', '\\', '{3,1}', '(?P<1')).map(([p, k, junk]) => (k === 0 ? p + junk : p));

export const text = fc.array(fc.constantFrom('a', 'b', 'k', 'K', '\u212a', 's', 'S', 'ſ', 'σ', 'ς', 'Σ', 'é', 'É', '1', '_', ' ', '\n', '\r', '.', '😀', 'x', '*'), { maxLength: 10 }).map((cs) => cs.join(''));

/** opa eval of the policy over all pairs in one process. */
