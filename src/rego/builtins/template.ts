// strings.render_template: Go's text/template (fields, variables, literals, if/else if/else, range
// with $i, $v, with, comments, trim markers, pipelines and parenthesised commands, and the functions
// of template-functions.ts), printing values as Go's fmt does for the JSON-decoded data opa passes
// (numbers are json.Number, a string type that keeps its text; "<no value>" becomes "<undefined>").
// What template-functions.ts leaves out is an evaluation error naming it, never another output.
import { builtinError, isSet, typeOf, UnsupportedBuiltinInput } from './values.js';
import { callTemplateFunction, GoInt, MISSING, show, truth, type Lazy } from './template-functions.js';

const NAME = 'strings.render_template';

/** Calls a template function; an argument that is a missing key is Go's nil. */
function call(name: string, args: Lazy[], e: string): unknown {
  const nilForMissing = (arg: Lazy) => () => {
    const v = arg();
    return v === MISSING ? null : v;
  };
  return callTemplateFunction(name, args.map(nilForMissing), e);
}

type Node =
  | { k: 'text'; s: string }
  | { k: 'print'; expr: string }
  | { k: 'assign'; name: string; expr: string }
  | { k: 'if' | 'with'; expr: string; vars: string[]; then: Node[]; else: Node[] }
  | { k: 'range'; expr: string; vars: string[]; body: Node[]; else: Node[] };

interface Token {
  text?: string;
  action?: string;
}

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let body = open + 2;
    if (/^-[ \t\r\n]/.test(src.slice(body))) {
      text = text.replace(/[ \t\r\n]+$/, '');
      body++;
    }
    if (text) out.push({ text });
    const close = src.indexOf('}}', body);
    if (close < 0) builtinError(NAME, 'unclosed action');
    let action = src.slice(body, close);
    i = close + 2;
    if (/[ \t\r\n]-$/.test(action)) {
      action = action.slice(0, -1);
      const m = /^[ \t\r\n]*/.exec(src.slice(i))!;
      i += m[0].length;
    }
    action = action.trim();
    if (action.startsWith('/*')) {
      if (!action.endsWith('*/')) builtinError(NAME, 'unclosed comment');
      continue;
    }
    out.push({ action });
  }
  return out;
}

class Parser {
  i = 0;
  constructor(readonly toks: Token[]) {}

  /** Nodes up to an {{else...}} or {{end}} (returned, not consumed) or the end. */
  list(): [Node[], string | undefined] {
    const out: Node[] = [];
    while (this.i < this.toks.length) {
      const t = this.toks[this.i]!;
      if (t.text !== undefined) {
        out.push({ k: 'text', s: t.text });
        this.i++;
        continue;
      }
      const a = t.action!;
      if (a === 'end' || a === 'else' || a.startsWith('else ')) return [out, a];
      this.i++;
      out.push(this.action(a));
    }
    return [out, undefined];
  }

  action(a: string): Node {
    const m = /^(if|with|range)\s+(.*)$/s.exec(a);
    if (!m) {
      const asg = /^(\$\w*)\s*:?=\s*(.*)$/s.exec(a);
      if (asg) return { k: 'assign', name: asg[1]!, expr: asg[2]! };
      return { k: 'print', expr: a };
    }
    const kw = m[1] as 'if' | 'with' | 'range';
    let expr = m[2]!.trim();
    let vars: string[] = [];
    const decl = /^(\$\w*)(?:\s*,\s*(\$\w*))?\s*:=\s*(.*)$/s.exec(expr);
    // `range $i, $v := ...`; `if $x := ...` and `with $x := ...` declare one variable
    if (decl && (kw === 'range' || !decl[2])) {
      vars = decl[2] ? [decl[1]!, decl[2]] : [decl[1]!];
      expr = decl[3]!;
    }
    const [body, stop] = this.list();
    let other: Node[] = [];
    if (stop === undefined) builtinError(NAME, `unexpected EOF in ${kw}`);
    this.i++;
    if (stop === 'else') {
      const [e, stop2] = this.list();
      if (stop2 !== 'end') builtinError(NAME, `expected end in ${kw}`);
      this.i++;
      other = e;
    } else if (stop!.startsWith('else ')) {
      const rest = stop!.slice(5).trim();
      if (kw !== 'if' || !rest.startsWith('if ')) throw new UnsupportedBuiltinInput(NAME, `{{${stop}}}`);
      other = [this.action(rest)];
    }
    if (kw === 'range') return { k: 'range', expr, vars, body, else: other };
    return { k: kw, expr, vars, then: body, else: other };
  }
}

