// Warden's RE2 engine (src/rego/re2): Go's regexp syntax, leftmost-first submatches, Unicode,
// Go's error messages, and linear time on patterns that make a backtracking engine explode.
// Expected values were checked against Go's regexp (go1.26, the Go opa v1.22.2 is built with).
import test from 'ava';
import { compileRegexp, isValidRegexp, Regexp, RegexpSyntaxError } from '../../src/rego/re2/index.js';
import { regexBuiltins } from '../../src/rego/builtins/regex.js';
import { globMatch } from '../../src/rego/builtins/glob.js';
import fc from 'fast-check';
import { maybeBroken, text } from './harness/re2-arbitraries.js';

/** pattern, input, Go's FindAllStringSubmatch(input, -1). */
const SUBMATCHES: Array<[string, string, string[][]]> = [
  ["(a|ab)(c|bcd)(d*)", "abcd", [["abcd","a","bcd",""]]],
  ["(a+)(b+)?", "aaac", [["aaa","aaa",""]]],
  ["(?P<key>\\w+)=(?<val>[^;]*)", "a=1;bb=;c=x y", [["a=1","a","1"],["bb=","bb",""],["c=x y","c","x y"]]],
  ["(a*)*", "b", [["",""],["",""]]],
  ["(a*)+", "b", [["",""],["",""]]],
  ["(a|)*", "aa", [["aa","a"]]],
  ["x*?", "xx", [[""],[""],[""]]],
  ["(?U)x+", "xxx", [["x"],["x"],["x"]]],
  ["(?U)x+?", "xxx", [["xxx"]]],
  ["a{2,3}", "aaaaaaa", [["aaa"],["aaa"]]],
  ["a{2,}?", "aaaa", [["aa"],["aa"]]],
  ["(?i)k", "kKK", [["k"],["K"],["K"]]],
  ["(?i)s+", "sSſ", [["sSſ"]]],
  ["(?i)σ", "ΣσςΣ", [["Σ"],["σ"],["ς"],["Σ"]]],
  ["(?i)[k-l]", "KKL", [["K"],["K"],["L"]]],
  ["(?i)\\W", "kKſ!", [["!"]]],
  ["a(?i)b|c", "aB C", [["aB"],["C"]]],
  ["(?i:A)b", "ab AB aB", [["ab"]]],
  ["(?m)^\\w+$", "one\ntwo\n", [["one"],["two"]]],
  ["^\\w+$", "one\ntwo", []],
  ["(?s).+", "a\nb", [["a\nb"]]],
  [".+", "a\nb", [["a"],["b"]]],
  ["\\bgo\\b", "go gopher ago go", [["go"],["go"]]],
  ["\\Bo\\B", "foo bar", [["o"]]],
  ["\\A\\d|\\d\\z", "1 2 3", [["1"],["3"]]],
  ["\\pL+", "héllo wörld 123", [["héllo"],["wörld"]]],
  ["\\p{Greek}+", "alpha αβγ beta", [["αβγ"]]],
  ["\\PL+", "ab12cd", [["12"]]],
  ["\\p{^L}", "a1", [["1"]]],
  ["[\\p{Lu}\\d]+", "abCD12ef", [["CD12"]]],
  ["[[:alpha:]]+", "ab1cd", [["ab"],["cd"]]],
  ["[[:^space:]]+", "a b\tc", [["a"],["b"],["c"]]],
  ["\\Q.*+\\E+", ".*++", [[".*++"]]],
  ["\\x{1F600}|\\x41|\\101|\\0", "😀A\u0000", [["😀"],["A"],["\u0000"]]],
  [".", "😀", [["😀"]]],
  ["[^a]", "a😀", [["😀"]]],
  ["", "abc", [[""],[""],[""],[""]]],
  ["a*", "baaac", [[""],["aaa"],[""]]],
  ["\\s+", "a \t\n\u000bb", [[" \t\n"]]],
  ["x{", "x{", [["x{"]]],
  ["x{1,2", "x{1,2", [["x{1,2"]]],
];

