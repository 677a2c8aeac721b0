// regex.* with Go's semantics: patterns are RE2 (translated by re2.ts), FindAll skips an empty match
// right after the previous match, Split and ReplaceAllString (with $name / ${name} expansion) follow
// Go's regexp package.
import { RegexSyntaxError, RegexUntranslatable, translateRE2 } from './re2.js';
import { builtinError, int, str, UnsupportedBuiltinInput } from './values.js';

const cache = new Map<string, RegExp>();

/** The global, sticky-free JS RegExp for a Go pattern; a Go syntax error is a builtin error. */
export function goRegex(name: string, pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    const t = translateRE2(pattern);
    re = new RegExp(t.source, t.flags + 'g');
  } catch (e) {
    if (e instanceof RegexUntranslatable) throw new UnsupportedBuiltinInput(name, `the regular expression ${JSON.stringify(pattern)} uses ${e.message}`);
    return builtinError(name, `error parsing regexp: ${(e as Error).message}`);
  }
  if (cache.size > 200) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Go's FindAll: up to n matches (all when n < 0), an empty match abutting the previous one skipped. */
export function findAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const end = m.index + m[0].length;
    let accept = true;
    if (end === pos) {
      if (m.index === prevEnd) accept = false;
      pos += pos < s.length && s.codePointAt(pos)! > 0xffff ? 2 : 1;
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

function split(pattern: unknown, s: unknown): string[] {
  const re = goRegex('regex.split', str('regex.split', 1, pattern));
  const text = str('regex.split', 2, s);
  if (pattern !== '' && text === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(re, text, -1)) {
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(text.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== text.length) out.push(text.slice(beg));
  return out;
}

/** Go's Regexp.Expand of a ReplaceAllString template for one match. */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    const br = /^\{(\w+)\}/.exec(template.slice(i + 1));
    const bare = br ? undefined : /^\w+/.exec(template.slice(i + 1));
    const name = br?.[1] ?? bare?.[0];
    if (name === undefined) {
      out += '$';
      continue;
    }
    i += (br ?? bare)![0].length;
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
  }
  return out;
}

function replace(s: unknown, pattern: unknown, repl: unknown): string {
  const text = str('regex.replace', 1, s);
  const re = goRegex('regex.replace', str('regex.replace', 2, pattern));
  const template = str('regex.replace', 3, repl);
  let out = '';
  let last = 0;
  for (const m of findAll(re, text, -1)) {
    out += text.slice(last, m.index) + expand(template, m);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

function delimiterIndices(s: string, start: string, end: string): number[] {
  let level = 0;
  let idx = 0;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === start) {
      if (++level === 1) idx = i;
    } else if (s[i] === end) {
      if (--level === 0) out.push(idx, i + 1);
      else if (level < 0) builtinError('regex.template_match', `unbalanced braces in ${JSON.stringify(s)}`);
    }
  }
  if (level !== 0) builtinError('regex.template_match', `unbalanced braces in ${JSON.stringify(s)}`);
  return out;
}

const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

function templateMatch(pattern: unknown, value: unknown, start: unknown, end: unknown): boolean {
  const name = 'regex.template_match';
  const tpl = str(name, 1, pattern);
  const text = str(name, 2, value);
  const ds = str(name, 3, start);
  const de = str(name, 4, end);
  if (Buffer.byteLength(ds) !== 1 || Buffer.byteLength(de) !== 1) builtinError(name, 'delimiters have to be exactly one character long');
  const idx = delimiterIndices(tpl, ds, de);
  let re = '^';
  let last = 0;
  for (let i = 0; i < idx.length; i += 2) {
    const inner = tpl.slice(idx[i]! + 1, idx[i + 1]! - 1);
    goRegex(name, `^${inner}$`);
    re += `${quoteMeta(tpl.slice(last, idx[i]))}(${inner})`;
    last = idx[i + 1]!;
  }
  re += `${quoteMeta(tpl.slice(last))}$`;
  const compiled = goRegex(name, re);
  compiled.lastIndex = 0;
  return compiled.test(text);
}

function isValid(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    const t = translateRE2(pattern);
    new RegExp(t.source, t.flags);
    return true;
  } catch (e) {
    return e instanceof RegexUntranslatable;
  }
}

export const regexBuiltins: Record<string, (...args: any[]) => unknown> = {
  'regex.match': (pattern: unknown, value: unknown) => {
    const re = goRegex('regex.match', str('regex.match', 1, pattern));
    re.lastIndex = 0;
    return re.test(str('regex.match', 2, value));
  },
  'regex.is_valid': isValid,
  'regex.split': split,
  'regex.replace': replace,
  'regex.template_match': templateMatch,
  'regex.find_n': (pattern: unknown, value: unknown, n: unknown) =>
    findAll(goRegex('regex.find_n', str('regex.find_n', 1, pattern)), str('regex.find_n', 2, value), int('regex.find_n', 3, n)).map((m) => m[0]),
  'regex.find_all_string_submatch_n': (pattern: unknown, value: unknown, n: unknown) => {
    const name = 'regex.find_all_string_submatch_n';
    return findAll(goRegex(name, str(name, 1, pattern)), str(name, 2, value), int(name, 3, n)).map((m) => [...m].map((x) => x ?? ''));
  },
};

export { RegexSyntaxError };
