// Go's RE2 syntax (regexp.Compile) translated to an equivalent JavaScript RegExp. Go rejects some
// patterns JavaScript accepts (lookaround, backreferences, huge repeat counts): those are syntax
// errors here too. Go features with no JavaScript equivalent (flag groups after the start, \C,
// ungreedy mode) are reported as untranslatable, so callers fail cleanly instead of matching
// differently. Differences handled: `.` never matches \n only (JS also excludes \r, U+2028/9), \s is
// ASCII [\t\n\f\r ], \A \z, (?m) ^ and $ at \n only, (?P<name>), \Q...\E, POSIX classes, octal and
// \x{...} escapes, a literal `{` that does not start a repeat, `]` first in a class.

export class RegexSyntaxError extends Error {}
export class RegexUntranslatable extends Error {}

const WS: Array<[number, number]> = [
  [9, 10],
  [12, 13],
  [32, 32],
];
const POSIX: Record<string, Array<[number, number]>> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};
const CATEGORIES = new Set('L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co Any'.split(' '));

const cp = (n: number): string => `\\u{${n.toString(16)}}`;
const rangesText = (rs: Array<[number, number]>): string => rs.map(([a, b]) => (a === b ? cp(a) : `${cp(a)}-${cp(b)}`)).join('');

function complement(rs: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [a, b] of [...rs].sort((x, y) => x[0] - y[0])) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

const JS_SPECIAL = new Set([...'^$\\.*+?()[]{}|/']);

interface State {
  src: string[];
  i: number;
  multiline: boolean;
  dotAll: boolean;
}

/** `\p{...}` or `\pX` after the backslash and p/P (negated by P or by a ^ inside braces). */
function unicodeClass(st: State, negate: boolean): string {
  let name: string;
  if (st.src[st.i] === '{') {
    const end = st.src.indexOf('}', st.i);
    if (end < 0) throw new RegexSyntaxError('invalid character class range');
    name = st.src.slice(st.i + 1, end).join('');
    st.i = end + 1;
  } else {
    name = st.src[st.i++] ?? '';
  }
  if (name.startsWith('^')) {
    negate = !negate;
    name = name.slice(1);
  }
  if (!/^[A-Za-z_]+$/.test(name)) throw new RegexSyntaxError('invalid character class range');
  const prop = CATEGORIES.has(name) ? name : `Script=${name}`;
  try {
    new RegExp(`\\p{${prop}}`, 'u');
  } catch {
    throw new RegexSyntaxError(`invalid character class range: \\p{${name}}`);
  }
  return `\\${negate ? 'P' : 'p'}{${prop}}`;
}

