// The functions of Go's text/template that strings.render_template's templates call, with Go's
// semantics over the data opa passes: strings are Go strings, numbers json.Number (a string type
// that keeps its text), integer literals of the template Go ints, null (and a missing key passed
// as an argument) Go's nil. Implemented: and, or, not, len, index, eq, ne, lt, le, gt, ge, print,
// println, printf (verbs %v %s %d %q and %%, without flags, width or precision), html, urlquery.
// Anything else (js, slice, call, printf's other verbs, comparisons of composite values) is an
// UnsupportedBuiltinInput naming it: never an output Go would not give.
import { builtinError, numberText, UnsupportedBuiltinInput } from './values.js';

const NAME = 'strings.render_template';

/** A map key that is absent: prints "<no value>" (opa's "<undefined>") when printed directly. */
export const MISSING = Symbol('no value');

/** A Go int: an integer literal of the template, a range index, a byte of a string. */
export class GoInt {
  constructor(readonly n: number) {}
}

/** Go's fmt %v of the JSON-decoded value; printed directly (`top`), nil and a missing key are "<no value>" (opa's <undefined>), nested nil <nil>. */
export function show(v: unknown, top: boolean): string {
  if (v === MISSING || (v === null && top)) return '<undefined>';
  if (v === null) return '<nil>';
  if (v instanceof GoInt) return String(v.n);
  if (typeof v === 'number') return numberText(NAME, v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => show(x, false)).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o)
    .sort()
    .map((k) => `${k}:${show(o[k], false)}`)
    .join(' ')}]`;
}

/** An argument evaluated on demand (and/or stop at the first operand that decides). */
export type Lazy = () => unknown;

type Kind = 'string' | 'int' | 'bool' | 'nil' | 'composite';

function kindOf(v: unknown): Kind {
  if (v === null || v === MISSING) return 'nil';
  if (typeof v === 'string' || typeof v === 'number') return 'string';
  if (v instanceof GoInt) return 'int';
  if (typeof v === 'boolean') return 'bool';
  return 'composite';
}

/** The text of a string-kind value (a string, or a json.Number's digits). */
function text(v: string | number): string {
  return typeof v === 'number' ? numberText(NAME, v) : v;
}

/** Go's type name, as fmt prints it in %!verb(type=value). */
function goType(v: unknown): string {
  return typeof v === 'number' ? 'json.Number' : typeof v === 'string' ? 'string' : v instanceof GoInt ? 'int' : typeof v === 'boolean' ? 'bool' : 'interface {}';
}

/** Go's truth of a value in if, with, and, or, not. */
export function truth(v: unknown): boolean {
  if (v instanceof GoInt) return v.n !== 0;
  if (v === MISSING || v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** Go compares strings byte by byte in UTF-8. */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function eq(a: unknown, others: unknown[], e: string): boolean {
  if (others.length === 0) builtinError(NAME, 'error calling eq: missing argument for comparison');
  const ka = kindOf(a);
  for (const b of others) {
    const kb = kindOf(b);
    if (ka === 'composite' || kb === 'composite' || (ka === 'nil' && kb === 'nil')) throw new UnsupportedBuiltinInput(NAME, `eq of ${ka === 'nil' ? 'nil' : 'composite'} values in {{${e}}}`);
    if (ka !== kb) {
      if (ka !== 'nil' && kb !== 'nil') builtinError(NAME, 'error calling eq: incompatible types for comparison');
      continue;
    }
    if (ka === 'bool' ? a === b : ka === 'int' ? (a as GoInt).n === (b as GoInt).n : text(a as string) === text(b as string)) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown, name: string): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'nil' || kb === 'nil' || ka === 'composite' || kb === 'composite') builtinError(NAME, `error calling ${name}: invalid type for comparison`);
  if (ka !== kb) builtinError(NAME, `error calling ${name}: incompatible types for comparison`);
  if (ka === 'bool') builtinError(NAME, `error calling ${name}: invalid type for comparison`);
  return ka === 'int' ? (a as GoInt).n < (b as GoInt).n : compareText(text(a as string), text(b as string)) < 0;
}

function len(v: unknown): GoInt {
  if (typeof v === 'string' || typeof v === 'number') return new GoInt(Buffer.byteLength(text(v), 'utf8'));
  if (Array.isArray(v)) return new GoInt(v.length);
  if (v !== null && typeof v === 'object' && !(v instanceof GoInt)) return new GoInt(Object.keys(v).length);
  return builtinError(NAME, `error calling len: len of ${v === null ? 'nil pointer' : `type ${goType(v)}`}`);
}

function index(item: unknown, keys: unknown[]): unknown {
  let v = item;
  for (const k of keys) {
    if (v === null || v === MISSING) builtinError(NAME, 'error calling index: index of untyped nil');
    if (Array.isArray(v) || typeof v === 'string' || typeof v === 'number') {
      if (!(k instanceof GoInt)) builtinError(NAME, `error calling index: cannot index slice/array with type ${goType(k)}`);
      const n = (k as GoInt).n;
      if (Array.isArray(v)) {
        if (n < 0 || n >= v.length) builtinError(NAME, `error calling index: index out of range: ${n}`);
        v = v[n];
      } else {
        const bytes = Buffer.from(text(v), 'utf8');
        if (n < 0 || n >= bytes.length) builtinError(NAME, `error calling index: index out of range: ${n}`);
        v = new GoInt(bytes[n]!);
      }
    } else if (v !== null && typeof v === 'object' && !(v instanceof GoInt)) {
      if (typeof k !== 'string') builtinError(NAME, `error calling index: value has type ${goType(k)}; should be string`);
      v = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k as string] : MISSING;
    } else builtinError(NAME, `error calling index: can't index item of type ${goType(v)}`);
  }
  return v;
}

