// AssemblyScript RE2 port: a compiled pattern with the methods of Go's regexp.Regexp that Rego's
// builtins use (src/rego/re2/regexp.ts): Go's rules for successive matches (an empty match right
// after a match is skipped, the search then moves one code point on), Split, and
// ReplaceAllString's $name / ${name} template expansion. Offsets are UTF-16 offsets into the
// string. Output strings are assembled with Array.join, never by repeated concatenation: the
// stub runtime frees nothing, so a loop of `out += piece` would cost memory quadratic in the text.
import { Program } from './compile';
import { PikeVM } from './pike';
import { LazyDFA, DFA_NO, DFA_YES } from './dfa';
import { textOf } from './parse';
import { isNameChar } from './unicode';
import { runeAt } from './ranges';

/** The width in UTF-16 units of the code point at pos (0 at the end). */
function widthAt(s: string, pos: i32): i32 {
  if (pos >= s.length) return 0;
  return runeAt(s, pos, s.length) >= 0x10000 ? 2 : 1;
}

const NO_SLOTS = new StaticArray<i32>(0);

/**
 * Calls of a pattern answered by the Pike VM alone before the DFA is built. A DFA state costs far
 * more to build than a Pike VM step over the same character (about 1-2 µs against tens of ns),
 * and the module drops its compiled patterns, DFAs included, after every evaluation: a pattern
 * called once or twice per evaluation (the common admission-policy shape) would build states it
 * never reuses. From the next call on the DFA answers, as its table then pays for itself.
 */
const COLD_CALLS: i32 = 2;

export class Re2 {
  pattern: string;
  prog: Program;
  private pike: PikeVM | null = null;
  private lazyDfa: LazyDFA | null = null;
  private calls: i32 = 0;

  constructor(pattern: string, prog: Program) {
    this.pattern = pattern;
    this.prog = prog;
  }

  /** The Pike VM, built on first use (its buffers are sized by the program). */
  get vm(): PikeVM {
    let vm = this.pike;
    if (vm === null) {
      vm = new PikeVM(this.prog);
      this.pike = vm;
    }
    return vm;
  }

  /** The yes/no fast path, built on first use. */
  get dfa(): LazyDFA {
    let dfa = this.lazyDfa;
    if (dfa === null) {
      dfa = new LazyDFA(this.prog);
      this.lazyDfa = dfa;
    }
    return dfa;
  }

  /** Capture groups including group 0. */
  get numGroups(): i32 {
    return this.prog.numGroups;
  }

  /** Instructions in the program (a measure of the memory the matcher takes). */
  get size(): i32 {
    return this.prog.size;
  }

  /** Matcher work so far (threads visited and stepped, characters read): for tests of linear behaviour. */
  get steps(): i64 {
    const vm = this.pike;
    const dfa = this.lazyDfa;
    return (vm === null ? 0 : vm.steps) + (dfa === null ? 0 : dfa.steps);
  }

  /** Counts a call; whether the DFA should take part (see COLD_CALLS). */
  private warm(): bool {
    return ++this.calls > COLD_CALLS;
  }

  /** Go's MatchString: the DFA once warm, else (or when the DFA runs out of budget) the Pike VM. */
  matchString(s: string): bool {
    if (!this.warm()) return this.vm.exec(s, 0, 0, NO_SLOTS);
    const fast = this.dfa.match(s, 0);
    if (fast != DFA_YES && fast != DFA_NO) return this.vm.exec(s, 0, 0, NO_SLOTS);
    return fast == DFA_YES;
  }

  /** The Pike VM's search from pos, after the DFA (when warm) has ruled out cheaply that there is none. */
  private exec(s: string, pos: i32, ncap: i32, m: StaticArray<i32>, warm: bool): bool {
    if (warm && this.dfa.match(s, pos) == DFA_NO) return false;
    return this.vm.exec(s, pos, ncap, m);
  }

  /** Go's allMatches: up to n matches (all when n < 0), each the first ncap capture slots. */
  findAll(s: string, n: i32, ncap: i32): Array<StaticArray<i32>> {
    const out = new Array<StaticArray<i32>>();
    const warm = this.warm();
    let prevEnd = -1;
    let m = new StaticArray<i32>(ncap);
    for (let pos = 0; (n < 0 || out.length < n) && pos <= s.length; ) {
      if (!this.exec(s, pos, ncap, m, warm)) break;
      let accept = true;
      if (m[1] == pos) {
        if (m[0] == prevEnd) accept = false;
        const w = widthAt(s, pos);
        pos = w > 0 ? pos + w : s.length + 1;
      } else pos = m[1];
      prevEnd = m[1];
      if (accept) {
        out.push(m);
        m = new StaticArray<i32>(ncap);
      }
    }
    return out;
  }

  /** Go's FindAllString. */
  findAllString(s: string, n: i32): Array<string> {
    const ms = this.findAll(s, n, 2);
    const out = new Array<string>(ms.length);
    for (let i = 0; i < ms.length; i++) out[i] = s.substring(ms[i][0], ms[i][1]);
    return out;
  }

  /** Go's FindAllStringSubmatchIndex (UTF-16 offsets): 2 * numGroups slots per match, -1 for a group that did not take part. */
  findAllStringSubmatchIndex(s: string, n: i32): Array<StaticArray<i32>> {
    return this.findAll(s, n, 2 * this.numGroups);
  }

