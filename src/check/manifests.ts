// Manifest loading for `warden check`: files, directories and stdin (the output of `helm template` or
// `kustomize build`), multi-document YAML or JSON, with source positions kept so that a finding's
// field path (["spec","template","spec","containers",0,"securityContext","privileged"]) maps back to
// the file, line and column a reviewer should look at.
//
// What callers can rely on:
// - Resources come out in a stable order: inputs in the order given, directory entries sorted, files
//   in document order, `List` items in item order. The index in `resources` is the resource's
//   identity in the policy input (`input.resources[i]`).
// - A malformed document is one WD5001 diagnostic with file:line; the other documents still load.
// - Hostile input is refused before it can cost much: files over `maxBytes` (WD5004, checked with
//   stat before reading), bytes that are not UTF-8 (WD5009, located), nesting deeper than
//   `maxDepth` (WD5005, found by a linear scan before the YAML parser, whose composer recurses, ever
//   sees the text, and again through aliases), and alias expansion beyond `maxExpansion` bytes over
//   the whole run (WD5003: the "billion laughs" document, refused after work linear in its text).
// - Plain scalars and merge keys (`<<`) read as Kubernetes reads them (go-yaml v2: YAML 1.1's
//   booleans and numbers, merges in document order; see yaml-value.ts and kube-scalars.ts): a field
//   written through a merge, or as `on`, is checked as the cluster will take it. The fast reader
//   leaves files with merge keys to the general one.
import { isUtf8 } from 'node:buffer';
import { unrenderedInput } from './input-kind.js';
import { readSource, SOURCE_FILE_NAME } from './sources/index.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, Parser, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { emptySpan, spanAt, type Diagnostic, type Result, type Span } from '../diagnostics/index.js';
import { documentOffsets, documentValueAt, readYamlFast, type EntryOffsets, type FastDocument, type LocatedDocument } from '../text/fast-yaml.js';
import { documentValue, isMergePair, kubeScalarOf, type ExpansionBudget } from './yaml-value.js';
import { kubeKeyText } from '../text/kube-scalars.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, withoutAmbiguousBreaks, withoutOversizedDocuments } from './document-size.js';
import { confine, outsideRootHint, projectRoot, type ProjectRoot } from '../fs/confine.js';

export type FieldPath = ReadonlyArray<string | number>;

export interface ManifestLimits {
  /** Largest file (or stdin) accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of mappings/sequences accepted. */
  maxDepth: number;
  /**
   * Bytes YAML aliases may add to the input of one run, all files together, measured as the JSON
   * the policy input becomes. `'auto'`: 10 times the bytes read so far plus 1 MiB, at most 64 MiB.
   */
  maxExpansion: number | 'auto';
  /** Largest single document (one object) accepted, in bytes of YAML; see document-size.ts. */
  maxDocumentBytes?: number;
}

export const DEFAULT_LIMITS: ManifestLimits = { maxBytes: 50 * 1024 * 1024, maxDepth: 256, maxExpansion: 'auto', maxDocumentBytes: DEFAULT_MAX_DOCUMENT_BYTES };

const MIB = 1024 * 1024;
/** The automatic expansion limit: EXPANSION_RATIO x input + EXPANSION_FLOOR, at most EXPANSION_CAP. */
export const EXPANSION_RATIO = 10;
export const EXPANSION_FLOOR = MIB;
export const EXPANSION_CAP = 64 * MIB;

/** A run's expansion budget; `grow` it by each input's size before reading that input. */
export function expansionBudget(limits: ManifestLimits): ExpansionBudget & { grow(bytes: number): void } {
  const fixed = limits.maxExpansion !== 'auto';
  const start = fixed ? (limits.maxExpansion as number) : EXPANSION_FLOOR;
  let read = 0;
  const budget = {
    remaining: start,
    limit: start,
    describe: fixed ? 'set by --max-expansion' : `${EXPANSION_RATIO} times the input size + 1 MiB, at most ${EXPANSION_CAP / MIB} MiB`,
    grow(bytes: number) {
      if (fixed) return;
      read += bytes;
      const limit = Math.min(EXPANSION_CAP, EXPANSION_FLOOR + EXPANSION_RATIO * read);
      budget.remaining += limit - budget.limit;
      budget.limit = limit;
    },
  };
  return budget;
}

/** A position in a manifest file, 1-based. `path` is the part of the requested path that exists. */
export interface ManifestPosition {
  file: string;
  line: number;
  column: number;
  path: FieldPath;
  /** False when the requested field is missing and the position is its nearest existing ancestor. */
  exact: boolean;
}

export interface ManifestResource {
  /** Index in the policy input `resources` array. */
  index: number;
  /**
   * The resource's value. Read again from the file's text on demand (a few recent ones are kept):
   * a set holds the text and small facts per resource, not every value at once, so its memory stays
   * near the input's size. Treat it as read-only; two reads may give two equal objects.
   */
  readonly object: Record<string, unknown>;
  /** File as shown to the user (relative to the working directory where possible), or `<stdin>`. */
  file: string;
  /** Helm's `# Source: chart/templates/x.yaml` comment above the document, when present. */
  template?: string;
  /** 0-based document number within the file. */
  document: number;
  kind: string;
  name: string;
  namespace?: string;
  /** Position of a field path inside this resource (nearest existing ancestor when missing). */
  position(path: FieldPath): ManifestPosition;
  /**
   * The `warden.dev/ignore` annotation's value, as read when the set was loaded (undefined: none),
   * so suppressions need not read every value again. Absent: read `object` instead.
   */
  ignoreAnnotation?(): string | undefined;
}