interface Scope {
  dot: unknown;
  vars: Map<string, unknown>;
}

function field(v: unknown, name: string): unknown {
  if (v === MISSING) return MISSING;
  if (v instanceof GoInt) return builtinError(NAME, `can't evaluate field ${name} in type int`);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return builtinError(NAME, `can't evaluate field ${name} in type ${typeOf(v)}`);
  return Object.prototype.hasOwnProperty.call(v, name) ? (v as Record<string, unknown>)[name] : MISSING;
}

/** An operand or pipeline as written: a path, a literal, a parenthesised pipeline, or a function name. */
type Term = { t: 'path'; text: string } | { t: 'lit'; v: unknown } | { t: 'pipe'; cmds: Term[][] } | { t: 'fn'; name: string } | { t: 'fields'; of: Term; names: string[] };

/** The tokens of an action's expression: words, literals, `(`, `)` and `|`. */
function tokens(e: string): string[] {
  const out: string[] = [];
  // `)` with fields right after it (`(index . "o").k`) is one token
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\)(?:\.\w+)+|[()|]|[^\s()|"`]+)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < e.length && (m = re.exec(e))) out.push(m[1]!);
  if (e.slice(re.lastIndex).trim() !== '') builtinError(NAME, `unexpected text in {{${e}}}`);
  return out;
}

/** pipeline := command ('|' command)*; command := term+ (see Go's text/template). */
function parsePipeline(toks: string[], at: { i: number }, e: string): Term {
  const cmds: Term[][] = [[]];
  while (at.i < toks.length && !toks[at.i]!.startsWith(')')) {
    const tok = toks[at.i++]!;
    if (tok === '|') {
      if (cmds[cmds.length - 1]!.length === 0) builtinError(NAME, `missing command in {{${e}}}`);
      cmds.push([]);
    } else if (tok === '(') {
      const inner = parsePipeline(toks, at, e);
      const close = toks[at.i++];
      if (close === undefined) builtinError(NAME, `unclosed left paren in {{${e}}}`);
      cmds[cmds.length - 1]!.push(close === ')' ? inner : { t: 'fields', of: inner, names: close.slice(2).split('.') });
    } else cmds[cmds.length - 1]!.push(term(tok, e));
  }
  if (cmds.some((c) => c.length === 0)) builtinError(NAME, `missing command in {{${e}}}`);
  return { t: 'pipe', cmds };
}

function term(tok: string, e: string): Term {
  if (/^(\.|\$\w*)((?:\.\w+)*)$|^((?:\.\w+)+)$/.test(tok)) return { t: 'path', text: tok };
  if (tok.startsWith('"')) return { t: 'lit', v: JSON.parse(tok) };
  if (tok.startsWith('`')) return { t: 'lit', v: tok.slice(1, -1) };
  if (tok === 'true' || tok === 'false') return { t: 'lit', v: tok === 'true' };
  if (tok === 'nil') return { t: 'lit', v: null };
  if (/^-?\d+$/.test(tok)) return { t: 'lit', v: new GoInt(Number(tok)) };
  if (/^[A-Za-z_]\w*$/.test(tok)) return { t: 'fn', name: tok };
  throw new UnsupportedBuiltinInput(NAME, `the template operand ${tok} in {{${e}}}`);
}

function evalExpr(expr: string, sc: Scope): unknown {
  const e = expr.trim();
  const toks = tokens(e);
  const at = { i: 0 };
  const p = parsePipeline(toks, at, e);
  if (at.i < toks.length) builtinError(NAME, `unexpected ${toks[at.i]} in {{${e}}}`);
  return evalTerm(p, sc, e);
}

