// AssemblyScript: glob.match inside the module (OPA's Wasm has it there too), with the syntax and
// messages of the host version (src/rego/builtins/glob.ts, the Go glob library opa uses): `*` (no
// separator), `**` (anything), `?`, `[abc]`, `[!abc]`, `[a-z]`, `{a,b}` (nested), `\` escapes.
// The pattern compiles to a Thompson NFA run over the text's code points with a set of states, so
// matching is linear in the text (no backtracking on `*a*a*a*b`).
import { Value, T_STR, T_ARR, T_NULL, asStr, asArr, mkBool, mkStr, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';

const NAME = 'glob.match';

// instructions
const I_CHAR = 0; // arg: code point
const I_NOSEP = 1; // one code point that is not a separator
const I_ANY = 2; // any code point
const I_CLASS = 3; // arg: index into classes
const I_SPLIT = 4; // arg, arg2: next instructions
const I_JMP = 5; // arg: next instruction
const I_MATCH = 6;

class Inst {
  op: i32;
  arg: i32;
  arg2: i32;
  constructor(op: i32, arg: i32 = 0, arg2: i32 = 0) {
    this.op = op;
    this.arg = arg;
    this.arg2 = arg2;
  }
}

class Class {
  negate: bool = false;
  lo: Array<i32> = new Array<i32>();
  hi: Array<i32> = new Array<i32>();
  has(c: i32): bool {
    let found = false;
    for (let i = 0; i < this.lo.length && !found; i++) found = c >= this.lo[i] && c <= this.hi[i];
    return found != this.negate;
  }
}

export function codePointsOf(s: string): Array<i32> {
  const out = new Array<i32>();
  for (let i = 0; i < s.length; i++) {
    const c = <i32>s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = <i32>s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

class Compiler {
  src: Array<i32>;
  i: i32 = 0;
  prog: Array<Inst> = new Array<Inst>();
  classes: Array<Class> = new Array<Class>();
  err: string | null = null;
  anySep: bool;
  constructor(src: Array<i32>, anySep: bool) {
    this.src = src;
    this.anySep = anySep;
  }

  fail(what: string): bool {
    if (this.err === null) this.err = 'invalid pattern: ' + what;
    return false;
  }

  at(k: i32): i32 {
    return k < this.src.length ? this.src[k] : -1;
  }

  emit(op: i32, arg: i32 = 0, arg2: i32 = 0): i32 {
    this.prog.push(new Inst(op, arg, arg2));
    return this.prog.length - 1;
  }

  /** `op*`: SPLIT body, out; body; JMP split. */
  star(op: i32): void {
    const split = this.emit(I_SPLIT);
    this.prog[split].arg = this.emit(op);
    this.emit(I_JMP, split);
    this.prog[split].arg2 = this.prog.length;
  }

  /** A sequence up to the end, or (inside braces) up to ',' or '}'. */
  seq(inBraces: bool): bool {
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (inBraces && (c == 44 || c == 125)) return true;
      this.i++;
      if (c == 92) {
        if (this.i >= this.src.length) return this.fail('trailing escape');
        this.emit(I_CHAR, this.src[this.i++]);
      } else if (c == 42) {
        if (this.at(this.i) == 42) {
          while (this.at(this.i) == 42) this.i++;
          this.star(I_ANY);
        } else this.star(this.anySep ? I_ANY : I_NOSEP);
      } else if (c == 63) this.emit(this.anySep ? I_ANY : I_NOSEP);
      else if (c == 91) {
        if (!this.cls()) return false;
      } else if (c == 123) {
        if (!this.alternatives()) return false;
      } else this.emit(I_CHAR, c);
    }
    if (inBraces) return this.fail('unclosed {');
    return true;
  }

  /** {a,b,c}: SPLIT a, rest; a; JMP end; rest: SPLIT b, ...; the last alternative falls through. */
  alternatives(): bool {
    const jumps = new Array<i32>();
    for (;;) {
      const split = this.emit(I_SPLIT);
      this.prog[split].arg = this.prog.length;
      if (!this.seq(true)) return false;
      const c = this.at(this.i++);
      jumps.push(this.emit(I_JMP));
      this.prog[split].arg2 = this.prog.length;
      if (c == 125) break;
      if (c != 44) return this.fail('unclosed {');
    }
    // the last SPLIT's second branch leads to nothing: make it fail
    const dead = this.emit(I_CLASS, this.deadClass());
    const end = this.prog.length;
    for (let k = 0; k < jumps.length; k++) this.prog[jumps[k]].arg = end;
    this.prog[dead].op = I_CLASS;
    return true;
  }

  deadClass(): i32 {
    this.classes.push(new Class()); // matches nothing
    return this.classes.length - 1;
  }

  char(): i32 {
    let c = this.at(this.i++);
    if (c == 92) c = this.at(this.i++);
    return c;
  }

  /** The characters of a set class up to `]` (escapes allowed); none is an error. */
  classSet(k: Class): bool {
    while (this.i < this.src.length && this.at(this.i) != 93) {
      let c = this.at(this.i++);
      if (c == 92) {
        if (this.i >= this.src.length) return this.fail('trailing backslash');
        c = this.at(this.i++);
      }
      k.lo.push(c);
      k.hi.push(c);
    }
    if (k.lo.length == 0) return this.fail(this.i >= this.src.length ? 'unexpected end of input' : 'could not parse range');
    return true;
  }

  /**
   * A class after `[`, read as the glob library's lexer does (same as builtins/glob.ts): an optional
   * `!`, then either one range `lo-hi` (raw characters, no escapes) or a set of characters (escapes
   * allowed), then `]`. `[a-cx]` is an error there and `[ab-c]` is the set {a, b, -, c}.
   */
  cls(): bool {
    const k = new Class();
    if (this.at(this.i) == 33) {
      k.negate = true;
      this.i++;
    }
    if (this.i + 1 < this.src.length && this.at(this.i + 1) == 45) {
      const lo = this.at(this.i);
      const hi = this.at(this.i + 2);
      this.i += 3;
      if (hi < 0) return this.fail('unexpected end of input');
      if (hi < lo) return this.fail('range hi character is less than lo');
      k.lo.push(lo);
      k.hi.push(hi);
    } else if (!this.classSet(k)) return false;
    if (this.at(this.i) != 93) return this.fail(this.i >= this.src.length ? 'unexpected end of input' : 'expected close range character');
    this.i++;
    this.classes.push(k);
    this.emit(I_CLASS, this.classes.length - 1);
    return true;
  }
}

function addState(prog: Array<Inst>, list: Array<i32>, mark: Array<i32>, gen: i32, pc: i32): void {
  if (mark[pc] == gen) return;
  mark[pc] = gen;
  const ins = prog[pc];
  if (ins.op == I_JMP) addState(prog, list, mark, gen, ins.arg);
  else if (ins.op == I_SPLIT) {
    addState(prog, list, mark, gen, ins.arg);
    addState(prog, list, mark, gen, ins.arg2);
  } else list.push(pc);
}

function step(c: Compiler, ins: Inst, ch: i32, seps: Array<i32>): bool {
  if (ins.op == I_CHAR) return ins.arg == ch;
  if (ins.op == I_ANY) return true;
  if (ins.op == I_NOSEP) return !seps.includes(ch);
  if (ins.op == I_CLASS) return c.classes[ins.arg].has(ch);
  return false;
}

function run(c: Compiler, text: Array<i32>, seps: Array<i32>): bool {
  const prog = c.prog;
  const mark = new Array<i32>(prog.length);
  for (let i = 0; i < mark.length; i++) mark[i] = -1;
  let gen = 0;
  let cur = new Array<i32>();
  addState(prog, cur, mark, gen, 0);
  for (let k = 0; k < text.length && cur.length > 0; k++) {
    gen++;
    const next = new Array<i32>();
    for (let j = 0; j < cur.length; j++) {
      const ins = prog[cur[j]];
      if (step(c, ins, text[k], seps)) addState(prog, next, mark, gen, cur[j] + 1);
    }
    cur = next;
  }
  for (let j = 0; j < cur.length; j++) if (prog[cur[j]].op == I_MATCH) return true;
  return false;
}

/** glob.match(pattern, delimiters, text); errors as the host version words them. */
export function globMatch(pattern: Value, delims: Value, value: Value): Value | null {
  if (pattern.t != T_STR) return builtinTypeError(NAME, 'operand 1 must be string but got ' + typeName(pattern));
  const seps = new Array<i32>();
  if (delims.t == T_ARR) {
    const items = asArr(delims).items;
    if (items.length == 0) seps.push(46);
    for (let i = 0; i < items.length; i++) {
      const cp = items[i].t == T_STR ? codePointsOf(asStr(items[i]).s) : new Array<i32>();
      if (cp.length != 1) return builtinTypeError(NAME, 'operand 2 must be an array of single characters');
      seps.push(cp[0]);
    }
  } else if (delims.t != T_NULL) return builtinTypeError(NAME, 'operand 2 must be one of {array, null} but got ' + typeName(delims));
  if (value.t != T_STR) return builtinTypeError(NAME, 'operand 3 must be string but got ' + typeName(value));
  const c = new Compiler(codePointsOf(asStr(pattern).s), seps.length == 0);
  if (!c.seq(false)) return builtinError(NAME, c.err!);
  c.emit(I_MATCH);
  return mkBool(run(c, codePointsOf(asStr(value).s), seps));
}

/** glob.quote_meta: a backslash before each of `*?\\[]{}`. */
export function globQuoteMeta(pattern: Value): Value | null {
  if (pattern.t != T_STR) return builtinError('glob.quote_meta', 'glob.quote_meta: operand 1 must be string but got ' + typeName(pattern));
  const s = asStr(pattern).s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 42 || c == 63 || c == 92 || c == 91 || c == 93 || c == 123 || c == 125) out += '\\';
    out += s.charAt(i);
  }
  return mkStr(out);
}
