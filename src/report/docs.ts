// `warden docs`: regenerates the marked regions of Markdown files (regions.ts finds them) so the
// diagrams, threat tables and checklists in docs stay in sync with the model. Paths in markers
// are relative to the Markdown file. With `check`, nothing is written and stale regions are listed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/index.js';
import { dotToSvg, renderDot, renderMermaid, type Direction, type ViewSpec } from '../diagrams/index.js';
import { PHASES, type Phase } from '../model/types.js';
import { escapeMarkdown } from '../text/escape.js';
import { loadForPresent, type LoadedModel } from './load.js';
import { checklistMarkdown, threatTableMarkdown } from './markdown.js';
import { findRegions, REGION_CODES, rewriteRegions, type Region } from './regions.js';

export interface DocsOptions {
  /** Working directory: diagnostics paths are shown relative to it. */
  cwd: string;
  /** ISO date for acceptance expiry (reproducible output in CI). */
  today?: string;
}

export interface DocsFileResult {
  /** The file as given. */
  file: string;
  /** The rewritten text (equal to the input when nothing is stale). */
  text: string;
  changed: boolean;
  /** Regions whose content differs from what the model gives now (including SVG files they write). */
  stale: Region[];
  /** Extra files regions write (SVG diagrams with out=), absolute path to content, only those that differ. */
  writes: Map<string, string>;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

const STATUSES = ['open', 'mitigated', 'accepted', 'notApplicable'];

function posix(p: string): string {
  return p.split(sep).join('/');
}

function parseView(v: string | undefined): ViewSpec | string {
  if (v === undefined || v === 'model') return { kind: 'model' };
  const [kind, id, depth, ...rest] = v.split(':');
  if (kind === 'boundary' && id && depth === undefined) return { kind: 'boundary', boundary: id };
  if (kind === 'focus' && id && rest.length === 0 && (depth === undefined || /^\d{1,3}$/.test(depth))) return { kind: 'focus', element: id, depth: depth === undefined ? 1 : Number(depth) };
  return `view must be model, boundary:<id>, focus:<id> or focus:<id>:<depth> (got "${v}")`;
}

/** A loader cache shared by all regions and files of one run: each model is loaded once. */
export class ModelCache {
  private readonly loaded = new Map<string, LoadedModel>();
  constructor(private readonly options: DocsOptions) {}
  get(abs: string): LoadedModel {
    let m = this.loaded.get(abs);
    if (!m) {
      m = loadForPresent(abs, this.options.cwd, { cwd: this.options.cwd, today: this.options.today });
      this.loaded.set(abs, m);
    }
    return m;
  }
  /** Every model diagnostic, once per model. */
  diagnostics(): { diagnostics: Diagnostic[]; sources: Map<string, string> } {
    const diagnostics: Diagnostic[] = [];
    const sources = new Map<string, string>();
    for (const m of this.loaded.values()) {
      diagnostics.push(...m.diagnostics);
      for (const [k, v] of m.sources) sources.set(k, v);
    }
    return { diagnostics, sources };
  }
}

/** Regenerates the regions of one Markdown text. `absPath` locates model paths; `file` is shown in diagnostics. */
export async function updateMarkdown(text: string, file: string, absPath: string, cache: ModelCache): Promise<DocsFileResult> {
  const found = findRegions(text, file);
  const diagnostics = [...found.diagnostics];
  const writes = new Map<string, string>();
  const stale: Region[] = [];
  const contents: (string | undefined)[] = [];
  const fail = (r: Region, message: string, code: string = REGION_CODES.badValue, hint?: string) => {
    diagnostics.push({ code, severity: 'error', message, file, span: r.span, ...(hint ? { hint } : {}) });
    return undefined;
  };
  const base = dirname(absPath);

  for (const r of found.regions) {
    const content = await (async (): Promise<string | undefined> => {
      const modelPath = resolve(base, r.attributes.model);
      if (!existsSync(modelPath)) return fail(r, `model file not found: ${r.attributes.model} (paths are relative to this Markdown file)`, REGION_CODES.renderFailed);
      const a = r.attributes;
      // Validate the marker before loading the model, so marker mistakes show even for a broken model.
      let view: ViewSpec = { kind: 'model' };
      if (r.directive === 'diagram') {
        const v = parseView(a.view);
        if (typeof v === 'string') return fail(r, v);
        view = v;
        if (a.format !== undefined && a.format !== 'mermaid' && a.format !== 'svg') return fail(r, `format must be mermaid or svg (got "${a.format}")`);
        if (a.format === 'svg' && !a.out) return fail(r, 'format=svg needs out=<file.svg> (relative to this Markdown file): the SVG is written there and linked');
        if (a.direction !== undefined && a.direction !== 'LR' && a.direction !== 'TB') return fail(r, `direction must be LR or TB (got "${a.direction}")`);
        if (a.threats !== undefined && a.threats !== 'true' && a.threats !== 'false') return fail(r, `threats must be true or false (got "${a.threats}")`);
      }
      if (r.directive === 'threats' && a.status !== undefined) {
        const bad = a.status.split(',').find((s) => !STATUSES.includes(s));
        if (bad !== undefined) return fail(r, `unknown status "${bad}"`, REGION_CODES.badValue, `statuses: ${STATUSES.join(', ')} (comma-separated)`);
      }
      if (r.directive === 'checklist' && a.phase !== undefined && !PHASES.includes(a.phase as Phase)) {
        return fail(r, `unknown phase "${a.phase}"`, REGION_CODES.badValue, `phases: ${PHASES.join(', ')}`);
      }
      const loaded = cache.get(modelPath);
      if (!loaded.model || !loaded.threats) {
        return fail(r, `model ${a.model} has errors; region left as it is`, REGION_CODES.renderFailed, hasErrors(loaded.diagnostics) ? 'the model errors are listed above' : undefined);
      }
      const { model, threats } = loaded;
      if (r.directive === 'threats') return threatTableMarkdown(threats, a.status ? { statuses: a.status.split(',') } : {});
      if (r.directive === 'checklist') return checklistMarkdown(model, threats, a.phase as Phase | undefined);
      const options = { view, direction: (a.direction ?? 'LR') as Direction, threats, showThreats: a.threats !== 'false' };
      if (a.format === 'svg') {
        const dot = renderDot(model, options);
        if (dot.value === undefined) return fail(r, dot.diagnostics.map((d) => d.message).join('; '), dot.diagnostics[0]?.code, dot.diagnostics[0]?.hint);
        const outAbs = resolve(base, a.out);
        const svg = await dotToSvg(dot.value);
        let current: string | undefined;
        try {
          current = readFileSync(outAbs, 'utf8');
        } catch {
          current = undefined;
        }
        if (current !== svg) writes.set(outAbs, svg);
        const rel = posix(relative(base, outAbs));
        return `![${escapeMarkdown(`${model.model.name}: data-flow diagram`)}](${rel.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
      }
      const mm = renderMermaid(model, options);
      if (mm.value === undefined) return fail(r, mm.diagnostics.map((d) => d.message).join('; '), mm.diagnostics[0]?.code, mm.diagnostics[0]?.hint);
      // Warnings (a diagram too large for Mermaid) point at the marker, where the fix goes.
      for (const d of mm.diagnostics) diagnostics.push({ ...d, file, span: r.span });
      return '```mermaid\n' + mm.value + '```';
    })();
    contents.push(content);
    if (content !== undefined) {
      const current = text.slice(r.contentStart, r.contentEnd).replace(/\r\n/g, '\n');
      const svgStale = r.attributes.format === 'svg' && writes.has(resolve(base, r.attributes.out ?? ''));
      if (current !== content + '\n' || svgStale) stale.push(r);
    }
  }
  const updated = rewriteRegions(text, found.regions, contents);
  return { file, text: updated, changed: updated !== text, stale, writes, diagnostics, sources: new Map([[file, text]]) };
}
