// glob.match with the syntax of the Go glob library opa uses: `*` (no separator), `**` (anything),
// `?`, `[abc]`, `[!abc]`, `[a-z]`, `{a,b}` (nested), `\` escapes; ',' and '}' are literal outside
// braces, `^` is not a negation. Separators: null = none, [] = ".", else single characters.
// A glob is translated to RE2 syntax and run by Warden's linear-time engine (src/rego/re2), so a
// pattern such as `*a*a*a*a*b` cannot backtrack.
import { compileRegexp, type Regexp } from '../re2/index.js';
import { builtinError, isSet, typeOf } from './values.js';

const NAME = 'glob.match';
const reEscape = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const classEscape = (s: string): string => s.replace(/[\\^\]\[-]/g, '\\$&');

class Parser {
  i = 0;
  constructor(
    private readonly src: string[],
    private readonly notSep: string,
  ) {}

  fail(what: string): never {
    return builtinError(NAME, `invalid pattern: ${what}`);
  }

  /** A sequence up to the end, or (inside braces) up to ',' or '}'. */
  seq(inBraces: boolean): string {
    let out = '';
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (inBraces && (c === ',' || c === '}')) return out;
      this.i++;
      if (c === '\\') {
        if (this.i >= this.src.length) this.fail('trailing escape');
        out += reEscape(this.src[this.i++]!);
      } else if (c === '*') {
        if (this.src[this.i] === '*') {
          while (this.src[this.i] === '*') this.i++;
          out += '[\\s\\S]*';
        } else out += `${this.notSep}*`;
      } else if (c === '?') out += this.notSep;
      else if (c === '[') out += this.cls();
      else if (c === '{') out += this.alternatives();
      else out += reEscape(c);
    }
    if (inBraces) this.fail('unclosed {');
    return out;
  }

  alternatives(): string {
    const alts: string[] = [];
    for (;;) {
      alts.push(this.seq(true));
      const c = this.src[this.i++];
      if (c === '}') break;
      if (c !== ',') this.fail('unclosed {');
    }
    return `(?:${alts.join('|')})`;
  }

  /**
   * A class after `[`, read as the glob library's lexer does: an optional `!`, then either one
   * range `lo-hi` (raw characters, no escapes) or a set of characters (escapes allowed), then `]`.
   * `[a-cx]` is an error there and `[ab-c]` is the set {a, b, -, c}.
   */
  cls(): string {
    const src = this.src;
    let negate = false;
    if (src[this.i] === '!') {
      negate = true;
      this.i++;
    }
    let body: string;
    if (this.i + 1 < src.length && src[this.i + 1] === '-') {
      const lo = src[this.i]!;
      const hi = src[this.i + 2];
      this.i += 3;
      if (hi === undefined) this.fail('unexpected end of input');
      if (hi.codePointAt(0)! < lo.codePointAt(0)!) this.fail('range hi character is less than lo');
      body = `${classEscape(lo)}-${classEscape(hi)}`;
    } else {
      let chars = '';
      while (this.i < src.length && src[this.i] !== ']') {
        let c = src[this.i++]!;
        if (c === '\\') {
          if (this.i >= src.length) this.fail('trailing backslash');
          c = src[this.i++]!;
        }
        chars += classEscape(c);
      }
      if (!chars) this.fail(this.i >= src.length ? 'unexpected end of input' : 'could not parse range');
      body = chars;
    }
    if (src[this.i] !== ']') this.fail(this.i >= src.length ? 'unexpected end of input' : 'expected close range character');
    this.i++;
    return `[${negate ? '^' : ''}${body}]`;
  }
}

const cache = new Map<string, Regexp>();

function delimitersOf(d: unknown): string[] {
  if (d === null) return [];
  if (!Array.isArray(d) || isSet(d)) return builtinError(NAME, `operand 2 must be one of {array, null} but got ${typeOf(d)}`);
  if (!d.length) return ['.'];
  return d.map((x) => {
    if (typeof x !== 'string' || [...x].length !== 1) return builtinError(NAME, 'operand 2 must be an array of single characters');
    return x;
  });
}

export function globMatch(pattern: unknown, delimiters: unknown, value: unknown): boolean {
  if (typeof pattern !== 'string') return builtinError(NAME, `operand 1 must be string but got ${typeOf(pattern)}`);
  const seps = delimitersOf(delimiters);
  if (typeof value !== 'string') return builtinError(NAME, `operand 3 must be string but got ${typeOf(value)}`);
  const key = `${pattern}\u0000${seps.join('')}`;
  let re = cache.get(key);
  if (!re) {
    const notSep = seps.length ? `[^${seps.map(classEscape).join('')}]` : '[\\s\\S]';
    const source = `^${new Parser([...pattern], notSep).seq(false)}$`;
    try {
      re = compileRegexp(source);
    } catch (e) {
      return builtinError(NAME, `invalid pattern: ${(e as Error).message}`);
    }
    if (cache.size > 200) cache.clear();
    cache.set(key, re);
  }
  return re.matchString(value);
}
