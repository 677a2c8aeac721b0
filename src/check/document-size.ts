// One Kubernetes object has a size limit: the API server refuses a request body over 3 MiB, and
// etcd stores at most 1.5 MiB per object by default. A YAML document larger than --max-document-bytes
// (default 3 MiB) therefore cannot be applied as written, and reading it costs memory out of all
// proportion (a ConfigMap with a million keys). Such a document is refused before either reader
// sees it: its text is dropped, its line breaks kept (so every later position is unchanged), and
// one located error says why. A `List` (what `kubectl get -o yaml` writes) holds many objects and
// is exempt.
import { spanAt, type Diagnostic } from '../diagnostics/index.js';

/** The API server's limit on a request body (and so on one object written as JSON). */
export const DEFAULT_MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;

// A `---` or `...` line starts (or ends) a document: YAML forbids either at the start of a line
// inside a document's content, so this scan finds exactly the boundaries a parser finds.
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
const YAML_LIST_KIND = /^kind:[ \t]*["']?[A-Za-z]*List["']?[ \t]*(?:#.*)?\r?$/m;
const JSON_LIST_KIND = /(?<!\\)"kind"\s*:\s*"[A-Za-z]*List"/;

/** The texts of a file's documents, as [start, end) offsets, markers left out. */
export function documentSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (const m of text.matchAll(MARKER)) {
    spans.push([start, m.index!]);
    start = m.index! + 3;
  }
  spans.push([start, text.length]);
  return spans;
}

/**
 * `text` with each document `refuse` returns a diagnostic for replaced by its line breaks (so every
 * later position is unchanged), the diagnostics pushed; the text itself when none is refused.
 */
function withoutDocuments(text: string, diagnostics: Diagnostic[], refuse: (content: string, start: number) => Diagnostic | undefined): string {
  const parts: string[] = [];
  let kept = 0;
  for (const [start, end] of documentSpans(text)) {
    const content = text.slice(start, end);
    const d = refuse(content, start);
    if (!d) continue;
    diagnostics.push(d);
    parts.push(text.slice(kept, start), '\n'.repeat(lineBreaks(content)));
    kept = end;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(kept));
  return parts.join('');
}

/**
 * `text` without the documents over `maxBytes` (UTF-8), each replaced by its line breaks, and a
 * WD5018 error for each; the text itself when none is (the usual case costs one length test).
 */
export function withoutOversizedDocuments(file: string, text: string, maxBytes: number, diagnostics: Diagnostic[]): string {
  // a UTF-16 unit is at most 3 bytes of UTF-8
  if (text.length * 3 <= maxBytes) return text;
  return withoutDocuments(text, diagnostics, (content, start) => {
    if (content.length * 3 <= maxBytes) return undefined;
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes <= maxBytes || YAML_LIST_KIND.test(content) || JSON_LIST_KIND.test(content)) return undefined;
    return {
      code: 'WD5018',
      severity: 'error',
      message: `this document is ${mib(bytes)} of YAML, over the limit of ${mib(maxBytes)} for one Kubernetes object; not checked`,
      file,
      span: spanAt(text, start + Math.max(0, content.search(/\S/))),
      hint: 'the API server refuses requests over 3 MiB and etcd stores at most 1.5 MiB per object, so it cannot be applied as written; raise the limit with --max-document-bytes if this is intended',
    };
  });
}

/**
 * Line breaks to go-yaml v2 and text to YAML 1.2 readers such as the `yaml` package: NEL, LINE
 * SEPARATOR, PARAGRAPH SEPARATOR, and a carriage return with no line feed after it.
 */
const YAML11_BREAKS = /[\u0085\u2028\u2029]|\r(?!\n)/;

/**
 * `text` without the documents that hold a NEL, U+2028, U+2029 or a lone carriage return, each
 * replaced by its line breaks, and a WD5001 error at the character for each. Kubernetes' reader
 * (go-yaml v2) takes these for line breaks, YAML 1.2 readers for text: `privileged: true` followed
 * by U+2028 is true to the cluster and the string "true\u2028" to Warden's reader, which would pass
 * the check. No manifest needs them, so the document is refused instead of read one way or the other.
 */
export function withoutAmbiguousBreaks(file: string, text: string, diagnostics: Diagnostic[]): string {
  if (!YAML11_BREAKS.test(text)) return text;
  return withoutDocuments(text, diagnostics, (content, start) => {
    const at = content.search(YAML11_BREAKS);
    if (at < 0) return undefined;
    const code = content.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
    const what = code === '000D' ? 'a carriage return with no line feed after it' : `U+${code}`;
    return {
      code: 'WD5001',
      severity: 'error',
      message: `this document holds ${what}, a line break to Kubernetes' YAML reader (go-yaml v2) and text to others; not checked`,
      file,
      span: spanAt(text, start + at),
      hint: 'replace it with a plain line break (or remove it): the cluster and a reviewer would read this document differently',
    };
  });
}

function lineBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
