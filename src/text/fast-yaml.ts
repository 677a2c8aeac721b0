// A fast reader for the YAML that Kubernetes manifests are made of: block mappings and sequences,
// single-line flow collections, plain and quoted scalars, literal and folded block scalars,
// comments and `---` separators. It produces exactly the values the general reader gives (the `yaml`
// package through src/check/yaml-value.ts: plain scalars by YAML 1.2's core schema, or as Kubernetes
// reads them, kube-scalars.ts, for manifests) plus the offsets `locate` needs,
// at many times its speed and in a fraction of its memory: on 10,000 resources the general parser
// alone took longer than the whole check should.
//
// Merge keys (`<<: {…}`, `<<: [{…}, {…}]`) apply as in src/check/yaml-value.ts, the general reader,
// in core mode; for manifests (`'kubernetes'`) a file with a merge key, a plain key that is not a
// string, or a flow scalar starting with `?` is left to the general reader; anchors and aliases (`&a` on a value or a sequence item, `*a` as a value) are read too, shared
// and charged to the expansion budget as that reader charges them (value-meter.ts).
//
// It is a fast path, not a second YAML implementation: anything outside that subset (anchors on
// keys or documents, unknown aliases, tags, complex keys, multi-line plain or quoted scalars,
// multi-line flow collections, directives, duplicate keys, tabs in indentation, a document that is not a mapping) makes it give
// up on the whole file, and the caller parses that file with `yaml` as before, so every error
// message, limit and edge case stays that parser's. test/check/fast-yaml.test.ts holds the two
// parsers to the same values, document numbers and positions.

import { kubeScalarValue, noJsonForm, resolveKubePlain } from './kube-scalars.js';
import { ValueMeter } from './value-meter.js';

/** How plain scalars resolve: YAML 1.2's core schema, or as Kubernetes reads YAML (kube-scalars.ts). */
export type Scalars = 'core' | 'kubernetes';

/** Offsets of a container's entries: a mapping's keys, a sequence's items. */
export type EntryOffsets = Map<string, number> | number[];

export interface FastDocument {
  /** Offset where the document's text begins (after the previous document's `---` line). */
  start: number;
  /** Offset of the document's content, its first key. */
  contentStart: number;
  value: Record<string, unknown>;
}

export interface FastParse {
  /** Every document of the file in order, numbered as `yaml` numbers them; `undefined` for an empty one. */
  documents: Array<FastDocument | undefined>;
  /** Bytes the file's aliases add (see value-meter.ts), to charge to the run's budget. */
  expansion: number;
}

/** One document read again with the offsets of its entries, for positions (see documentOffsets). */
export interface LocatedDocument {
  value: Record<string, unknown>;
  offsets: Map<object, EntryOffsets>;
}

class GiveUp extends Error {}

const giveUp = (): never => {
  throw new GiveUp();
};

/** An anchor whose node is still being read: an alias to it would be a cycle. */
const IN_PROGRESS = Symbol('anchor in progress');
const ANCHOR_NAME = /^[A-Za-z0-9_.\/-]+$/;
const AMP = 38;
const STAR = 42;

const SPACE = 32;
const NL = 10;
const CR = 13;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Characters that may not start a plain scalar (or a plain key). */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
const FLOW_ENDS = new Set([44, 91, 93, 123, 125]); // , [ ] { }