function evalPath(text: string, sc: Scope): unknown {
  const path = /^(\.|\$\w*)((?:\.\w+)*)$|^((?:\.\w+)+)$/.exec(text)!;
  let v: unknown;
  let rest: string;
  if (path[3]) {
    v = sc.dot;
    rest = path[3];
  } else {
    const head = path[1]!;
    if (head === '.') v = sc.dot;
    else if (sc.vars.has(head)) v = sc.vars.get(head);
    else return builtinError(NAME, `undefined variable: ${head}`);
    rest = path[2] ?? '';
  }
  for (const f of rest.split('.').slice(1)) v = field(v, f);
  return v;
}

function evalTerm(x: Term, sc: Scope, e: string): unknown {
  if (x.t === 'path') return evalPath(x.text, sc);
  if (x.t === 'lit') return x.v;
  if (x.t === 'fn') return call(x.name, [], e);
  if (x.t === 'fields') return x.names.reduce((v, name) => field(v, name), evalTerm(x.of, sc, e));
  // each command's value is the last argument of the next
  let last: unknown = MISSING;
  x.cmds.forEach((cmd, i) => {
    const [head, ...rest] = cmd;
    const piped = i > 0 ? [last] : [];
    if (head!.t !== 'fn') {
      if (rest.length > 0 || piped.length > 0) builtinError(NAME, `can't give argument to non-function in {{${e}}}`);
      last = evalTerm(head!, sc, e);
      return;
    }
    last = call(head!.name, [...rest.map((a) => () => evalTerm(a, sc, e)), ...piped.map((v) => () => v)], e);
  });
  return last;
}


function run(nodes: Node[], sc: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.k === 'text') out += n.s;
    else if (n.k === 'print') out += show(evalExpr(n.expr, sc), true);
    else if (n.k === 'assign') sc.vars.set(n.name, evalExpr(n.expr, sc));
    else if (n.k === 'if' || n.k === 'with') {
      const v = evalExpr(n.expr, sc);
      // a declared variable is in scope in both branches
      const vars = new Map(sc.vars);
      if (n.vars.length === 1) vars.set(n.vars[0]!, v);
      if (truth(v)) out += run(n.then, { dot: n.k === 'with' ? v : sc.dot, vars });
      else out += run(n.else, { dot: sc.dot, vars: new Map(vars) });
    } else if (n.k === 'range') out += range(n, sc);
  }
  return out;
}

function range(n: Extract<Node, { k: 'range' }>, sc: Scope): string {
  const v = evalExpr(n.expr, sc);
  let entries: Array<[unknown, unknown]>;
  if (v === MISSING || v === null) entries = [];
  else if (Array.isArray(v)) entries = v.map((x, i) => [new GoInt(i), x]);
  else if (v instanceof GoInt) {
    // Go 1.22's range over an integer: 0 .. n-1, one variable
    if (n.vars.length > 1) throw new UnsupportedBuiltinInput(NAME, `range over an integer with two variables`);
    entries = Array.from({ length: Math.max(0, v.n) }, (_, i) => [new GoInt(i), new GoInt(i)]);
  }
  else if (typeof v === 'object') entries = Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]);
  else return builtinError(NAME, `range can't iterate over ${String(v)}`);
  if (!entries.length) return run(n.else, { dot: sc.dot, vars: new Map(sc.vars) });
  let out = '';
  for (const [k, x] of entries) {
    const vars = new Map(sc.vars);
    if (n.vars.length === 1) vars.set(n.vars[0]!, x);
    if (n.vars.length === 2) vars.set(n.vars[0]!, k).set(n.vars[1]!, x);
    out += run(n.body, { dot: x, vars });
  }
  return out;
}

function hasSet(v: unknown): boolean {
  if (isSet(v)) return true;
  if (Array.isArray(v)) return v.some(hasSet);
  return v !== null && typeof v === 'object' && Object.values(v).some(hasSet);
}

export function renderTemplate(tpl: unknown, vars: unknown): string {
  if (typeof tpl !== 'string') return builtinError(NAME, `operand 1 must be string but got ${typeOf(tpl)}`);
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) return builtinError(NAME, `operand 2 must be object but got ${typeOf(vars)}`);
  if (hasSet(vars)) return builtinError(NAME, 'sets cannot be template data');
  const p = new Parser(lex(tpl));
  const [nodes, stop] = p.list();
  if (stop !== undefined) builtinError(NAME, `unexpected {{${stop}}}`);
  return run(nodes, { dot: vars, vars: new Map([['$', vars]]) });
}
