// A foreign model file (JSON or YAML) read into plain values, with a way back from any value to
// where it was written: every warning an import reports points at the construct it is about
// (file:line:col), as the DSL's own diagnostics do.
//
// JSON is read by a small parser of our own (YAML would refuse the tab indentation JSON files
// may have); YAML by the `yaml` package, whose nodes carry their source ranges. Both refuse input
// over MAX_INPUT bytes and nesting deeper than MAX_DEPTH, and YAML aliases are capped, so a
// hostile file costs bounded work (see docs/security.md).
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { spanAt, type Diagnostic, type Span } from '../diagnostics/index.js';

export const MAX_INPUT = 64 * 1024 * 1024;
const MAX_DEPTH = 256;

export type PathSeg = string | number;

export interface Located {
  value: unknown;
  /** Span of the key (for an object member) or the value (for an array item) at `path`; the nearest existing ancestor's when absent. */
  at(path: readonly PathSeg[]): Span;
}

export interface ReadResult {
  located?: Located;
  diagnostics: Diagnostic[];
}

function fail(file: string, text: string, offset: number, message: string, hint?: string): ReadResult {
  return { diagnostics: [{ code: 'WD8001', severity: 'error', message, file, span: spanAt(text, Math.min(offset, text.length)), ...(hint ? { hint } : {}) }] };
}

/** Reads `text` as JSON when it starts with `{` or `[` (after whitespace), else as YAML. */
export function readStructured(file: string, text: string): ReadResult {
  if (text.length > MAX_INPUT) return fail(file, text, 0, `${file} is larger than 64 MiB`, 'split the model or raise the limit in src/interop/located.ts');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body);
  if (first && (first[0] === '{' || first[0] === '[')) return readJson(file, text);
  return readYaml(file, text);
}

// ---------------------------------------------------------------------------------------------
// JSON

interface JsonPos {
  /** Offset of each key's string (objects) or each item (arrays). */
  keys: Map<PathSeg, [number, number]>;
}

class JsonError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(file: string, text: string): ReadResult {
  const pos = new WeakMap<object, JsonPos>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    const end = scanString(text, i);
    i = end;
    try {
      return JSON.parse(text.slice(start, end)) as string;
    } catch {
      throw new JsonError(start, 'invalid string');
    }
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new JsonError(i, `nesting deeper than ${MAX_DEPTH}`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      const keys = new Map<PathSeg, [number, number]>();
      pos.set(obj, { keys });
      ws();
      if (text[i] === '}') return i++, obj;
      for (;;) {
        ws();
        if (text[i] !== '"') throw new JsonError(i, 'expected a member name in double quotes');
        const ks = i;
        const k = str();
        if (keys.has(k)) throw new JsonError(ks, `member "${k}" given twice`);
        keys.set(k, [ks, i]);
        ws();
        if (text[i] !== ':') throw new JsonError(i, "expected ':'");
        i++;
        Object.defineProperty(obj, k, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return i++, obj;
        else throw new JsonError(i, "expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      const keys = new Map<PathSeg, [number, number]>();
      pos.set(arr, { keys });
      ws();
      if (text[i] === ']') return i++, arr;
      for (;;) {
        ws();
        const s = i;
        arr.push(value(depth + 1));
        keys.set(arr.length - 1, [s, i]);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return i++, arr;
        else throw new JsonError(i, "expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) throw new JsonError(i, c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  try {
    const v = value(0);
    ws();
    if (i < text.length) throw new JsonError(i, 'unexpected text after the JSON value');
    return { located: { value: v, at: (path) => locate(text, v, path, (o, k) => pos.get(o)?.keys.get(k)) }, diagnostics: [] };
  } catch (e) {
    if (!(e instanceof JsonError)) throw e;
    return fail(file, text, e.offset, `invalid JSON: ${e.message}`);
  }
}

function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) i++;
    else if (c === 10) break;
    i++;
  }
  throw new JsonError(start, 'unterminated string');
}

function locate(text: string, root: unknown, path: readonly PathSeg[], rangeOf: (o: object, k: PathSeg) => [number, number] | undefined): Span {
  let cur: unknown = root;
  let best: [number, number] = [0, 0];
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') break;
    const r = rangeOf(cur, seg);
    if (!r) break;
    best = r;
    cur = (cur as Record<PathSeg, unknown>)[seg];
  }
  return spanAt(text, best[0], Math.max(1, best[1] - best[0]));
}

// ---------------------------------------------------------------------------------------------
// YAML

function readYaml(file: string, text: string): ReadResult {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return fail(file, text, e.pos[0], `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail(file, text, 0, `invalid YAML: ${(e as Error).message}`, 'YAML aliases are limited (an alias bomb would expand without bound)');
  }
  if (depthOf(value, 0) > MAX_DEPTH) return fail(file, text, 0, `nesting deeper than ${MAX_DEPTH}`);
  const at = (path: readonly PathSeg[]): Span => {
    let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
    let best: readonly number[] = [0, 0];
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        best = (pair.key as YamlNode).range ?? best;
        node = pair.value as YamlNode | null;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as YamlNode | undefined;
        if (!item) break;
        best = item.range ?? best;
        node = item;
      } else break;
    }
    return spanAt(text, best[0], Math.max(1, best[1] - best[0]));
  };
  return { located: { value, at }, diagnostics: [] };
}

function depthOf(v: unknown, d: number): number {
  if (d > MAX_DEPTH || v === null || typeof v !== 'object') return d;
  let max = d;
  for (const x of Object.values(v as object)) max = Math.max(max, depthOf(x, d + 1));
  return max;
}