/** A plain `<<` key merges mappings into the one that holds it (YAML's merge key, as Kubernetes reads it). */
const MERGE_KEY = '<<';

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const OCT_RE = /^0o[0-7]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** The value of a plain scalar under the YAML 1.2 core schema. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these first characters can start a non-string: digits, sign, dot, ~, n/N, t/T, f/F, empty.
  if (s.length === 0 || c === 126 || c === 110 || c === 78) return NULL_RE.test(s) ? null : s;
  if (c === 116 || c === 84 || c === 102 || c === 70) return BOOL_RE.test(s) ? s.charCodeAt(0) === 116 || s.charCodeAt(0) === 84 : s;
  if ((c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46) {
    if (INT_RE.test(s)) return parseInt(s, 10);
    if (OCT_RE.test(s)) return parseInt(s.slice(2), 8);
    if (HEX_RE.test(s)) return parseInt(s.slice(2), 16);
    if (FLOAT_RE.test(s)) return parseFloat(s);
    if (SPECIAL_FLOAT_RE.test(s)) return s.endsWith('nan') || s.endsWith('NaN') || s.endsWith('NAN') ? NaN : s.charCodeAt(0) === DASH ? -Infinity : Infinity;
  }
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

class Reader {
  pos = 0;
  private depth = 0;
  /** Whether the last key read was plain (a quoted `"<<"` is an ordinary key, a plain one merges). */
  private keyPlain = false;
  /** Anchors of the current document: name -> value. */
  private anchors = new Map<string, unknown>();
  private meter = new ValueMeter();
  /** Bytes the aliases read so far add. */
  expansion = 0;
  /** Entry offsets per container; only kept when asked for, since few documents ever need them. */
  readonly offsets: Map<object, EntryOffsets> | undefined;

  constructor(
    private readonly text: string,
    record: boolean,
    /** Deeper nesting is left to the general parser, which reports it. */
    private readonly maxDepth: number,
    /** More alias expansion is left to the general parser, which reports where. */
    private readonly maxExpansion = Infinity,
    /** How plain scalars resolve: YAML 1.2's core schema, or as Kubernetes reads them (kube-scalars.ts). */
    private readonly scalars: Scalars = 'core',
  ) {
    this.offsets = record ? new Map() : undefined;
  }

  /** A plain scalar's value; one JSON cannot carry (.inf, .nan) is left to the general reader, which reports it. */
  private plain(s: string): unknown {
    if (this.scalars === 'core') return resolvePlain(s);
    const r = resolveKubePlain(s);
    if (noJsonForm(r)) giveUp();
    return kubeScalarValue(r);
  }

  /** Whether a plain key is the string it reads as (others, such as `on` or `1`, are left to the general reader). */
  private plainKeyIsText(s: string): boolean {
    return this.scalars === 'core' ? typeof resolvePlain(s) === 'string' : resolveKubePlain(s).kind === 'str';
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) giveUp();
  }

  // ---- lines ----

  /** Column of `pos` (it is always at or after the start of its line). */
  private column(at = this.pos): number {
    const nl = this.text.lastIndexOf('\n', at - 1);
    return at - nl - 1;
  }

  private lineEnd(at: number): number {
    const nl = this.text.indexOf('\n', at);
    return nl < 0 ? this.text.length : nl;
  }

  /** Moves `pos` to the first content character of the next line holding content; returns its column, or -1 at the end of input or of the document. */
  private nextContent(): number {
    const t = this.text;
    // already at content (a nested node ended on this line's first character): stay there
    if (this.pos > 0 && this.pos < t.length && t.charCodeAt(this.pos - 1) !== NL) return this.column();
    for (;;) {
      let p = this.pos;
      const start = p;
      while (p < t.length && t.charCodeAt(p) === SPACE) p++;
      // a tab in indentation, even on a blank or comment line: `yaml` rejects some of these
      // ("\t " is "Tabs are not allowed as indentation") and accepts others; let it decide
      if (p < t.length && t.charCodeAt(p) === TAB) giveUp();
      if (p >= t.length) {
        this.pos = t.length;
        return -1;
      }
      const c = t.charCodeAt(p);
      if (c === NL || c === CR || c === HASH) {
        if (c === CR && t.charCodeAt(p + 1) !== NL) giveUp();
        const e = this.lineEnd(p);
        if (e >= t.length) {
          this.pos = t.length;
          return -1;
        }
        this.pos = e + 1;
        continue;
      }
      if (p === start && this.isMarker(p)) {
        this.pos = p;
        return -1;
      }
      this.pos = p;
      return p - start;
    }
  }

  /** `---` or `...` at the start of a line, followed by white space or the end of the line. */
  isMarker(p: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(p);
    if ((c !== DASH && c !== 46) || t.charCodeAt(p + 1) !== c || t.charCodeAt(p + 2) !== c) return false;
    const n = t.charCodeAt(p + 3);
    return Number.isNaN(n) || n === SPACE || n === NL || n === TAB || n === CR;
  }

  /** After a value: only spaces and a comment may remain on the line. Moves to the next line. */
  private endLine(): void {
    const t = this.text;
    let p = this.pos;
    while (p < t.length && (t.charCodeAt(p) === SPACE || t.charCodeAt(p) === TAB)) p++;
    if (p < t.length) {
      const c = t.charCodeAt(p);
      if (c === HASH) {
        if (p === this.pos) giveUp(); // a `#` glued to a value is not a comment
      } else if (c === CR) {
        if (t.charCodeAt(p + 1) !== NL) giveUp();
      } else if (c !== NL) giveUp();
    }
    const e = this.lineEnd(p);
    this.pos = Math.min(e + 1, t.length);
  }

  // ---- documents ----

  /**
   * Reads every document in order and hands each to `visit` (undefined for an empty one), keeping
   * none: a caller that drops the values holds one document at a time. Throws GiveUp midway when
   * the text leaves the fast subset, after some documents were visited.
   */
  documents(visit: (doc: FastDocument | undefined) => void): void {
    const t = this.text;
    if (t.charCodeAt(0) === 0xfeff) giveUp();
    const docs = { push: visit };
    let start = 0;
    // A document is open once it has an explicit `---` or content; a `---` closes an open one.
    let open = false;
    for (;;) {
      const col = this.nextContent();
      if (col < 0) {
        if (this.pos >= t.length) {
          if (open) docs.push(undefined);
          return;
        }
        // a marker line
        if (t.charCodeAt(this.pos) === 46) giveUp(); // `...`: rare; leave it to `yaml`
        if (open) docs.push(undefined);
        open = true;
        this.pos += 3;
        this.endLine();
        start = this.pos;
        continue;
      }
      if (col !== 0) giveUp();
      const contentStart = this.pos;
      this.newDocument();
      const value = this.blockNode(-1, 0);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) giveUp();
      docs.push({ start, contentStart, value: value as Record<string, unknown> });
      open = false;
      // the next thing must be a marker or the end
      if (this.nextContent() >= 0) giveUp();
      if (this.pos >= t.length) return;
      if (t.charCodeAt(this.pos) === 46) giveUp();
      open = true;
      this.pos += 3;
      this.endLine();
      start = this.pos;
    }
  }

  /** The document whose content starts at `at` (as documents() found it). */
  documentAt(at: number): Record<string, unknown> {
    this.pos = at;
    this.newDocument();
    const value = this.blockNode(-1, 0);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) giveUp();
    return value as Record<string, unknown>;
  }

  // ---- block nodes ----

  /** A block node whose first content character is at `pos`, column `col`, inside a parent at `parentIndent`. */
  private blockNode(parentIndent: number, col: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === DASH && this.dashItem(this.pos)) return this.blockSeq(col);
    if (this.looksLikeKey(this.pos)) return this.blockMap(col);
    // a lone scalar on its own line as a node: multi-line plain scalars are not read here
    const v = this.inlineValue(parentIndent);
    return v;
  }

  /** `-` followed by a space or the end of the line: a block sequence entry. */
  private dashItem(p: number): boolean {
    const n = this.text.charCodeAt(p + 1);
    return Number.isNaN(n) || n === SPACE || n === NL || n === CR;
  }

  /** Whether the line from `p` is `key:` followed by a space or its end (outside quotes, before a comment). */
  private looksLikeKey(p: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(p);
    const end = this.lineEnd(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p);
      if (close < 0 || close > end) return false;
      let q = close;
      while (q < end && t.charCodeAt(q) === SPACE) q++;
      return t.charCodeAt(q) === COLON;
    }
    if (c === 91 || c === 123 || c === 63) {
      // a flow collection or `?` as a key: give up rather than guess
      for (let q = p; q < end; q++) if (t.charCodeAt(q) === COLON && this.colonEnds(q + 1)) giveUp();
      return false;
    }
    for (let q = p; q < end; q++) {
      const d = t.charCodeAt(q);
      if (d === HASH && (t.charCodeAt(q - 1) === SPACE || t.charCodeAt(q - 1) === TAB)) return false;
      if (d === COLON && this.colonEnds(q + 1)) return true;
    }
    return false;
  }

  private colonEnds(q: number): boolean {
    const n = this.text.charCodeAt(q);
    return Number.isNaN(n) || n === SPACE || n === NL || n === CR || n === TAB;
  }

  /** Offset just past the closing quote of the quoted scalar at `p`, or -1 if it does not close on its line. */
  private quotedEnd(p: number): number {
    const t = this.text;
    const q = t.charCodeAt(p);
    const end = this.lineEnd(p);
    for (let i = p + 1; i < end; i++) {
      const c = t.charCodeAt(i);
      if (q === 34 && c === 92) {
        i++;
        continue;
      }
      if (c === q) {
        if (q === 39 && t.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  private blockMap(indent: number): Record<string, unknown> {
    const t = this.text;
    const obj: Record<string, unknown> = {};
    const offs = this.offsets ? new Map<string, number>() : undefined;
    if (offs) this.offsets!.set(obj, offs);
    this.enter();
    let merged: Set<string> | undefined;
    for (;;) {
      // at the first character of a key, at column `indent`
      const keyAt = this.pos;
      const key = this.key();
      const isMerge = this.keyPlain && key === MERGE_KEY;
      // Kubernetes merges in go-yaml v2's order (yaml-value.ts): left to the general reader
      if (isMerge && this.scalars === 'kubernetes') giveUp();
      if (!isMerge) {
        if ((Object.hasOwn(obj, key) && !merged?.delete(key)) || key === '__proto__') giveUp();
        offs?.set(key, keyAt);
      }
      // after the colon
      let p = this.pos;
      while (p < t.length && t.charCodeAt(p) === SPACE) p++;
      const anchor = t.charCodeAt(p) === AMP ? this.anchorAt(p) : undefined;
      if (anchor) p = this.pos;
      const c = t.charCodeAt(p);
      let value: unknown;
      if (p >= t.length || c === NL || c === CR || c === HASH) {
        this.endLine();
        const col = this.nextContent();
        if (col > indent) value = this.blockNode(indent, col);
        else if (col === indent && t.charCodeAt(this.pos) === DASH && this.dashItem(this.pos)) value = this.blockSeq(indent);
        else value = null;
      } else {
        this.pos = p;
        if (anchor && c !== 91 && c !== 123 && this.looksLikeKey(p)) giveUp(); // `k: &a x: y`
        value = this.inlineValue(indent);
      }
      if (anchor) this.anchors.set(anchor, value);
      if (isMerge) merged = this.merge(obj, value, offs, merged);
      else obj[key] = value;
      const col = this.nextContent();
      if (col < indent) {
        this.depth--;
        return obj;
      }
      if (col > indent) giveUp(); // a continuation line or a stray indent
      if (!this.looksLikeKey(this.pos)) {
        if (t.charCodeAt(this.pos) === DASH && this.dashItem(this.pos)) giveUp();
        giveUp();
      }
    }
  }

  /** A mapping key at `pos` (plain or quoted, on one line); leaves `pos` after its colon. */
  private key(): string {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    let key: string;
    this.keyPlain = !(c === 34 || c === 39);
    if (c === 34 || c === 39) {
      key = this.quoted();
      while (t.charCodeAt(this.pos) === SPACE) this.pos++;
      if (t.charCodeAt(this.pos) !== COLON || !this.colonEnds(this.pos + 1)) giveUp();
    } else {
      if (INDICATORS.has(c)) giveUp();
      const start = this.pos;
      let p = start;
      for (;;) {
        const d = t.charCodeAt(p);
        if (d === COLON && this.colonEnds(p + 1)) break;
        if (Number.isNaN(d) || d === NL || d === CR || d === TAB) giveUp();
        p++;
      }
      let e = p;
      while (e > start && t.charCodeAt(e - 1) === SPACE) e--;
      const raw = t.slice(start, e);
      if (!this.plainKeyIsText(raw)) giveUp(); // `yaml` stringifies such keys; rare enough to leave to it
      key = raw;
      this.pos = p;
    }
    if (t.charCodeAt(this.pos) !== COLON) giveUp();
    this.pos++;
    return key;
  }

  private blockSeq(indent: number): unknown[] {
    const t = this.text;
    const arr: unknown[] = [];
    const offs: number[] | undefined = this.offsets ? [] : undefined;
    if (offs) this.offsets!.set(arr, offs);
    this.enter();
    for (;;) {
      // at a `-` in column `indent`
      let p = this.pos + 1;
      while (p < t.length && t.charCodeAt(p) === SPACE) p++;
      // (an anchored item's position is its value's, after the anchor, as `yaml` gives it)
      const anchor = t.charCodeAt(p) === AMP ? this.anchorAt(p) : undefined;
      if (anchor) p = this.pos;
      const c = t.charCodeAt(p);
      if (p >= t.length || c === NL || c === CR || c === HASH) {
        this.pos = p;
        this.endLine();
        const col = this.nextContent();
        if (col > indent) {
          offs?.push(this.pos);
          arr.push(this.blockNode(indent, col));
        } else {
          offs?.push(p);
          arr.push(null);
        }
      } else {
        this.pos = p;
        offs?.push(p);
        if (c === DASH && this.dashItem(p)) giveUp(); // `- - x`
        // a flow collection item (`- {name: a}`); as a key (`- {a: 1}: b`) endLine refuses it
        if (c !== 91 && c !== 123 && this.looksLikeKey(p)) {
          if (anchor) giveUp(); // `- &a k: v`: the anchor is the key's
          arr.push(this.blockMap(this.column(p)));
        } else arr.push(this.inlineValue(indent));
      }
      if (anchor) this.anchors.set(anchor, arr[arr.length - 1]);
      const col = this.nextContent();
      if (col > indent) giveUp();
      if (col < indent || !(t.charCodeAt(this.pos) === DASH && this.dashItem(this.pos))) {
        // dedented, or the parent mapping's next key
        this.depth--;
        return arr;
      }
    }
  }

  /** A value that starts on the current line: scalar, quoted, flow or block scalar. Ends the line. */
  private inlineValue(indent: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 124 || c === 62) return this.blockScalar(indent);
    if (c === 34 || c === 39) {
      const s = this.quoted();
      this.endLine();
      return s;
    }
    if (c === 91 || c === 123) {
      const v = this.flowNode();
      this.endLine();
      return v;
    }
    if (c === STAR) {
      const v = this.alias();
      this.endLine();
      return v;
    }
    if (INDICATORS.has(c) && !((c === DASH || c === 63 || c === COLON) && !this.colonEnds(this.pos + 1))) giveUp();
    const start = this.pos;
    const end = this.lineEnd(start);
    let p = start;
    let e = end;
    for (; p < end; p++) {
      const d = t.charCodeAt(p);
      if (d === HASH && (t.charCodeAt(p - 1) === SPACE || t.charCodeAt(p - 1) === TAB)) {
        e = p;
        break;
      }
      if (d === COLON && this.colonEnds(p + 1)) giveUp(); // `a: b: c` is an error in YAML
      if (d === TAB || d === CR) giveUp();
    }
    while (e > start && t.charCodeAt(e - 1) === SPACE) e--;
    this.pos = end;
    this.endLine();
    return this.plain(t.slice(start, e));
  }

  private quoted(): string {
    const t = this.text;
    const q = t.charCodeAt(this.pos);
    const close = this.quotedEnd(this.pos);
    if (close < 0) giveUp(); // multi-line quoted scalars fold lines; leave them to `yaml`
    const body = t.slice(this.pos + 1, close - 1);
    this.pos = close;
    if (q === 39) return body.includes("''") ? body.split("''").join("'") : body;
    if (!body.includes('\\')) return body;
    let out = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const n = body[++i];
      if (n === undefined) giveUp();
      const simple = ESCAPES[n!];
      if (simple !== undefined) {
        out += simple;
        continue;
      }
      const len = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (len === 0) giveUp();
      const hex = body.slice(i + 1, i + 1 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) giveUp();
      out += String.fromCodePoint(cp);
      i += len;
    }
    return out;
  }

  /** `|` or `>` with optional chomping; content lines indented past `indent`. */
  private blockScalar(indent: number): string {
    const t = this.text;
    const folded = t.charCodeAt(this.pos) === 62;
    let p = this.pos + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const h = t.charCodeAt(p);
    if (h === DASH) (chomp = 'strip'), p++;
    else if (h === 43) (chomp = 'keep'), p++;
    const d = t.charCodeAt(p);
    if (d >= 48 && d <= 57) giveUp(); // explicit indentation indicator
    this.pos = p;
    this.endLine();
    // content lines
    const lines: string[] = [];
    let trailingEmpty = 0;
    let contentIndent = -1;
    for (;;) {
      const ls = this.pos;
      if (ls >= t.length) break;
      const le = this.lineEnd(ls);
      if (le >= t.length) giveUp(); // no final line break: leave the chomping subtleties to `yaml`
      let q = ls;
      while (q < le && t.charCodeAt(q) === SPACE) q++;
      if (t.charCodeAt(le - 1) === CR) giveUp();
      // a tab after the indentation, even on a line that would end the scalar: `yaml` rejects some
      // of these (BAD_INDENT) and keeps others as content; leave them all to it
      if (q < le && t.charCodeAt(q) === TAB) giveUp();
      if (q === le) {
        // an empty or all-space line
        if (contentIndent < 0 ? q - ls > 0 : q - ls > contentIndent) giveUp();
        if (lines.length === 0) giveUp(); // leading empty lines: leave to `yaml`
        trailingEmpty++;
        this.pos = le + 1;
        continue;
      }
      const ind = q - ls;
      if (contentIndent < 0) {
        if (ind <= indent) break;
        contentIndent = ind;
      }
      if (ind < contentIndent) break;
      if (folded && ind > contentIndent) giveUp(); // more-indented lines are not folded: leave to `yaml`
      for (let k = 0; k < trailingEmpty; k++) lines.push('');
      trailingEmpty = 0;
      lines.push(t.slice(ls + contentIndent, le));
      this.pos = le + 1;
    }
    // `pos` is at the start of the line after the scalar; the caller's nextContent reads on from there
    if (lines.length === 0) return chomp === 'keep' ? '\n'.repeat(trailingEmpty) : '';
    let body: string;
    if (!folded) body = lines.join('\n');
    else {
      body = '';
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!;
        if (i === 0) body = l;
        else if (l === '') body += '\n';
        else body += lines[i - 1] === '' ? l : ' ' + l;
      }
    }
    if (chomp === 'strip') return body;
    if (chomp === 'clip') return body + '\n';
    return body + '\n' + '\n'.repeat(trailingEmpty);
  }

  // ---- anchors and aliases ----

  private newDocument(): void {
    this.anchors = new Map();
    this.meter = new ValueMeter();
  }

  /** The name of the anchor `&name` at `p`, marked in progress; leaves `pos` after it and its spaces. */
  private anchorAt(p: number): string {
    const name = this.nameAt(p + 1);
    this.anchors.set(name, IN_PROGRESS);
    let q = p + 1 + name.length;
    const t = this.text;
    if (q < t.length && t.charCodeAt(q) !== SPACE && t.charCodeAt(q) !== NL && t.charCodeAt(q) !== CR) giveUp();
    while (q < t.length && t.charCodeAt(q) === SPACE) q++;
    this.pos = q;
    return name;
  }

  /** A name after `&` or `*`: the plain characters real manifests use, anything else is left to `yaml`. */
  private nameAt(p: number): string {
    const t = this.text;
    let e = p;
    for (;;) {
      const c = t.charCodeAt(e);
      if (Number.isNaN(c) || c === SPACE || c === NL || c === CR || c === TAB || FLOW_ENDS.has(c)) break;
      e++;
    }
    const name = t.slice(p, e);
    if (!ANCHOR_NAME.test(name)) giveUp();
    return name;
  }

  /**
   * The value of the alias `*name` at `pos` (shared, as `yaml` shares it), charged by its expanded
   * size; an unknown alias, a cycle, too much expansion or depth are left to the general reader,
   * which reports them.
   */
  private alias(): unknown {
    const name = this.nameAt(this.pos + 1);
    this.pos += 1 + name.length;
    const v = this.anchors.get(name);
    if (v === undefined || v === IN_PROGRESS) giveUp();
    const m = this.meter.measure(v);
    this.expansion += m.size;
    if (this.expansion > this.maxExpansion || this.depth + m.depth > this.maxDepth) giveUp();
    return v;
  }

  /**
   * Applies a merge key's value to `obj` as Kubernetes does (see src/check/yaml-value.ts): the keys
   * of each source mapping in order that `obj` does not have yet, at their place in the source.
   * Returns the keys merged so far, which a later explicit key may still replace (once).
   */
  private merge(obj: Record<string, unknown>, value: unknown, offs: Map<string, number> | undefined, merged: Set<string> | undefined): Set<string> {
    const out = merged ?? new Set<string>();
    for (const src of Array.isArray(value) ? value : [value]) {
      if (src === null || typeof src !== 'object' || Array.isArray(src)) giveUp(); // `yaml` reports it
      const srcOffs = this.offsets?.get(src as object) as Map<string, number> | undefined;
      for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
        if (Object.hasOwn(obj, k)) continue;
        obj[k] = v;
        out.add(k);
        if (offs) offs.set(k, srcOffs!.get(k)!);
      }
    }
    return out;
  }

  // ---- flow collections (on one line) ----

  private skipFlowSpace(): void {
    const t = this.text;
    while (this.pos < t.length && t.charCodeAt(this.pos) === SPACE) this.pos++;
    const c = t.charCodeAt(this.pos);
    if (Number.isNaN(c) || c === NL || c === CR || c === TAB || c === HASH) giveUp(); // spans lines or holds a comment
  }

  private flowNode(): unknown {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === STAR) return this.alias();
    if (c === AMP) {
      const anchor = this.anchorAt(this.pos);
      this.skipFlowSpace();
      const n = t.charCodeAt(this.pos);
      if (n === AMP || n === STAR || n === 44 || n === 93 || n === 125) giveUp(); // an empty anchored node
      const v = this.flowNode();
      this.anchors.set(anchor, v);
      return v;
    }
    if (c === 91) return this.flowSeq();
    if (c === 123) return this.flowMap();
    if (c === 34 || c === 39) return this.quoted();
    return this.plain(this.flowPlain());
  }

  /** A plain scalar inside a flow collection, up to `,` `]` `}` or `: `. */
  private flowPlain(): string {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (INDICATORS.has(c) && !((c === DASH || c === 63 || c === COLON) && !this.colonEnds(this.pos + 1) && !FLOW_ENDS.has(t.charCodeAt(this.pos + 1)))) giveUp();
    // go-yaml v2 takes a leading `?` in a flow collection for a key indicator: the general reader refuses it
    if (c === 63 && this.scalars === 'kubernetes') giveUp();
    const start = this.pos;
    let p = start;
    for (;;) {
      const d = t.charCodeAt(p);
      if (Number.isNaN(d) || d === NL || d === CR || d === TAB) giveUp();
      if (FLOW_ENDS.has(d)) break;
      if (d === COLON) {
        const n = t.charCodeAt(p + 1);
        if (Number.isNaN(n) || n === SPACE || FLOW_ENDS.has(n)) break;
      }
      if (d === HASH && t.charCodeAt(p - 1) === SPACE) giveUp();
      p++;
    }
    let e = p;
    while (e > start && t.charCodeAt(e - 1) === SPACE) e--;
    if (e === start) giveUp();
    this.pos = p;
    return t.slice(start, e);
  }

  private flowSeq(): unknown[] {
    const t = this.text;
    const arr: unknown[] = [];
    const offs: number[] | undefined = this.offsets ? [] : undefined;
    if (offs) this.offsets!.set(arr, offs);
    this.enter();
    this.pos++;
    this.skipFlowSpace();
    for (let first = true; ; first = false) {
      if (t.charCodeAt(this.pos) === 93) break; // `[]`, or a trailing comma
      if (!first) {
        if (t.charCodeAt(this.pos) !== 44) giveUp();
        this.pos++;
        this.skipFlowSpace();
        if (t.charCodeAt(this.pos) === 93) break;
      }
      offs?.push(this.pos);
      arr.push(this.flowNode());
      this.skipFlowSpace();
      const c = t.charCodeAt(this.pos);
      if (c === COLON) giveUp(); // `[a: b]` is a single-pair mapping
      if (c !== 93 && c !== 44) giveUp();
    }
    this.pos++;
    this.depth--;
    return arr;
  }

  private flowMap(): Record<string, unknown> {
    const t = this.text;
    const obj: Record<string, unknown> = {};
    const offs = this.offsets ? new Map<string, number>() : undefined;
    if (offs) this.offsets!.set(obj, offs);
    this.enter();
    this.pos++;
    this.skipFlowSpace();
    if (t.charCodeAt(this.pos) === 125) {
      this.pos++;
      this.depth--;
      return obj;
    }
    let merged: Set<string> | undefined;
    for (;;) {
      const keyAt = this.pos;
      const c = t.charCodeAt(this.pos);
      let key: string;
      if (c === 34 || c === 39) key = this.quoted();
      else if (c === 91 || c === 123) return giveUp();
      else {
        key = this.flowPlain();
        if (!this.plainKeyIsText(key)) giveUp();
      }
      const isMerge = key === MERGE_KEY && c !== 34 && c !== 39;
      if (isMerge && this.scalars === 'kubernetes') giveUp();
      if (!isMerge && ((Object.hasOwn(obj, key) && !merged?.delete(key)) || key === '__proto__')) giveUp();
      this.skipFlowSpace();
      if (t.charCodeAt(this.pos) !== COLON) giveUp(); // `{a, b}`: keys without values
      this.pos++;
      this.skipFlowSpace();
      const v = t.charCodeAt(this.pos);
      if (v === 44 || v === 125) giveUp(); // an empty value
      if (isMerge) merged = this.merge(obj, this.flowNode(), offs, merged);
      else {
        offs?.set(key, keyAt);
        obj[key] = this.flowNode();
      }
      this.skipFlowSpace();
      const e = t.charCodeAt(this.pos);
      if (e !== 125 && e !== 44) giveUp();
      if (e === 44) {
        this.pos++;
        this.skipFlowSpace();
      }
      if (t.charCodeAt(this.pos) === 125) {
        this.pos++;
        this.depth--;
        return obj;
      }
    }
  }
}