/** The annotation a resource lists checks to ignore in (see waivers.ts). */
export const IGNORE_ANNOTATION = 'warden.dev/ignore';

export interface ManifestSet {
  resources: ManifestResource[];
  /** Files read, in order (directories expanded). */
  files: string[];
}

export interface LoadOptions {
  cwd?: string;
  /** Standard input, as bytes (checked to be UTF-8) or as text already decoded. */
  readStdin?: () => Promise<string | Uint8Array>;
  limits?: Partial<ManifestLimits>;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

function diag(code: string, file: string, message: string, span: Span = emptySpan, hint?: string): Diagnostic {
  return { code, severity: 'error', message, file, span, ...(hint ? { hint } : {}) };
}

/** Shows a path relative to cwd when it lies below it, so reports and SARIF stay repo-relative. */
function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : abs;
}

/** A file a directory walk found: `quiet` when a directory or the file itself is a dot entry (see expandDirectory). */
interface WalkedFile {
  path: string;
  quiet: boolean;
}

/**
 * Expands a directory into its manifest files, recursively and sorted, without recursion on the
 * call stack. It takes every file `kubectl apply -R -f` would apply, so that none can hide from the
 * checks: dot files and dot directories too (kubectl skips neither; only `.git` is left out), and
 * symbolic links to files, followed where they stay inside the directory's project root (WD5014
 * where they lead outside). A link to a directory, which kubectl fails on, gets a warning. Files
 * under a dot name are `quiet`: tool configurations (`.pre-commit-config.yaml`, `.github/dependabot.yml`)
 * are not Kubernetes objects, and only their objects and errors are reported.
 */
