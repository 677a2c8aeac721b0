// Marked regions in Markdown files, the input of `warden docs`:
//
//   <!-- warden:diagram model=../model.warden view=boundary:Payments format=mermaid -->
//   ...generated, replaced on every run...
//   <!-- /warden -->
//
// This file only finds and rewrites regions (pure text in, text out); what goes inside is decided
// by a renderer callback (docs.ts). Markers inside fenced code blocks are ignored, so a document can
// show the syntax. Problems are diagnostics with file and line (WD71xx).
import { spanAt, type Diagnostic, type Span } from '../diagnostics/index.js';

export const REGION_CODES = {
  unclosed: 'WD7101',
  unknownDirective: 'WD7102',
  badAttributes: 'WD7103',
  missingModel: 'WD7104',
  unknownAttribute: 'WD7105',
  badValue: 'WD7106',
  strayClose: 'WD7107',
  renderFailed: 'WD7108',
  outsideRoot: 'WD7109',
} as const;

export const DIRECTIVES: Record<string, readonly string[]> = {
  diagram: ['model', 'view', 'format', 'direction', 'threats', 'out'],
  threats: ['model', 'status'],
  checklist: ['model', 'phase'],
};

export interface Region {
  directive: string;
  attributes: Record<string, string>;
  /** The opening marker line as written (kept verbatim on rewrite). */
  open: string;
  /** 1-based line of the opening marker. */
  line: number;
  /** Span of the opening marker, for diagnostics. */
  span: Span;
  /** Offsets of the current content: from after the opening line's newline to the start of the closing line. */
  contentStart: number;
  contentEnd: number;
}

const OPEN = /^[ \t]*<!--[ \t]*warden:([A-Za-z-]*)(.*?)-->[ \t]*$/;
const CLOSE = /^[ \t]*<!--[ \t]*\/warden[ \t]*-->[ \t]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const ATTR = /\s*([A-Za-z][A-Za-z0-9-]*)=(?:"([^"]*)"|([^\s"]+))/y;

function parseAttributes(text: string): Record<string, string> | string {
  const attrs: Record<string, string> = {};
  const body = text.trim();
  ATTR.lastIndex = 0;
  let at = 0;
  while (at < body.length) {
    ATTR.lastIndex = at;
    const m = ATTR.exec(body);
    if (!m) return `cannot read attributes at "${body.slice(at, at + 20)}": write key=value or key="value with spaces"`;
    if (m[1] in attrs) return `attribute "${m[1]}" is given twice`;
    attrs[m[1]] = m[2] ?? m[3];
    at = ATTR.lastIndex;
    while (body[at] === ' ' || body[at] === '\t') at++;
  }
  return attrs;
}

/** Finds the regions of a Markdown text. Malformed markers become diagnostics and are skipped. */
export function findRegions(text: string, file: string): { regions: Region[]; diagnostics: Diagnostic[] } {
  const regions: Region[] = [];
  const diagnostics: Diagnostic[] = [];
  const diag = (code: string, message: string, offset: number, length: number, hint?: string) =>
    diagnostics.push({ code, severity: 'error', message, file, span: spanAt(text, offset, length), ...(hint ? { hint } : {}) });
  let fence: string | undefined;
  let open: { region: Region | undefined; offset: number; length: number } | undefined;
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lineStart = offset;
    offset += raw.length + 1;
    // Inside an open region, generated content may hold fences (```mermaid): only the close marker matters.
    if (open) {
      if (CLOSE.test(line)) {
        if (open.region) {
          open.region.contentEnd = lineStart;
          regions.push(open.region);
        }
        open = undefined;
      } else if (OPEN.test(line)) {
        diag(REGION_CODES.unclosed, 'a warden region opens before the previous one is closed', open.offset, open.length, 'close each region with <!-- /warden --> before starting the next');
        open = undefined;
        i--; // read this line again as an opener
        offset = lineStart;
      }
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      if (fence === undefined) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    if (CLOSE.test(line)) {
      diag(REGION_CODES.strayClose, '<!-- /warden --> without an opening warden marker', lineStart, line.length);
      continue;
    }
    const m = OPEN.exec(line);
    if (!m) continue;
    const start = lineStart + line.indexOf('<!--');
    const length = line.trimEnd().length - line.indexOf('<!--');
    let region: Region | undefined;
    const allowed = DIRECTIVES[m[1]];
    if (!allowed) {
      diag(REGION_CODES.unknownDirective, `unknown warden marker "warden:${m[1]}"`, start, length, `markers: ${Object.keys(DIRECTIVES).map((d) => `warden:${d}`).join(', ')}`);
    } else {
      const attrs = parseAttributes(m[2]);
      if (typeof attrs === 'string') diag(REGION_CODES.badAttributes, attrs, start, length);
      else {
        const unknown = Object.keys(attrs).filter((k) => !allowed.includes(k));
        if (unknown.length > 0) diag(REGION_CODES.unknownAttribute, `unknown attribute "${unknown[0]}" on warden:${m[1]}`, start, length, `attributes: ${allowed.join(', ')}`);
        else if (!attrs.model) diag(REGION_CODES.missingModel, `warden:${m[1]} needs model=<path to .warden file, relative to this Markdown file>`, start, length);
        else region = { directive: m[1], attributes: attrs, open: line, line: i + 1, span: spanAt(text, start, length), contentStart: offset, contentEnd: offset };
      }
    }
    // A malformed opener still pairs with its close marker, so the close is not reported as stray.
    open = { region, offset: start, length };
  }
  if (open) diag(REGION_CODES.unclosed, 'warden region is not closed', open.offset, open.length, 'add <!-- /warden --> after the region');
  return { regions, diagnostics };
}

/** Replaces each region's content; `contents` is parallel to `regions`, undefined keeps the old content. */
export function rewriteRegions(text: string, regions: readonly Region[], contents: readonly (string | undefined)[]): string {
  let out = '';
  let at = 0;
  regions.forEach((r, i) => {
    const c = contents[i];
    if (c === undefined) return;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    out += text.slice(at, r.contentStart) + (c === '' ? '' : c.replace(/\r?\n/g, eol).replace(/(\r?\n)?$/, eol));
    at = r.contentEnd;
  });
  return out + text.slice(at);
}