/** fmt.Sprint: operands formatted with %v, a space between two that are not strings. */
function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((v, i) => {
    if (i > 0 && kindOf(v) !== 'string' && kindOf(args[i - 1]) !== 'string') out += ' ';
    out += show(v, false);
  });
  return out;
}

/** A Go-quoted string, for the text fmt's %q gives the same as JSON: printable ASCII. */
function quote(s: string, e: string): string {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new UnsupportedBuiltinInput(NAME, `printf %q of a string with characters other than printable ASCII in {{${e}}}`);
  return JSON.stringify(s);
}

function formatVerb(verb: string, v: unknown, e: string): string {
  if (verb === 'v') return show(v, false);
  const kind = kindOf(v);
  if (kind === 'composite') throw new UnsupportedBuiltinInput(NAME, `printf %${verb} of an array or object in {{${e}}}`);
  const bad = () => (kind === 'nil' ? `%!${verb}(<nil>)` : `%!${verb}(${goType(v)}=${show(v, false)})`);
  if (verb === 's') return kind === 'string' ? text(v as string) : bad();
  if (verb === 'd') return kind === 'int' ? String((v as GoInt).n) : bad();
  if (kind === 'int') throw new UnsupportedBuiltinInput(NAME, `printf %q of an integer (a quoted rune) in {{${e}}}`);
  return kind === 'string' ? quote(text(v as string), e) : bad();
}

/** fmt.Sprintf for the verbs %v, %s, %d, %q and %%, without flags, width or precision. */
function sprintf(format: unknown, args: unknown[], e: string): string {
  if (typeof format !== 'string') builtinError(NAME, `error calling printf: value has type ${goType(format)}; should be string`);
  let out = '';
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const verb = format[++i];
    if (verb === undefined) out += '%!(NOVERB)';
    else if (verb === '%') out += '%';
    else if ('vsdq'.includes(verb)) out += next < args.length ? formatVerb(verb, args[next++], e) : `%!${verb}(MISSING)`;
    else throw new UnsupportedBuiltinInput(NAME, `printf format ${JSON.stringify(format)} (verbs %v %s %d %q and %% only, without flags, width or precision) in {{${e}}}`);
  }
  if (next < args.length) throw new UnsupportedBuiltinInput(NAME, `printf with more operands than verbs in {{${e}}}`);
  return out;
}

/** What Go's escaping functions read: one string as it is, else fmt.Sprint of the operands. */
function escaperInput(args: unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\ufffd' };

/** url.QueryEscape: every byte but letters, digits and -_.~ as %XX; a space as +. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Calls template function `name`. `args` are lazy so that and/or evaluate only the operands they
 * need, as Go does.
 */
export function callTemplateFunction(name: string, lazy: Lazy[], e: string): unknown {
  if (name === 'and' || name === 'or') {
    if (lazy.length === 0) builtinError(NAME, `wrong number of args for ${name}: want at least 1 got 0`);
    let v: unknown = null;
    for (const arg of lazy) {
      v = arg();
      if (truth(v) === (name === 'or')) return v;
    }
    return v;
  }
  const args = lazy.map((arg) => arg());
  const arity = (n: number) => args.length === n || builtinError(NAME, `wrong number of args for ${name}: want ${n} got ${args.length}`);
  switch (name) {
    case 'not':
      return arity(1) && !truth(args[0]);
    case 'len':
      return arity(1) && len(args[0]);
    case 'index':
      return args.length > 0 ? index(args[0], args.slice(1)) : builtinError(NAME, 'wrong number of args for index: want at least 1 got 0');
    case 'eq':
      return eq(args[0], args.slice(1), e);
    case 'ne':
      return arity(2) && !eq(args[0], [args[1]], e);
    case 'lt':
      return arity(2) && lt(args[0], args[1], name);
    case 'le':
      return arity(2) && (lt(args[0], args[1], name) || eq(args[0], [args[1]], e));
    case 'gt':
      return arity(2) && !(lt(args[0], args[1], name) || eq(args[0], [args[1]], e));
    case 'ge':
      return arity(2) && !lt(args[0], args[1], name);
    case 'print':
      return sprint(args);
    case 'println':
      return args.map((v) => show(v, false)).join(' ') + '\n';
    case 'printf':
      return args.length > 0 ? sprintf(args[0], args.slice(1), e) : builtinError(NAME, 'wrong number of args for printf: want at least 1 got 0');
    case 'html':
      return escaperInput(args).replace(/[&'<>"\0]/g, (c) => HTML_ESCAPES[c]!);
    case 'urlquery':
      return queryEscape(escaperInput(args));
    case 'js':
    case 'slice':
    case 'call':
      throw new UnsupportedBuiltinInput(NAME, `the template function ${name} in {{${e}}}`);
    default:
      return builtinError(NAME, `function "${name}" not defined`);
  }
}