for (const [pattern, input, want] of SUBMATCHES) {
  test(`submatches of ${JSON.stringify(pattern)} in ${JSON.stringify(input)}`, (t) => {
    const re = compileRegexp(pattern);
    t.deepEqual(re.findAllStringSubmatch(input, -1), want);
    t.is(re.matchString(input), want.length > 0);
  });
}

/** pattern, Go's regexp.Compile error. */
const ERRORS: Array<[string, string]> = [
  ['(a', 'missing closing ): `(a`'],
  ['a)', 'unexpected ): `a)`'],
  ['[a', 'missing closing ]: `[a`'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['a**', 'invalid nested repetition operator: `**`'],
  ['x{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
  ['*a', 'missing argument to repetition operator: `*`'],
  ['a|+?', 'missing argument to repetition operator: `+?`'],
  ['a{1001}', 'invalid repeat count: `{1001}`'],
  ['(a{2}){501}', 'invalid repeat count: `{501}`'],
  ['a{3,2}', 'invalid repeat count: `{3,2}`'],
  ['\\8', 'invalid escape sequence: `\\8`'],
  ['\\1', 'invalid escape sequence: `\\1`'],
  ['\\xZZ', 'invalid escape sequence: `\\xZZ`'],
  ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
  ['\\C', 'invalid escape sequence: `\\C`'],
  ['\\q', 'invalid escape sequence: `\\q`'],
  ['ab\\', 'trailing backslash at end of expression: ``'],
  ['(?P<>a)', 'invalid named capture: `(?P<>`'],
  ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
  ['(?<name', 'invalid named capture: `(?<name`'],
  ['(?P=n)', 'invalid or unsupported Perl syntax: `(?P`'],
  ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
  ['(?-)', 'invalid or unsupported Perl syntax: `(?-)`'],
  ['(?i-m-s)', 'invalid or unsupported Perl syntax: `(?i-m-`'],
  ['\\p{Latn}', 'invalid character class range: `\\p{Latn}`'],
  ['\\p{Old_Italic}', 'invalid character class range: `\\p{Old_Italic}`'],
  ['\\pX', 'invalid character class range: `\\pX`'],
  ['[[:word1:]]', 'invalid character class range: `[:word1:]`'],
  ['x{1000}{2}', 'invalid nested repetition operator: `{1000}{2}`'],
  ['((((((((((a{10}){10}){10}){2}))))))))', 'invalid repeat count: `{2}`'],
  [`${'('.repeat(1001)}${')'.repeat(1001)}`, `expression nests too deeply: \`${'('.repeat(1001)}${')'.repeat(1001)}\``],
];

for (const [pattern, message] of ERRORS) {
  test(`Go rejects ${JSON.stringify(pattern.slice(0, 40))} with its message`, (t) => {
    const e = t.throws(() => new Regexp(pattern), { instanceOf: RegexpSyntaxError });
    t.is(e!.message, `error parsing regexp: ${message}`);
    t.false(isValidRegexp(pattern));
  });
}

test('patterns Go accepts that a JavaScript RegExp reads differently or rejects', (t) => {
  for (const p of ['a(?i)*', '(?i)(?-i)', 'x{', 'x{01}', '{', 'a{,2}', '(?P<n>a)(?P<n>b)', '\\Q', '[]a]', '[^]a]', '\\z*', '(?U)(?-U:a+)', '(?:(?:a*)*)*', '\\p{  L}', '\\p{greek}', '\\p{letter}', '\\pN']) {
    t.true(isValidRegexp(p), p);
  }
  t.deepEqual(compileRegexp('a(?i)*').findAllString('aaab', -1), ['aaa', '']);
  t.deepEqual(compileRegexp('[]a]+').findAllString('x]a]', -1), [']a]']);
  t.deepEqual(compileRegexp('x{01}').findAllString('x{01}', -1), ['x{01}']);
});

test('deep group nesting within Go\'s limits parses without recursion trouble', (t) => {
  const deep = `${'(?:'.repeat(20000)}a${')'.repeat(20000)}`;
  t.true(compileRegexp(deep).matchString('a'));
  t.true(compileRegexp(`${'('.repeat(999)}a${')'.repeat(999)}`).matchString('a'));
  const many = Array.from({ length: 5000 }, (_, i) => `w${i}`).join('|');
  // leftmost-first: the first alternative that matches wins, not the longest
  t.deepEqual(compileRegexp(many).findAllString('w4999 w12', -1), ['w4', 'w1']);
  t.true(compileRegexp(`^(?:${many})$`).matchString('w4999'));
});

/** Matcher work for one search of a fresh regexp over input. */
function stepsFor(pattern: string, input: string): number {
  const re = new Regexp(pattern);
  const before = re.steps;
  re.matchString(input);
  re.findAllStringSubmatch(input, 1);
  return re.steps - before;
}

const CATASTROPHIC: Array<[string, (n: number) => string]> = [
  ['(a+)+$', (n) => `${'a'.repeat(n)}b`],
  ['(a|a)*b', (n) => 'a'.repeat(n)],
  ['(a*)*b', (n) => 'a'.repeat(n)],
  ['(x+x+)+y', (n) => 'x'.repeat(n)],
  ['^(\\w+\\s?)*$', (n) => `${'word '.repeat(n / 5)}!`],
  ['(.*a){12}', (n) => 'a'.repeat(n / 2) + 'b'.repeat(n / 2)],
];

for (const [pattern, input] of CATASTROPHIC) {
  test(`${pattern} runs in linear time (steps grow with the input, not exponentially)`, (t) => {
    const small = stepsFor(pattern, input(2000));
    const large = stepsFor(pattern, input(8000));
    const insts = new Regexp(pattern).prog.code.length / 3;
    // 4x the input: about 4x the work, and never more than a few passes over program x input
    t.true(large < small * 5, `${small} -> ${large}`);
    t.true(large <= 4 * 8001 * insts, `${large} steps for ${insts} instructions`);
  });
}

test('regex.match on the fuzzer\'s hostile input answers, with bounded work', (t) => {
  const hostile = `${'a'.repeat(50000)}b`;
  t.false(regexBuiltins['regex.match']!('(a+)+$', hostile));
  t.deepEqual(regexBuiltins['regex.find_n']!('(a|aa)+c', hostile, -1), []);
  t.false(globMatch('*a*a*a*a*a*a*a*a*c', null, hostile));
});

test('the builtins follow Go: FindAll skips an empty match after a match, Split, ReplaceAll templates', (t) => {
  const b = regexBuiltins;
  t.deepEqual(b['regex.find_n']!('a*', 'baaac', -1), ['', 'aaa', '']);
  t.deepEqual(b['regex.find_n']!('a', 'aaaa', 2), ['a', 'a']);
  t.deepEqual(b['regex.find_n']!('a', 'aaaa', 0), []);
  t.deepEqual(b['regex.split']!('a*', 'baaac'), ['b', 'c']);
  t.deepEqual(b['regex.split']!(',', ''), ['']);
  t.deepEqual(b['regex.split']!('', 'abc'), ['a', 'b', 'c']);
  t.is(b['regex.replace']!('a1b22', '(?P<d>\\d+)', '<${d}|$1x|$$|$>'), 'a<1||$|$>b<22||$|$>');
  t.is(b['regex.replace']!('abc', 'x*', '-'), '-a-b-c-');
  t.is(b['regex.replace']!('😀😀', '', '.'), '.😀.😀.');
  t.deepEqual(b['regex.find_all_string_submatch_n']!('(a)|(b)', 'ab', -1), [['a', 'a', ''], ['b', '', 'b']]);
  t.true(b['regex.template_match']!('urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}'));
  t.false(b['regex.is_valid']!('(?<'));
  t.false(b['regex.is_valid']!(1));
});

test('a pattern Go rejects is a builtin error carrying Go\'s message', (t) => {
  const e = t.throws(() => regexBuiltins['regex.match']!('(a', 'a'));
  t.is(e!.message, 'regex.match: error parsing regexp: missing closing ): `(a`');
});

test('case folding follows Unicode simple folding (Kelvin sign, long s, final sigma; no Turkic i)', (t) => {
  t.deepEqual(compileRegexp('(?i)i+').findAllString('iIıİ', -1), ['iI']);
  t.true(compileRegexp('(?i)\\p{Lu}').matchString('a'));
  t.false(compileRegexp('(?i)\\P{Lu}').matchString('a'));
  t.true(compileRegexp('(?i)[[:upper:]]').matchString('\u017f'));
  t.true(compileRegexp('(?i)\\p{ascii}').matchString('\u212a'));
});

test('the DFA gives up past its state budget and the Pike VM answers, still in linear time', (t) => {
  // the 15th character from the end must be an a: a DFA needs 2^15 states for that, more than its budget
  const pattern = '[ab]*a[ab]{14}$';
  let x = 7;
  const input = Array.from({ length: 20000 }, () => ((x = (x * 1103515245 + 12345) % 2147483648) >> 16) & 1 ? 'a' : 'b').join('');
  for (const s of [`${input}b${'b'.repeat(14)}`, `${input}a${'b'.repeat(14)}`]) {
    const re = new Regexp(pattern);
    const viaVm = re.findAllString(s, 1).length > 0;
    t.is(re.matchString(s), viaVm);
    t.true(re.steps < 200 * s.length, `${re.steps} steps`);
  }
  t.false(compileRegexp(pattern).matchString(`${input}b${'b'.repeat(14)}`));
  t.true(compileRegexp(pattern).matchString(`${input}a${'b'.repeat(14)}`));
});

test('yes/no answers (DFA) agree with the submatch search (Pike VM) on assorted patterns', (t) => {
  const patterns = ['^a+$', 'a|b', '(?i)straße$', '^$', 'x*', '\\Aa\\z', '(?s)a.b', 'a.b', '[^\\x00-\\x{10FFFF}]', '^(?:ab|a)*c$', 'é+', '\\pL{3}$'];
  const inputs = ['', 'a', 'aaa', 'ab', 'STRASSE', 'strasSE', 'a\nb', 'axb', 'ababac', 'éé', 'xyz', 'ab1'];
  for (const p of patterns) {
    for (const s of inputs) t.is(new Regexp(p).matchString(s), new Regexp(p).findAllString(s, 1).length > 0, `${p} on ${JSON.stringify(s)}`);
  }
});

test('glob classes read as the Go glob library reads them (one range, or a set), on the same engine', (t) => {
  t.true(globMatch('[ab-c]', null, '-'));
  t.false(globMatch('[ab-c]', null, 'bb'));
  t.true(globMatch('[!a-c]x', null, 'dx'));
  t.true(globMatch('[\\]]', null, ']'));
  t.false(globMatch('[!!]', null, '!'));
  t.throws(() => globMatch('[a-cx]', null, 'a'), { message: /glob\.match: invalid pattern: expected close range character/ });
  t.throws(() => globMatch('[]', null, 'a'), { message: /could not parse range/ });
});

test('very long patterns: errors quote them whole, valid ones compile', (t) => {
  const open = `[${'a'.repeat(300000)}`;
  t.is(t.throws(() => new Regexp(open))!.message.length, 'error parsing regexp: missing closing ]: ``'.length + open.length);
  t.true(compileRegexp(`^${'ab'.repeat(100000)}$`).matchString('ab'.repeat(100000)));
  t.is(t.throws(() => new Regexp(`${'(?:a{1000})'.repeat(4000)}`))!.message.slice(0, 48), 'error parsing regexp: expression too large: `(?:');
});

test('property: the DFA and the Pike VM agree on whether there is a match', (t) => {
  fc.assert(
    fc.property(maybeBroken, text, (p, s) => {
      let re: Regexp;
      try {
        re = new Regexp(p);
      } catch (e) {
        return e instanceof RegexpSyntaxError;
      }
      return re.matchString(s) === re.findAllString(s, 1).length > 0;
    }),
    { numRuns: 2000, seed: 20261206 },
  );
  t.pass();
});
