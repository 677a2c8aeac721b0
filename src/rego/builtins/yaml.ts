// yaml.unmarshal / yaml.is_valid as opa reads YAML (go-yaml v3 resolution of plain scalars, then a
// round trip through JSON: numbers are doubles, keys strings, only the first document), and
// yaml.marshal for values whose Go rendering Warden can be sure of (else a clean evaluation error).
import type { Document, Node } from 'yaml';
import { yaml } from '../../text/yaml-lazy.js';
import { builtinError, UnsupportedBuiltinInput } from './values.js';

const NAME = 'yaml.unmarshal';
const INT = /^[+-]?(0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO](_?[0-7])+|0(_?[0-7])*|[1-9](_?[0-9])*)$/;
const UINT = /^(0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO](_?[0-7])+|0(_?[0-7])*|[1-9](_?[0-9])*)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt/ParseUint with base 0, as a BigInt. */
function goInt(s: string, signed: boolean): bigint | undefined {
  if (!(signed ? INT : UINT).test(s)) return undefined;
  const neg = s.startsWith('-');
  let t = s.replace(/^[+-]/, '').replace(/_/g, '');
  if (/^0[0-7]+$/.test(t)) t = `0o${t.slice(1)}`;
  const v = neg ? -BigInt(t) : BigInt(t);
  const [lo, hi] = signed ? [-(1n << 63n), (1n << 63n) - 1n] : [0n, (1n << 64n) - 1n];
  return v < lo || v > hi ? undefined : v;
}

const zero = (n: number): number => (Object.is(n, -0) ? 0 : n);

/** A plain scalar as go-yaml v3 resolves it (timestamps stay strings through the JSON round trip). */
export function resolvePlain(s: string): unknown {
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(s)) return builtinError(NAME, 'infinity and NaN have no JSON form');
  if (!/^[-+0-9.]/.test(s)) return s;
  const i = goInt(s, true) ?? goInt(s, false);
  if (i !== undefined) return zero(Number(i));
  if (FLOAT.test(s)) {
    const f = Number(s);
    if (Number.isFinite(f)) return zero(f);
  }
  return s;
}

function keyText(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null) return builtinError(NAME, 'a null mapping key');
  if (typeof k === 'number' || typeof k === 'boolean') return String(k);
  return builtinError(NAME, 'a mapping key that is not a scalar');
}

function scalar(node: Node & { value: unknown; type?: string; tag?: string }): unknown {
  const tag = node.tag;
  if (tag === 'tag:yaml.org,2002:binary') return new TextDecoder().decode(node.value instanceof Uint8Array ? node.value : Buffer.from(String(node.value).replace(/\s/g, ''), 'base64'));
  const text = String(node.value ?? '');
  if (tag === 'tag:yaml.org,2002:str') return text;
  if (tag !== undefined && tag !== '!') throw new UnsupportedBuiltinInput(NAME, `the YAML tag ${tag}`);
  return node.type === 'PLAIN' ? resolvePlain(text) : text;
}

function convert(node: Node | null | undefined, doc: Document, depth = 0): unknown {
  if (depth > 200) return builtinError(NAME, 'document nested too deeply');
  if (node === null || node === undefined) return null;
  if (yaml().isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined) return builtinError(NAME, `unknown anchor '${node.source}' referenced`);
    return convert(target as Node, doc, depth + 1);
  }
  if (yaml().isScalar(node)) return scalar(node as never);
  if (yaml().isSeq(node)) return node.items.map((x) => convert(x as Node, doc, depth + 1));
  if (yaml().isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = keyText(convert(pair.key as Node, doc, depth + 1));
      if (key === '<<' && yaml().isScalar(pair.key) && (pair.key as { type?: string }).type === 'PLAIN') throw new UnsupportedBuiltinInput(NAME, 'YAML merge keys (<<)');
      out[key] = convert(pair.value as Node, doc, depth + 1);
    }
    return out;
  }
  return builtinError(NAME, 'unsupported YAML node');
}