function expandDirectory(dir: string, cwd: string, diagnostics: Diagnostic[]): WalkedFile[] {
  const out: WalkedFile[] = [];
  const root = projectRoot(dir, cwd);
  const pending: Array<{ dir: string; quiet: boolean }> = [{ dir, quiet: false }];
  while (pending.length > 0) {
    const d = pending.pop()!;
    const entries = readdirSync(d.dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Array<{ dir: string; quiet: boolean }> = [];
    for (const e of entries) {
      if (e.name === '.git') continue;
      const p = join(d.dir, e.name);
      const quiet = d.quiet || e.name.startsWith('.');
      if (e.isDirectory()) subdirs.push({ dir: p, quiet });
      else if (!(MANIFEST_EXT.test(e.name) || SOURCE_FILE_NAME.test(e.name))) continue;
      else if (e.isFile()) out.push({ path: p, quiet });
      else if (e.isSymbolicLink()) walkLink(root, d.dir, e.name, cwd, quiet, out, diagnostics);
    }
    // Reverse so the first subdirectory pops first: the final order is a sorted depth-first walk.
    for (let i = subdirs.length - 1; i >= 0; i--) pending.push(subdirs[i]!);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A symbolic link met in a directory walk: its file when it stays inside `root`, else a diagnostic. */
function walkLink(root: ProjectRoot, dir: string, name: string, cwd: string, quiet: boolean, out: WalkedFile[], diagnostics: Diagnostic[]): void {
  const p = join(dir, name);
  const shown = displayPath(cwd, p);
  const c = confine(root, dir, name);
  if (!c.inside) {
    const why = c.loop ? 'is a loop of symbolic links' : 'is a symbolic link that leads outside its project root';
    diagnostics.push(diag('WD5014', shown, `manifest ${shown} ${why}; not read (kubectl would read it)`, emptySpan, outsideRootHint(root.dir)));
    return;
  }
  let isDir: boolean;
  try {
    isDir = statSync(c.real).isDirectory();
  } catch {
    diagnostics.push(diag('WD5006', shown, `cannot read "${shown}": a symbolic link to nothing`));
    return;
  }
  if (isDir) diagnostics.push({ ...diag('WD5008', shown, `${shown} is a symbolic link to a directory; not followed (kubectl fails on it)`), severity: 'warning' });
  else out.push({ path: p, quiet });
}

/** Diagnostics that say a document is no Kubernetes object (no kind; a scalar or a list): a dot file's are not reported. */
const NOT_AN_OBJECT = new Set(['WD5002', 'WD5007']);

/** Loads every input (file, directory, or `-` for stdin) into one resource list. */
export async function loadManifests(inputs: readonly string[], options: LoadOptions = {}): Promise<Result<ManifestSet>> {
  const cwd = options.cwd ?? process.cwd();
  const limits: ManifestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const diagnostics: Diagnostic[] = [];
  const resources: ManifestResource[] = [];
  const files: string[] = [];
  const budget = expansionBudget(limits);
  const add = (file: string, text: string | undefined, bytes: number, abs?: string, quiet = false) => {
    files.push(file);
    if (text === undefined) return;
    // A Helm template or a kustomize file is not read as YAML: one error saying what to run instead.
    const unrendered = unrenderedInput(file, text, abs);
    if (unrendered) return void diagnostics.push(unrendered);
    budget.grow(bytes);
    // Workflows and Dockerfiles, recognised by content, have readers of their own (src/check/sources).
    const r = readSource(file, text, limits, resources.length, budget) ?? parseManifests(file, text, limits, resources.length, 'auto', budget);
    resources.push(...r.value);
    // a dot file's documents that are no Kubernetes object are a tool's configuration: not reported
    diagnostics.push(...(quiet ? r.diagnostics.filter((d) => !NOT_AN_OBJECT.has(d.code)) : r.diagnostics));
  };
  for (const input of inputs) {
    if (input === '-') {
      const content = options.readStdin ? await options.readStdin() : '';
      if ((typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length) > limits.maxBytes) {
        diagnostics.push(diag('WD5004', '<stdin>', `standard input is larger than the limit of ${limits.maxBytes} bytes`, emptySpan, 'raise the limit with --max-bytes if this is intended'));
        continue;
      }
      add('<stdin>', typeof content === 'string' ? content : decodeUtf8('<stdin>', content, diagnostics), typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length);
      continue;
    }
    const abs = resolve(cwd, input);
    let paths: WalkedFile[];
    try {
      const st = statSync(abs);
      paths = st.isDirectory() ? expandDirectory(abs, cwd, diagnostics) : [{ path: abs, quiet: false }];
      if (st.isDirectory() && paths.length === 0) {
        diagnostics.push({ ...diag('WD5008', input, `directory "${input}" holds no .yaml, .yml or .json files`), severity: 'warning' });
      }
    } catch {
      diagnostics.push(diag('WD5006', input, `cannot read "${input}": no such file or directory`));
      continue;
    }
    for (const { path: p, quiet } of paths) {
      const shown = displayPath(cwd, p);
      let size: number;
      try {
        size = statSync(p).size;
      } catch {
        diagnostics.push(diag('WD5006', shown, `cannot read "${shown}"`));
        continue;
      }
      if (size > limits.maxBytes) {
        diagnostics.push(
          diag('WD5004', shown, `file is ${size} bytes, over the limit of ${limits.maxBytes} bytes; not read`, emptySpan, 'raise the limit with --max-bytes if this is intended'),
        );
        continue;
      }
      add(shown, readText(shown, p, diagnostics), size, p, quiet);
    }
  }
  return { value: { resources, files }, diagnostics };
}

/**
 * A file's text (undefined when it is not UTF-8). A function of its own so the bytes are garbage
 * once it returns: held in the async caller's frame, they would stay alive through the parse.
 */
function readText(shown: string, path: string, diagnostics: Diagnostic[]): string | undefined {
  // Decoded by Node as it reads (its buffer is freed at once); only a text holding U+FFFD, which
  // is also what a bad byte decodes to, is read again as bytes to tell the two apart.
  const text = readFileSync(path, 'utf8');
  return text.includes('\ufffd') ? decodeUtf8(shown, readFileSync(path), diagnostics) : text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a file's bytes, or undefined (and a WD5009 at the first bad byte) when they are not
 * UTF-8: decoding them anyway would replace the bad bytes silently, and what a reviewer reads
 * would no longer be what is checked.
 */
export function decodeUtf8(file: string, bytes: Uint8Array, diagnostics: Diagnostic[]): string | undefined {
  // Validated natively, then decoded by Buffer: TextDecoder keeps the bytes' memory alive for a
  // while after decoding, which for a large file doubles the peak while parsing.
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return UTF8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    diagnostics.push(
      diag('WD5009', file, `not valid UTF-8: byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad}; file not checked`, spanAt(before, before.length), 'Kubernetes manifests are UTF-8; re-encode the file (iconv -t UTF-8)'),
    );
    return undefined;
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) (n = 2), (lo = c === 0xe0 ? 0xa0 : 0x80), (hi = c === 0xed ? 0x9f : 0xbf);
    else if (c >= 0xf0 && c <= 0xf4) (n = 3), (lo = c === 0xf0 ? 0x90 : 0x80), (hi = c === 0xf4 ? 0x8f : 0xbf);
    else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/**
 * Deepest nesting in the text, by a linear scan that needs no parse: block indentation levels plus
 * flow brackets (`[`, `{`) outside quotes, comments and block scalars. It may overestimate a little
 * (it is a guard, not a parser), never by enough to matter against a limit of hundreds of levels.
 * Returns the offset where the limit was first exceeded, or -1.
 */
export function scanNestingDepth(text: string, maxDepth: number): number {
  const indents: number[] = [];
  let flow = 0;
  let blockScalarIndent = -1; // while >= 0, lines indented more than this belong to a block scalar
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line.
    let indent = 0;
    while (i + indent < n && text.charCodeAt(i + indent) === 32) indent++;
    let j = i + indent;
    const lineEnd = text.indexOf('\n', j) === -1 ? n : text.indexOf('\n', j);
    const blank = j >= lineEnd || text[j] === '\r';
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) {
        i = lineEnd + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (blank || text[j] === '#') {
      i = lineEnd + 1;
      continue;
    }
    let dashes = 0;
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      // Compact nested sequences ("- - - x") each add a level on one line.
      while (j + 1 < lineEnd && text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        dashes++;
        j += 2;
        while (j < lineEnd && text[j] === ' ') j++;
      }
      if (indents.length + dashes > maxDepth) return j;
    }
    // Scan the rest of the line for flow brackets in value position.
    let quote = '';
    let valuePos = true;
    let lastNonSpace = '';
    for (; j < lineEnd; j++) {
      const c = text[j];
      if (quote) {
        if (c === quote) {
          if (quote === "'" && text[j + 1] === "'") j++;
          else quote = '';
        } else if (c === '\\' && quote === '"') j++;
        continue;
      }
      if (c === '#' && (j === 0 || text[j - 1] === ' ' || text[j - 1] === '\t')) break;
      if ((c === '"' || c === "'") && (valuePos || flow > 0)) {
        quote = c;
        continue;
      }
      if ((c === '[' || c === '{') && (valuePos || flow > 0)) {
        flow++;
        if (flow + indents.length + dashes > maxDepth) return j;
        continue;
      }
      if ((c === ']' || c === '}') && flow > 0) {
        flow--;
        continue;
      }
      if (c === ' ' || c === '\t') {
        if (lastNonSpace === ':' || lastNonSpace === '-' || lastNonSpace === ',') valuePos = true;
        continue;
      }
      valuePos = flow > 0 && c === ',';
      lastNonSpace = c;
    }
    // A block scalar header ("key: |", "- >-") makes the following, more indented lines plain text.
    if (flow === 0 && !quote) {
      const trimmed = text.slice(i + indent, lineEnd).replace(/\s+#.*$/, '').trimEnd();
      if (/(^|[\s:])[|>][-+0-9]*$/.test(trimmed)) blockScalarIndent = indent;
    }
    i = lineEnd + 1;
  }
  return -1;
}

/** Depth of a parsed value, iteratively (the value may come from hostile input). */
function valueDepth(root: unknown, maxDepth: number): number {
  const stack: Array<[unknown, number]> = [[root, 1]];
  let max = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > maxDepth) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) stack.push([child, d + 1]);
  }
  return max;
}