/**
 * Reads a whole file, or returns undefined when it holds anything beyond the fast subset, nests
 * deeper than `maxDepth` (root mapping = 1) or its aliases add more than `maxExpansion` bytes.
 */
export function parseYamlFast(text: string, maxDepth = Infinity, maxExpansion = Infinity, scalars: Scalars = 'core'): FastParse | undefined {
  const documents: Array<FastDocument | undefined> = [];
  const r = readYamlFast(text, (doc) => void documents.push(doc), maxDepth, maxExpansion, scalars);
  return r ? { documents, expansion: r.expansion } : undefined;
}

/**
 * parseYamlFast one document at a time: `visit` gets each document as it is read, and the reader
 * keeps none of them. Returns undefined when the text leaves the fast subset (some documents may
 * have been visited by then: the caller undoes what it did with them).
 */
export function readYamlFast(text: string, visit: (doc: FastDocument | undefined) => void, maxDepth = Infinity, maxExpansion = Infinity, scalars: Scalars = 'core'): { expansion: number } | undefined {
  // A byte order mark (which YAML allows only before a document) is left to the general reader.
  if (text.includes('\ufeff')) return undefined;
  const r = new Reader(text, false, maxDepth, maxExpansion, scalars);
  try {
    r.documents(visit);
    return { expansion: r.expansion };
  } catch (err) {
    if (err instanceof GiveUp) return undefined;
    // a bug in the fast path must never cost a user their check: the general parser takes over
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** The value of a document of a file parseYamlFast accepted, read again from its content offset. */
export function documentValueAt(text: string, contentStart: number, scalars: Scalars = 'core'): Record<string, unknown> {
  return new Reader(text, false, Infinity, Infinity, scalars).documentAt(contentStart);
}

/**
 * The document of a file parseYamlFast accepted, read again with its entry offsets: positions are
 * only needed for documents with findings, so the first pass does not keep them.
 */
export function documentOffsets(text: string, doc: FastDocument, scalars: Scalars = 'core'): LocatedDocument {
  const r = new Reader(text, true, Infinity, Infinity, scalars);
  const value = r.documentAt(doc.contentStart);
  return { value, offsets: r.offsets! };
}

/**
 * The single mapping a small YAML text holds (METADATA blocks, configuration), read by the fast
 * reader; undefined when the text is anything else or beyond the fast subset (callers then use `yaml`).
 */
export function parseYamlMappingFast(text: string): Record<string, unknown> | undefined {
  const parsed = parseYamlFast(text.endsWith('\n') ? text : text + '\n');
  if (!parsed) return undefined;
  const docs = parsed.documents;
  return docs.length === 1 && docs[0] ? docs[0].value : undefined;
}