  /** Go's FindAllStringSubmatch; a group that did not take part is '' (as Go's and the TypeScript engine's). */
  findAllStringSubmatch(s: string, n: i32): Array<Array<string>> {
    const g = this.numGroups;
    const ms = this.findAll(s, n, 2 * g);
    const out = new Array<Array<string>>(ms.length);
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i];
      const row = new Array<string>(g);
      for (let k = 0; k < g; k++) row[k] = m[2 * k] < 0 ? '' : s.substring(m[2 * k], m[2 * k + 1]);
      out[i] = row;
    }
    return out;
  }

  /** Go's Split(s, -1). */
  split(s: string): Array<string> {
    if (this.pattern.length > 0 && s.length == 0) return [''];
    const out = new Array<string>();
    const ms = this.findAll(s, -1, 2);
    let beg = 0;
    let end = 0;
    for (let i = 0; i < ms.length; i++) {
      end = ms[i][0];
      if (ms[i][1] != 0) out.push(s.substring(beg, end));
      beg = ms[i][1];
    }
    if (end != s.length) out.push(s.substring(beg));
    return out;
  }

  /** Go's ReplaceAllString (the template is read once, then expanded per match). */
  replaceAllString(s: string, template: string): string {
    const tpl = new Template(template, this.prog.names, this.numGroups);
    const ncap = 2 * this.numGroups;
    const parts = new Array<string>();
    let lastEnd = 0;
    let searchPos = 0;
    const m = new StaticArray<i32>(ncap);
    const warm = this.warm();
    while (searchPos <= s.length) {
      if (!this.exec(s, searchPos, ncap, m, warm)) break;
      parts.push(s.substring(lastEnd, m[0]));
      if (m[1] > lastEnd || m[0] == 0) tpl.expand(s, m, parts);
      lastEnd = m[1];
      const w = widthAt(s, searchPos);
      if (searchPos + w > m[1]) searchPos += w;
      else if (searchPos + 1 > m[1]) searchPos++;
      else searchPos = m[1];
    }
    parts.push(s.substring(lastEnd));
    return parts.join('');
  }
}

/** The code points of a template, keeping an unpaired surrogate as itself (it is copied to the output). */
function templateCodePoints(s: string): Array<i32> {
  const out = new Array<i32>();
  for (let i = 0; i < s.length; i++) {
    const c = <i32>s.charCodeAt(i);
    const w = widthAt(s, i);
    if (w == 2) {
      out.push(((c - 0xd800) << 10) + (<i32>s.charCodeAt(i + 1) - 0xdc00) + 0x10000);
      i++;
    } else out.push(c);
  }
  return out;
}

/**
 * A group number in a template, as the TypeScript engine reads it: 0, or 1-8 digits without a
 * leading 0. (Go's extract accepts 9 digits; the two differ only for a group named with 9 digits,
 * e.g. (?P<123456789>x) with $123456789, which Go expands to '' and the TypeScript engine to x.)
 */
function groupNumber(t: Array<i32>, from: i32, to: i32): i32 {
  const len = to - from;
  if (len < 1 || len > 8 || (t[from] == 48 && len > 1)) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = t[i];
    if (c < 48 || c > 57) return -1;
    n = n * 10 + c - 48;
  }
  return n;
}

/**
 * A ReplaceAllString template read once: literal pieces, and between them references to groups.
 * A reference is the list of groups it may stand for (a name may be given to several groups: the
 * first that took part in the match wins, as in Go's expand).
 */
class Template {
  /** pieces[i] is literal text when refs[i] is null. */
  pieces: Array<string> = new Array<string>();
  refs: Array<Array<i32> | null> = new Array<Array<i32> | null>();

  constructor(template: string, names: Array<string>, numGroups: i32) {
    const t = templateCodePoints(template);
    let lit = new Array<i32>();
    for (let i = 0; i < t.length; i++) {
      if (t[i] != 36) { // $
        lit.push(t[i]);
        continue;
      }
      if (i + 1 < t.length && t[i + 1] == 36) {
        lit.push(36);
        i++;
        continue;
      }
      const next = this.reference(t, i + 1, names, numGroups, lit);
      if (next < 0) {
        lit.push(36); // malformed: the $ is literal text
        continue;
      }
      lit = new Array<i32>();
      i = next - 1;
    }
    this.literal(lit);
  }

  /** Reads $name / ${name} at t[i]; on success flushes lit, records the reference, returns the index after it (else -1). */
  reference(t: Array<i32>, i: i32, names: Array<string>, numGroups: i32, lit: Array<i32>): i32 {
    const brace = i < t.length && t[i] == 123;
    let j = brace ? i + 1 : i;
    const from = j;
    while (j < t.length && isNameChar(t[j])) j++;
    if (j == from) return -1;
    const to = j;
    if (brace) {
      if (j >= t.length || t[j] != 125) return -1;
      j++;
    }
    this.literal(lit);
    const groups = new Array<i32>();
    const num = groupNumber(t, from, to);
    if (num >= 0) {
      if (num < numGroups) groups.push(num);
    } else {
      const name = textOf(t, from, to);
      for (let g = 1; g < names.length; g++) if (names[g] == name) groups.push(g);
    }
    this.pieces.push('');
    this.refs.push(groups);
    return j;
  }

  literal(units: Array<i32>): void {
    if (units.length == 0) return;
    this.pieces.push(textOf(units, 0, units.length));
    this.refs.push(null);
  }

  /** Appends the expansion for match m of s to out. */
  expand(s: string, m: StaticArray<i32>, out: Array<string>): void {
    for (let i = 0; i < this.pieces.length; i++) {
      const ref = this.refs[i];
      if (ref === null) {
        out.push(this.pieces[i]);
        continue;
      }
      for (let k = 0; k < ref.length; k++) {
        const g = ref[k];
        if (m[2 * g] >= 0) {
          out.push(s.substring(m[2 * g], m[2 * g + 1]));
          break;
        }
      }
    }
  }
}