/** An escape after `\`; inClass selects the class form. Returns JS source. */
function escape(st: State, inClass: boolean): string {
  const c = st.src[st.i++];
  if (c === undefined) throw new RegexSyntaxError('trailing backslash at end of expression');
  if ('dDwW'.includes(c)) return `\\${c}`;
  if (c === 's') return inClass ? rangesText(WS) : `[${rangesText(WS)}]`;
  if (c === 'S') return inClass ? rangesText(complement(WS)) : `[^${rangesText(WS)}]`;
  if (c === 'p' || c === 'P') return unicodeClass(st, c === 'P');
  if ('fnrtv'.includes(c)) return `\\${c}`;
  if (c === 'a') return cp(7);
  if (c === 'x') {
    if (st.src[st.i] === '{') {
      const end = st.src.indexOf('}', st.i);
      const hex = end < 0 ? '' : st.src.slice(st.i + 1, end).join('');
      if (!/^[0-9a-fA-F]{1,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) throw new RegexSyntaxError('invalid escape sequence');
      st.i = end + 1;
      return cp(parseInt(hex, 16));
    }
    const hex = st.src.slice(st.i, st.i + 2).join('');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new RegexSyntaxError('invalid escape sequence');
    st.i += 2;
    return cp(parseInt(hex, 16));
  }
  if (c >= '0' && c <= '7') {
    // a single non-zero digit is a backreference, which RE2 does not have
    if (c !== '0' && !(st.src[st.i]! >= '0' && st.src[st.i]! <= '7')) throw new RegexSyntaxError('invalid escape sequence');
    let digits = c;
    while (digits.length < 3 && st.src[st.i]! >= '0' && st.src[st.i]! <= '7') digits += st.src[st.i++];
    return cp(parseInt(digits, 8));
  }
  if (!inClass) {
    // assertions go in a group: Go lets a repetition apply to them (`^*`), JS only to a group
    if (c === 'A') return '(?:(?<![\\s\\S]))';
    if (c === 'z') return '(?:(?![\\s\\S]))';
    if (c === 'b' || c === 'B') return `(?:\\${c})`;
    if (c === 'C') throw new RegexUntranslatable('\\C (any byte)');
  }
  if (c === 'Q') throw new RegexUntranslatable('\\Q...\\E');
  if (/[\p{L}\p{N}]/u.test(c) || c.codePointAt(0)! > 127) throw new RegexSyntaxError(`invalid escape sequence: \\${c}`);
  return JS_SPECIAL.has(c) || c === '-' ? `\\${c}` : c;
}

function charClass(st: State): string {
  let out = '[';
  if (st.src[st.i] === '^') {
    out += '^';
    st.i++;
  }
  let first = true;
  for (;;) {
    const c = st.src[st.i];
    if (c === undefined) throw new RegexSyntaxError('missing closing ]');
    if (c === ']' && !first) {
      st.i++;
      break;
    }
    first = false;
    if (c === '[' && st.src[st.i + 1] === ':') {
      const end = st.src.indexOf(']', st.i);
      const body = end < 0 ? '' : st.src.slice(st.i + 2, end).join('');
      const m = /^(\^?)([a-z]+):$/.exec(body);
      if (m && POSIX[m[2]!]) {
        out += rangesText(m[1] ? complement(POSIX[m[2]!]!) : POSIX[m[2]!]!);
        st.i = end + 1;
        continue;
      }
      if (m) throw new RegexSyntaxError(`invalid character class range: [:${m[2]}:]`);
    }
    st.i++;
    if (c === '\\') out += escape(st, true);
    else if (c === '[' || c === ']' || c === '^') out += `\\${c}`;
    else out += c;
  }
  return out + ']';
}

/** `{n}`, `{n,}` or `{n,m}` at st.i, or undefined when the brace is a literal (Go's reading). */
function repeat(st: State): string | undefined {
  const rest = st.src.slice(st.i, st.i + 24).join('');
  const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[3] ? Number(m[3]) : lo;
  if (lo > 1000 || hi > 1000 || (m[3] && hi < lo)) throw new RegexSyntaxError(`invalid repeat count: ${m[0]}`);
  st.i += [...m[0]].length;
  return m[0];
}

function group(st: State, atStart: boolean): string {
  if (st.src[st.i] !== '?') return '(';
  const rest = st.src.slice(st.i, st.i + 64).join('');
  if (rest.startsWith('?:')) {
    st.i += 2;
    return '(?:';
  }
  const named = /^\?P?<([^>]*)>/.exec(rest);
  if (named) {
    const name = named[1]!;
    if (!/^\w+$/.test(name)) throw new RegexSyntaxError(`invalid named capture: ${name}`);
    if (/^\d/.test(name)) throw new RegexUntranslatable(`capture name ${name}`);
    st.i += [...named[0]].length;
    return `(?<${name}>`;
  }
  const flags = /^\?([imsU]*)(-[imsU]*)?([:)])/.exec(rest);
  if (!flags || flags[2] === '-') throw new RegexSyntaxError('invalid or unsupported Perl syntax');
  st.i += flags[0].length;
  if (flags[3] === ')' && atStart && !flags[2] && !flags[1]!.includes('U')) {
    if (flags[1]!.includes('m')) st.multiline = true;
    if (flags[1]!.includes('s')) st.dotAll = true;
    return flags[1]!.includes('i') ? '\u0000i' : '';
  }
  throw new RegexUntranslatable(`flag group (${rest.slice(0, flags[0].length)}`);
}

export interface Translated {
  source: string;
  flags: string;
}

/** Translates a Go regular expression; throws RegexSyntaxError (Go rejects it) or RegexUntranslatable. */
export function translateRE2(pattern: string): Translated {
  const st: State = { src: [...pattern], i: 0, multiline: false, dotAll: false };
  let out = '';
  let caseInsensitive = false;
  // what the last piece was: repetition operators need an atom, and only `?` (lazy) may follow one
  let last: 'none' | 'atom' | 'repeat' | 'lazy' = 'none';
  while (st.i < st.src.length) {
    const c = st.src[st.i++]!;
    let r: string | undefined;
    if (c === '*' || c === '+' || c === '?' || (c === '{' && (st.i--, (r = repeat(st)) !== undefined))) {
      const op = r ?? c;
      if (last === 'repeat' && op === '?') last = 'lazy';
      else if (last === 'repeat' || last === 'lazy') throw new RegexSyntaxError(`invalid nested repetition operator: ${op}`);
      else if (last === 'none') throw new RegexSyntaxError(`missing argument to repetition operator: ${op}`);
      else last = 'repeat';
      out += op;
      continue;
    }
    if (c === '{') {
      st.i++;
      out += '\\{';
      last = 'atom';
      continue;
    }
    if (c === '(') {
      const g = group(st, out === '');
      if (g === '\u0000i') caseInsensitive = true;
      else out += g;
      last = 'none';
      continue;
    }
    if (c === '|') {
      out += '|';
      last = 'none';
      continue;
    }
    if (c === '\\') out += escape(st, false);
    else if (c === '[') out += charClass(st);
    else if (c === '.') out += st.dotAll ? '[\\s\\S]' : '[^\\n]';
    else if (c === '^') out += st.multiline ? '(?:(?<![^\\n]))' : '(?:^)';
    else if (c === '$') out += st.multiline ? '(?:(?![^\\n]))' : '(?:$)';
    else if (c === '}' || c === ']' || c === '/') out += `\\${c}`;
    else out += c;
    last = 'atom';
  }
  return { source: out, flags: caseInsensitive ? 'iu' : 'u' };
}