/**
 * Parses one file's text into resources; `firstIndex` is the index the first resource gets.
 * `budget` is the run's alias expansion budget (by default one for this text alone).
 */
export function parseManifests(
  file: string,
  text: string,
  limits: ManifestLimits = DEFAULT_LIMITS,
  firstIndex = 0,
  reader: 'auto' | 'general' = 'auto',
  budget: ExpansionBudget = fileBudget(limits, text),
): Result<ManifestResource[]> {
  const diagnostics: Diagnostic[] = [];
  const resources: ManifestResource[] = [];
  if (/\.json$/i.test(file)) {
    const comment = jsonCommentAt(text);
    if (comment >= 0) {
      diagnostics.push(diag('WD5001', file, 'JSON does not allow comments (`//` or `/* */`); file not checked', spanAt(text, comment, 2), 'remove the comments, or write the manifest as YAML (comments start with #)'));
      return { value: resources, diagnostics };
    }
  }
  // A document larger than one Kubernetes object can be is refused before it is read, and so is
  // one with a line break only Kubernetes' reader takes for one (NEL, U+2028, U+2029).
  text = withoutOversizedDocuments(file, text, limits.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES, diagnostics);
  text = withoutAmbiguousBreaks(file, text, diagnostics);
  // The fast reader takes the plain manifests that make up nearly every input (it gives up past
  // maxDepth itself); anything else goes through `yaml`, which also owns every error message.
  if (reader === 'auto' && readFast(file, text, limits, budget, firstIndex, resources, diagnostics)) return { value: resources, diagnostics };
  const tooDeep = scanNestingDepth(text, limits.maxDepth);
  if (tooDeep >= 0) {
    diagnostics.push(
      diag('WD5005', file, `nesting deeper than ${limits.maxDepth} levels; file not checked`, spanAt(text, tooDeep), 'a Kubernetes manifest never nests this deep; is this input generated by mistake?'),
    );
    return { value: resources, diagnostics };
  }
  readGeneral(file, text, limits, budget, firstIndex, resources, diagnostics);
  return { value: resources, diagnostics };
}

/** Offset of the first `//` or `/*` outside a string in JSON text, or -1. */
export function jsonCommentAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47 && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) return i;
  }
  return -1;
}

function fileBudget(limits: ManifestLimits, text: string): ExpansionBudget {
  const b = expansionBudget(limits);
  b.grow(Buffer.byteLength(text, 'utf8'));
  return b;
}

/** Where a document's value came from, so positions can be found in it. */
interface DocumentSource {
  file: string;
  docNo: number;
  /** Helm's `# Source:` template, from the comments above the content. */
  template: string | undefined;
  spanOf(offset: number): Span;
  /** Position of a path inside `item` (the document, or one `List` item at `itemIndex`). */
  locate(path: FieldPath, itemIndex: number | undefined): ManifestPosition;
  /** The document's value read again (the resources keep facts, not values). */
  load(): unknown;
  /** Offset of `List` item k, or of the content when unknown. */
  itemOffset(k: number): number;
  contentStart: number;
  /** The reader already refused nesting deeper than the limit. */
  depthChecked?: boolean;
  /** The document starts with `//` or `/*`: a JSON-with-comments file, which YAML reads as one string. */
  startsWithSlashComment?: boolean;
}