/**
 * Directive lines (`%...`) as go-yaml v3 takes them: only `%YAML 1.1` (no other version) before the
 * first document; `%TAG` and directives after content are left unsupported (the yaml package reads
 * them otherwise). Found comparing with opa: `%20` and `%YAML 1.2` are invalid there.
 */
function checkDirectives(text: string): void {
  let content = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('%')) {
      if (content) throw new UnsupportedBuiltinInput(NAME, 'a directive line after content');
      if (/^%TAG[ \t]/.test(line)) throw new UnsupportedBuiltinInput(NAME, 'YAML %TAG directives');
      if (!/^%YAML[ \t]+1\.1[ \t]*(#.*)?$/.test(line)) builtinError(NAME, line.startsWith('%YAML') ? 'found incompatible YAML document' : 'found unknown directive name');
    } else if (line.startsWith('---')) content = true;
    else if (line.trim() !== '' && !line.trimStart().startsWith('#')) content = true;
  }
}

export function yamlUnmarshal(s: unknown): unknown {
  if (typeof s !== 'string') return builtinError(NAME, 'operand 1 must be string');
  // YAML's printable set, which go-yaml's reader enforces (the yaml package reads past NUL or DEL)
  if (/[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s)) builtinError(NAME, 'control characters are not allowed');
  if (s.includes('%')) checkDirectives(s);
  const docs = yaml().parseAllDocuments(s, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) return null; // only comments or nothing
  // a syntax error in any document fails, though only the first is converted
  for (const d of list) if (d.errors.length) return builtinError(NAME, d.errors[0]!.message);
  const first = list[0];
  if (!first) return null;
  return convert(first.contents as Node, first);
}

// ---- marshal: only values whose go-yaml rendering is certain ----

const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const AMBIGUOUS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/**
 * Whether go-yaml also writes key `a` before `b` (b follows a in code unit order): its order differs
 * where digits meet (numbers compare by value: a9 before a10) and where a letter meets another
 * character (`_` before `A`, letters first after a digit). The runtime's yaml.ts has the same test.
 */
function goOrdered(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length || i === b.length) return true;
  const letter = (c: string): boolean => /[A-Za-z]/.test(c);
  if (letter(a[i]!) && letter(b[i]!)) return true;
  if (/\d/.test(a[i]! + b[i]!) || (i > 0 && /\d/.test(a[i - 1]!))) return false;
  return !letter(a[i]!);
}

function certain(v: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0);
  if (typeof v === 'string') return PLAIN_SAFE.test(v) && !AMBIGUOUS.test(v);
  if (Array.isArray(v)) return v.every((x) => certain(x, depth + 1));
  const keys = Object.keys(v as object).sort();
  if (keys.some((k, i) => i > 0 && !goOrdered(keys[i - 1]!, k))) return false;
  return Object.entries(v as object).every(([k, x]) => certain(k) && certain(x, depth + 1));
}

export const yamlBuiltins: Record<string, (...args: any[]) => unknown> = {
  'yaml.unmarshal': yamlUnmarshal,
  'yaml.is_valid': (s: unknown) => {
    if (typeof s !== 'string') return false;
    try {
      yamlUnmarshal(s);
      return true;
    } catch (e) {
      if (e instanceof UnsupportedBuiltinInput) throw e;
      return false;
    }
  },
  'yaml.marshal': (v: unknown) => {
    if (!certain(v)) throw new UnsupportedBuiltinInput('yaml.marshal', 'values other than plain identifiers-like strings, safe integers, booleans and null (quoting rules of Go YAML), or keys Go YAML orders otherwise');
    const sorted = (x: unknown): unknown => (Array.isArray(x) ? x.map(sorted) : x !== null && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted((x as Record<string, unknown>)[k])])) : x);
    return yaml().stringify(sorted(v), { indentSeq: true });
  },
};
