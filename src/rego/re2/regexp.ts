// A compiled pattern with the methods of Go's regexp.Regexp that Rego's builtins use, with Go's
// rules for successive matches (an empty match right after a match is skipped, the search then
// moves one code point on), Split and ReplaceAllString's $name / ${name} template expansion.
// Offsets are UTF-16 offsets into the JavaScript string (Go reports UTF-8 byte offsets; no Rego
// builtin exposes an offset, only the matched text).

import { compile, type Program } from './compile.js';
import { LazyDFA } from './dfa.js';
import { parse } from './parse.js';
import { PikeVM } from './pike.js';

/** The width in UTF-16 units of the code point at pos (0 at the end). */
function widthAt(s: string, pos: number): number {
  if (pos >= s.length) return 0;
  const c = s.charCodeAt(pos);
  if (c >= 0xd800 && c <= 0xdbff && pos + 1 < s.length) {
    const d = s.charCodeAt(pos + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

const NO_SLOTS = new Int32Array(0);
const isNameChar = /^[\p{L}\p{Nd}_]$/u;

export class Regexp {
  readonly prog: Program;
  private pike: PikeVM | undefined;
  private lazyDfa: LazyDFA | undefined;

  constructor(readonly pattern: string) {
    this.prog = compile(parse(pattern), pattern);
  }

  /** The Pike VM, built on first use (its buffers are sized by the program). */
  private get vm(): PikeVM {
    return (this.pike ??= new PikeVM(this.prog));
  }

  /** The yes/no fast path, built on first use. */
  private get dfa(): LazyDFA {
    return (this.lazyDfa ??= new LazyDFA(this.prog));
  }

  /** Instructions in the program (a measure of the memory the matchers may take). */
  get size(): number {
    return this.prog.code.length / 3;
  }

  /** Capture groups including group 0. */
  get numGroups(): number {
    return this.prog.numGroups;
  }

  /** Work done by the matchers so far (instructions visited, characters read): for tests of linear behaviour. */
  get steps(): number {
    return (this.pike?.steps ?? 0) + (this.lazyDfa?.steps ?? 0);
  }

  /** Go's MatchString: the DFA, or the Pike VM when the DFA runs out of states. */
  matchString(s: string): boolean {
    return this.dfa.match(s) ?? this.vm.exec(s, 0, 0, NO_SLOTS);
  }

  /** Go's allMatches: up to n matches (all when n < 0), each the first ncap capture slots. */
  findAll(s: string, n: number, ncap: number): Int32Array[] {
    const out: Int32Array[] = [];
    let prevEnd = -1;
    for (let pos = 0; (n < 0 || out.length < n) && pos <= s.length; ) {
      const m = new Int32Array(ncap);
      // the DFA rules out "no more matches" in one cheap pass; the Pike VM then finds where
      if (this.dfa.match(s, pos) === false || !this.vm.exec(s, pos, ncap, m)) break;
      let accept = true;
      if (m[1] === pos) {
        if (m[0] === prevEnd) accept = false;
        const w = widthAt(s, pos);
        pos = w > 0 ? pos + w : s.length + 1;
      } else pos = m[1]!;
      prevEnd = m[1]!;
      if (accept) out.push(m);
    }
    return out;
  }

  /** Go's FindAllString. */
  findAllString(s: string, n: number): string[] {
    return this.findAll(s, n, 2).map((m) => s.slice(m[0], m[1]));
  }

  /** Go's FindAllStringSubmatch; a group that did not take part is ''. */
  findAllStringSubmatch(s: string, n: number): string[][] {
    return this.findAll(s, n, 2 * this.numGroups).map((m) => {
      const row: string[] = [];
      for (let g = 0; g < this.numGroups; g++) row.push(m[2 * g]! < 0 ? '' : s.slice(m[2 * g], m[2 * g + 1]));
      return row;
    });
  }

  /** Go's Split(s, -1). */
  split(s: string): string[] {
    if (this.pattern !== '' && s === '') return [''];
    const out: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of this.findAll(s, -1, 2)) {
      end = m[0]!;
      if (m[1] !== 0) out.push(s.slice(beg, end));
      beg = m[1]!;
    }
    if (end !== s.length) out.push(s.slice(beg));
    return out;
  }

  /** Go's ReplaceAllString (template expanded per match). */
  replaceAllString(s: string, template: string): string {
    const ncap = 2 * this.numGroups;
    let out = '';
    let lastEnd = 0;
    let searchPos = 0;
    const m = new Int32Array(ncap);
    while (searchPos <= s.length) {
      if (this.dfa.match(s, searchPos) === false || !this.vm.exec(s, searchPos, ncap, m)) break;
      out += s.slice(lastEnd, m[0]);
      if (m[1]! > lastEnd || m[0] === 0) out += this.expand(template, s, m);
      lastEnd = m[1]!;
      const w = widthAt(s, searchPos);
      if (searchPos + w > m[1]!) searchPos += w;
      else if (searchPos + 1 > m[1]!) searchPos++;
      else searchPos = m[1]!;
    }
    return out + s.slice(lastEnd);
  }

  /** Go's Regexp.expand: $$, $n, $name, ${name}; a malformed reference is a literal $. */
  private expand(template: string, s: string, m: Int32Array): string {
    let out = '';
    const t = [...template];
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== '$') {
        out += t[i];
        continue;
      }
      if (t[i + 1] === '$') {
        out += '$';
        i++;
        continue;
      }
      const ref = extractName(t, i + 1);
      if (!ref) {
        out += '$';
        continue;
      }
      i = ref.next - 1;
      out += this.group(ref.name, s, m);
    }
    return out;
  }

  private group(name: string, s: string, m: Int32Array): string {
    const num = /^(0|[1-9][0-9]{0,7})$/.test(name) ? Number(name) : -1;
    if (num >= 0) return num < this.numGroups && m[2 * num]! >= 0 ? s.slice(m[2 * num], m[2 * num + 1]) : '';
    const names = this.prog.names;
    for (let g = 1; g < names.length; g++) if (names[g] === name && m[2 * g]! >= 0) return s.slice(m[2 * g], m[2 * g + 1]);
    return '';
  }
}

/** Go's extract: a name (letters, digits, _) or {name} at t[i]; undefined when malformed. */
function extractName(t: string[], i: number): { name: string; next: number } | undefined {
  const brace = t[i] === '{';
  let j = brace ? i + 1 : i;
  const from = j;
  while (j < t.length && isNameChar.test(t[j]!)) j++;
  if (j === from) return undefined;
  const name = t.slice(from, j).join('');
  if (brace) {
    if (t[j] !== '}') return undefined;
    j++;
  }
  return { name, next: j };
}