/** The checks and shaping every document goes through, whichever reader produced its value. */
function acceptDocument(value: unknown, src: DocumentSource, limits: ManifestLimits, firstIndex: number, resources: ManifestResource[], diagnostics: Diagnostic[]): void {
  const { file, docNo } = src;
  if (!src.depthChecked && valueDepth(value, limits.maxDepth) > limits.maxDepth) {
    diagnostics.push(diag('WD5005', file, `document ${docNo + 1} nests deeper than ${limits.maxDepth} levels; not checked`, src.spanOf(src.contentStart)));
    return;
  }
  if (typeof value === 'string' && src.startsWithSlashComment) {
    diagnostics.push(
      diag('WD5001', file, `document ${docNo + 1} starts with a \`//\` or \`/*\` comment, which neither JSON nor YAML allows; not checked`, src.spanOf(src.contentStart), 'remove the comments (YAML comments start with #)'),
    );
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push(
      diag('WD5002', file, `document ${docNo + 1} is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object; not checked`, src.spanOf(src.contentStart), 'each document must be a mapping with apiVersion and kind'),
    );
    return;
  }
  const obj = value as Record<string, unknown>;
  const push = (o: Record<string, unknown>, itemIndex: number | undefined, at: number, type?: ItemType) => {
    const kind = typeof o.kind === 'string' ? o.kind : '';
    const meta = (o.metadata && typeof o.metadata === 'object' ? o.metadata : {}) as Record<string, unknown>;
    if (!kind) {
      diagnostics.push({ ...diag('WD5007', file, `document ${docNo + 1} has no "kind"; not checked`, src.spanOf(at)), severity: 'warning' });
      return;
    }
    const name = typeof meta.name === 'string' ? meta.name : '';
    const annotations = meta.annotations as Record<string, unknown> | null | undefined;
    const ignore = annotations && typeof annotations === 'object' && typeof annotations[IGNORE_ANNOTATION] === 'string' ? (annotations[IGNORE_ANNOTATION] as string) : undefined;
    resources.push(new Resource(firstIndex + resources.length, src, itemIndex, kind, name, typeof meta.namespace === 'string' ? meta.namespace : undefined, ignore, type));
  };
  if (Array.isArray(obj.items)) acceptListItems(obj, obj.items, src, push, diagnostics);
  else push(obj, undefined, src.contentStart);
}

/** The kind and apiVersion a list gives its items that name neither. */
interface ItemType {
  kind: string;
  apiVersion: unknown;
}

/**
 * A list's items as resources. kubectl takes any object whose `items` is a list as a List, whatever
 * its kind (apimachinery decodes it as an UnstructuredList, cli-runtime flattens it): it applies the
 * items, not the object, and an item that names neither kind nor apiVersion takes the list's kind
 * without "List" and its apiVersion. So a ConfigMap with `items: [<privileged Pod>]` creates that
 * Pod, and the Pod is what is checked. A list inside a list (which kubectl flattens too) is refused.
 */
function acceptListItems(
  list: Record<string, unknown>,
  items: unknown[],
  src: DocumentSource,
  push: (o: Record<string, unknown>, itemIndex: number, at: number, type?: ItemType) => void,
  diagnostics: Diagnostic[],
): void {
  const { file, docNo } = src;
  const type: ItemType = { kind: typeof list.kind === 'string' ? list.kind.replace(/List$/, '') : '', apiVersion: list.apiVersion ?? '' };
  items.forEach((item, k) => {
    const at = src.itemOffset(k);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      diagnostics.push(diag('WD5002', file, `item ${k} of the list in document ${docNo + 1} is not an object; not checked`, src.spanOf(at)));
      return;
    }
    const o = item as Record<string, unknown>;
    if (Array.isArray(o.items)) {
      diagnostics.push(diag('WD5002', file, `item ${k} of the list in document ${docNo + 1} is itself a list (kubectl applies its items too); not checked`, src.spanOf(at), 'write its items as items of the outer list, or as documents of their own'));
      return;
    }
    const untyped = (o.kind === undefined || o.kind === '') && (o.apiVersion === undefined || o.apiVersion === '');
    if (untyped) push({ ...o, kind: type.kind, apiVersion: type.apiVersion }, k, at, type);
    else push(o, k, at);
  });
}

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/m;

/**
 * The values and position tables read again most recently, by key: a few, so that a caller going
 * through one resource (or the findings of one resource) at a time reads each once, while memory
 * holds a handful of documents whatever the set's size. (Not a WeakRef cache: a synchronous loop
 * over every resource would keep every target alive until it ends.)
 */
const RECENT_SIZE = 16;
const recent = new Map<object, unknown>();

function recently<T>(key: object, load: () => T): T {
  if (recent.has(key)) {
    const v = recent.get(key) as T;
    recent.delete(key);
    recent.set(key, v);
    return v;
  }
  const v = load();
  recent.set(key, v);
  if (recent.size > RECENT_SIZE) recent.delete(recent.keys().next().value!);
  return v;
}

/**
 * A resource as the set keeps it: its facts and where its document is; the value and positions are
 * read again from the text on demand. A class (methods on the prototype, no closures per resource)
 * so that tens of thousands of resources cost little beside the text.
 */
class Resource implements ManifestResource {
  readonly index: number;
  readonly file: string;
  readonly template?: string;
  readonly document: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly #src: DocumentSource;
  readonly #item: number | undefined;
  readonly #ignore: string | undefined;
  /** The kind and apiVersion the item takes from its list (it names neither), else undefined. */
  readonly #type: ItemType | undefined;

  constructor(index: number, src: DocumentSource, item: number | undefined, kind: string, name: string, namespace: string | undefined, ignore: string | undefined, type?: ItemType) {
    this.index = index;
    this.file = src.file;
    if (src.template) this.template = src.template;
    this.document = src.docNo;
    this.kind = kind;
    this.name = name;
    if (namespace !== undefined) this.namespace = namespace;
    this.#src = src;
    this.#item = item;
    this.#ignore = ignore;
    this.#type = type;
  }

  ignoreAnnotation(): string | undefined {
    return this.#ignore;
  }

  get object(): Record<string, unknown> {
    return recently(this, () => this.load());
  }

  /** The value read afresh, not kept. */
  load(): Record<string, unknown> {
    const v = this.#src.load();
    const o = (this.#item === undefined ? v : (v as { items: unknown[] }).items[this.#item]) as Record<string, unknown>;
    return this.#type ? { ...o, kind: this.#type.kind, apiVersion: this.#type.apiVersion } : o;
  }

  position(path: FieldPath): ManifestPosition {
    return this.#src.locate(path, this.#item);
  }
}

/**
 * The resource with its value read once and held: for a caller that reads the values of many
 * resources several times over (the in-memory model of a run without one) for a short while.
 */
export function holdingValue(r: ManifestResource): ManifestResource {
  const object = resourceValue(r);
  return {
    index: r.index,
    file: r.file,
    ...(r.template ? { template: r.template } : {}),
    document: r.document,
    kind: r.kind,
    name: r.name,
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    object,
    position: (path) => r.position(path),
  };
}

/**
 * A resource's value read afresh and not kept by the set: for a caller that goes through every
 * resource once (building the policy input) and must not keep them all alive.
 */
export function resourceValue(r: ManifestResource): Record<string, unknown> {
  return r instanceof Resource ? r.load() : r.object;
}

/** How the general reader parses: see readGeneral. */
const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false, merge: true, logLevel: 'silent' } as const;

/** A document's nodes again, for positions; offsets in it are relative to `base`. */
interface Reparsed {
  contents: YamlNode | null;
  /** The document's value, as the first read gave it. */
  value: unknown;
  base: number;
  deref(n: unknown): unknown;
}

/**
 * The nodes of the document whose text is `text.slice(start, end)`, parsed again on demand: the
 * general reader drops each document's nodes once it has its value (they take tens of times the
 * text's size), and only documents with findings ever need positions.
 */
function reparse(text: string, start: number, end: number, docNo: number): Reparsed {
  const docs = parseAllDocuments(text.slice(start, end), YAML_OPTIONS);
  const withContent = (Array.isArray(docs) ? docs : []).filter((d) => d.contents !== null);
  let doc = withContent.length === 1 ? withContent[0] : undefined;
  let base = start;
  if (!doc) {
    // the slice did not stand alone (markers, directives): the whole text, once
    const all = parseAllDocuments(text, YAML_OPTIONS);
    doc = (Array.isArray(all) ? all : [])[docNo];
    base = 0;
  }
  const targets = doc ? documentValue(doc, { remaining: Infinity, limit: Infinity, describe: '' }, Infinity, 'kubernetes') : undefined;
  const aliasTargets = targets && 'value' in targets ? targets.value.aliasTargets : new Map<YamlNode, YamlNode>();
  const value = targets && 'value' in targets ? targets.value.value : null;
  return { contents: (doc?.contents as YamlNode | null) ?? null, value, base, deref: (n) => (isAlias(n) ? (aliasTargets.get(n as YamlNode) ?? n) : n) };
}

function readGeneral(file: string, text: string, limits: ManifestLimits, budget: ExpansionBudget, firstIndex: number, resources: ManifestResource[], diagnostics: Diagnostic[]): void {
  const lineCounter = new LineCounter();
  // merge: `<<` keys compose as merge keys (applied by documentValue, which also finds duplicate
  // keys: the package's uniqueKeys check is quadratic in a mapping's size); logLevel: the package
  // must never write warnings to stderr (they would leak past the report). Documents are composed
  // one at a time and their nodes dropped once converted (see reparse).
  const composer = new Composer(YAML_OPTIONS);
  const pos = (offset: number) => lineCounter.linePos(offset);
  const spanOf = (offset: number, end = offset + 1): Span => {
    const a = pos(offset);
    const b = pos(Math.max(offset, end));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col, offset, endOffset: Math.max(offset, end) };
  };
  let prevEnd = 0;
  let docNo = -1;
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    docNo++;
    const contents = doc.contents as YamlNode | null;
    const contentStart = contents?.range?.[0] ?? doc.range[0];
    const docStart = prevEnd;
    const header = text.slice(prevEnd, contentStart);
    prevEnd = doc.range[2];
    const errors = doc.errors;
    if (errors.length > 0 && /^\/[/*]/.test(text.slice(contentStart, contentStart + 2))) {
      diagnostics.push(diag('WD5001', file, `document ${docNo + 1} starts with a \`//\` or \`/*\` comment, which neither JSON nor YAML allows; not checked`, spanOf(contentStart, contentStart + 2), 'remove the comments (YAML comments start with #)'));
      continue;
    }
    if (errors.length > 0) {
      const e = errors[0];
      const exhausted = e.code === 'RESOURCE_EXHAUSTION';
      diagnostics.push(
        diag(
          exhausted ? 'WD5005' : 'WD5001',
          file,
          `${exhausted ? 'document too large to parse' : 'malformed YAML document'} (document ${docNo + 1}): ${e.message.split('\n')[0]}`,
          spanOf(e.pos[0], e.pos[1]),
          'the other documents in this file are still checked',
        ),
      );
      continue;
    }
    if (contents === null || (isScalar(contents) && contents.value === null)) continue; // empty document: helm emits these
    const before = budget.remaining;
    const converted = documentValue(doc as Document.Parsed, budget, limits.maxDepth, 'kubernetes');
    if ('error' in converted) {
      budget.remaining = before; // a refused document expands nothing
      const e = converted.error;
      const what = e.code === 'WD5001' ? 'malformed YAML document' : e.code === 'WD5003' ? 'alias expansion refused' : 'too deep';
      diagnostics.push(diag(e.code, file, `${what} (document ${docNo + 1}): ${e.message}; not checked`, spanOf(e.offset, e.endOffset), e.hint ?? 'the other documents in this file are still checked'));
      continue;
    }
    const value = converted.value.value;
    const docEnd = doc.range[2];
    const n = docNo;
    const key = {};
    const nodes = () => recently(key, () => reparse(text, docStart, docEnd, n));
    const itemNode = (k: number): YamlNode | null => {
      const r = nodes();
      const items = isMap(r.contents) ? r.deref(r.contents.get('items', true)) : undefined;
      return isSeq(items) ? ((items.items[k] as YamlNode | undefined) ?? null) : null;
    };
    const itemOffset = (k: number) => {
      const at = itemNode(k)?.range?.[0];
      return at === undefined ? contentStart : at + nodes().base;
    };
    acceptDocument(
      value,
      {
        file,
        docNo,
        template: SOURCE_COMMENT.exec(header)?.[1],
        spanOf,
        contentStart,
        startsWithSlashComment: /^\/[/*]/.test(text.slice(contentStart, contentStart + 2)),
        depthChecked: true, // documentValue counted it, through aliases
        itemOffset,
        load: () => nodes().value,
        locate: (path, k) => {
          const r = nodes();
          const root = k === undefined ? r.contents : itemNode(k);
          return locate(root, path, file, (o) => pos(o + r.base), (k === undefined ? contentStart : itemOffset(k)) - r.base, r.deref);
        },
      },
      limits,
      firstIndex,
      resources,
      diagnostics,
    );
  }
}

/**
 * The fast reader's path: each document is checked and reduced to its resources' facts as it is
 * read, and its value dropped (resources read it again on demand). Returns false, with nothing
 * added, when the text leaves the fast subset: the general reader then takes the whole file.
 */
function readFast(file: string, text: string, limits: ManifestLimits, budget: ExpansionBudget, firstIndex: number, resources: ManifestResource[], diagnostics: Diagnostic[]): boolean {
  const resourcesBefore = resources.length;
  const diagnosticsBefore = diagnostics.length;
  let lines: number[] | undefined;
  const pos = (offset: number) => linePos((lines ??= lineStarts(text)), offset);
  const spanOf = (offset: number): Span => {
    const a = pos(offset);
    const b = pos(offset + 1);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col, offset, endOffset: offset + 1 };
  };
  const shared: FastFile = { file, text, pos, spanOf };
  let docNo = -1;
  const visit = (doc: FastDocument | undefined) => {
    docNo++;
    if (!doc) return; // empty document
    acceptDocument(doc.value, new FastSource(shared, doc, docNo), limits, firstIndex, resources, diagnostics);
  };
  const read = readYamlFast(text, visit, limits.maxDepth, budget.remaining, 'kubernetes');
  if (!read) {
    resources.length = resourcesBefore;
    diagnostics.length = diagnosticsBefore;
    return false;
  }
  budget.remaining -= read.expansion;
  return true;
}

/** What the documents of one fast-read file share. */
interface FastFile {
  file: string;
  text: string;
  pos(offset: number): { line: number; col: number };
  spanOf(offset: number): Span;
}

/** Where a fast-read document's value and positions come from: its text, read again on demand. */
class FastSource implements DocumentSource {
  readonly docNo: number;
  readonly template: string | undefined;
  readonly contentStart: number;
  readonly depthChecked = true;
  readonly #f: FastFile;

  constructor(f: FastFile, doc: FastDocument, docNo: number) {
    this.#f = f;
    this.docNo = docNo;
    this.contentStart = doc.contentStart;
    this.template = SOURCE_COMMENT.exec(f.text.slice(doc.start, doc.contentStart))?.[1];
  }

  get file(): string {
    return this.#f.file;
  }

  spanOf(offset: number): Span {
    return this.#f.spanOf(offset);
  }

  load(): unknown {
    return documentValueAt(this.#f.text, this.contentStart, 'kubernetes');
  }

  #located(): LocatedDocument {
    return recently(this, () => documentOffsets(this.#f.text, { start: 0, contentStart: this.contentStart, value: {} }, 'kubernetes'));
  }

  itemOffset(k: number): number {
    const d = this.#located();
    const items = d.value.items;
    return (Array.isArray(items) ? (d.offsets.get(items) as number[] | undefined)?.[k] : undefined) ?? this.contentStart;
  }

  locate(path: FieldPath, k: number | undefined): ManifestPosition {
    const d = this.#located();
    const root = k === undefined ? d.value : (d.value.items as unknown[])[k];
    return locateValue(root, path, d.offsets, this.#f.file, this.#f.pos, k === undefined ? this.contentStart : this.itemOffset(k));
  }
}

/** Offsets where each line begins. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset, by binary search over the line starts. */
function linePos(starts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/**
 * Walks `path` from `root` with `step` (which gives the child and the offset it starts at, or
 * undefined); where a segment is missing, stops at the deepest node that exists.
 */
function walkPath<N>(root: N, start: number, path: FieldPath, step: (node: N, seg: string | number) => { next: N; at: number } | undefined, file: string, pos: (o: number) => { line: number; col: number }): ManifestPosition {
  let node = root;
  let offset = start;
  const found: Array<string | number> = [];
  for (const seg of path) {
    const s = step(node, seg);
    if (s === undefined) break;
    node = s.next;
    offset = s.at;
    found.push(seg);
  }
  const p = pos(offset);
  return { file, line: p.line, column: p.col, path: found, exact: found.length === path.length };
}

/** `locate` over values from the fast reader: the same rules, with offsets kept beside the values. */
function locateValue(root: unknown, path: FieldPath, offsets: Map<object, EntryOffsets>, file: string, pos: (o: number) => { line: number; col: number }, start: number): ManifestPosition {
  return walkPath<unknown>(
    root,
    start,
    path,
    (node, seg) => {
      if (node === null || typeof node !== 'object') return undefined;
      const offs = offsets.get(node);
      if (Array.isArray(node)) {
        const at = typeof seg === 'number' && seg >= 0 && seg < node.length ? (offs as number[] | undefined)?.[seg] : undefined;
        return at === undefined ? undefined : { next: node[seg as number], at };
      }
      const key = String(seg);
      const at = (offs as Map<string, number> | undefined)?.get(key);
      return at === undefined ? undefined : { next: (node as Record<string, unknown>)[key], at };
    },
    file,
    pos,
  );
}

/**
 * Walks the YAML node tree along `path`. Map entries point at their key (the field name a reviewer
 * looks for), sequence items at the item itself. Aliases are followed to their anchor's node, and
 * a key a mapping gets through a merge points at that key in the mapping it was merged from.
 */
function locate(root: YamlNode | null, path: FieldPath, file: string, pos: (o: number) => { line: number; col: number }, fallback: number, deref: (n: unknown) => unknown): ManifestPosition {
  return walkPath<unknown>(
    deref(root),
    (root as YamlNode | null)?.range?.[0] ?? fallback,
    path,
    (node, seg) => {
      if (isMap(node)) {
        const pair = findPair(node, String(seg), deref);
        const at = pair ? (pair.key as YamlNode | null)?.range?.[0] : undefined;
        return pair && at !== undefined ? { next: deref(pair.value), at } : undefined;
      }
      if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as YamlNode | undefined;
        const at = item?.range?.[0];
        return item && at !== undefined ? { next: deref(item), at } : undefined;
      }
      return undefined;
    },
    file,
    pos,
  );
}

/**
 * The pair that gives a mapping's `key`, as documentValue resolves it for manifests (go-yaml v2's
 * order): the last entry that writes the key, an explicit pair or a merge (within a merge list, the
 * earliest source that has it, each source resolved the same way). Bounded: sources were checked acyclic.
 */
function findPair(map: YAMLMap, key: string, deref: (n: unknown) => unknown): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i]!;
    if (!isMergePair(p)) {
      if (keyText(p.key) === key) return p;
      continue;
    }
    const v = deref(p.value);
    for (const src of isSeq(v) ? v.items.map(deref) : [v]) {
      const found = isMap(src) ? findPair(src, key, deref) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** A mapping key's text as the manifest's value has it (`on:` is "true", see kube-scalars.ts). */
function keyText(k: unknown): string {
  if (!isScalar(k)) return String(k);
  const r = kubeScalarOf(k);
  const t = r && 'scalar' in r ? kubeKeyText(r.scalar, r.text) : undefined;
  return t && 'key' in t ? t.key : String(k.value ?? '');
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped resources), as messages show it. */
export function resourceLabel(r: Pick<ManifestResource, 'kind' | 'name' | 'namespace'>): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}
