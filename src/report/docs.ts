// `warden docs`: regenerates the marked regions of Markdown files (regions.ts finds them) so the
// diagrams, threat tables and checklists in docs stay in sync with the model. Paths in markers
// are relative to the Markdown file, and every file a region reads or writes (the model, its
// imports, an SVG) must resolve inside the project root, symbolic links followed (src/fs/confine.ts):
// a Markdown file in a pull request must not be able to read /etc/passwd into diagnostics or write
// ../../x.svg. With `check`, nothing is written and stale regions are listed.
import { existsSync } from 'node:fs';
import { readRegularFile, unwritableKind } from '../fs/read.js';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/index.js';
import { dotToSvg, renderDot, renderMermaid, type Direction, type ViewSpec } from '../diagrams/index.js';
import { confine, isInside, outsideRootHint, projectRoot, type Confined, type ProjectRoot } from '../fs/confine.js';
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
  /**
   * Project root (relative to cwd) that models, their imports and SVG files must stay inside;
   * default: found from each Markdown file (src/fs/confine.ts).
   */
  root?: string;
}

export interface DocsFileResult {
  /** The file as given. */
  file: string;
  /** The rewritten text (equal to the input when nothing is stale). */
  text: string;
  changed: boolean;
  /** Regions whose content differs from what the model gives now (including SVG files they write). */
  stale: Region[];
  /** Extra files regions write (SVG diagrams with out=), resolved absolute path to content, only those that differ; all inside the project root. */
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

/** A loader cache shared by all regions and files of one run: each model is loaded once per project root. */
export class ModelCache {
  private readonly loaded = new Map<string, LoadedModel>();
  constructor(readonly options: DocsOptions) {}
  get(abs: string, root?: ProjectRoot): LoadedModel {
    const key = `${root?.dir ?? ''}\0${abs}`;
    let m = this.loaded.get(key);
    if (!m) {
      m = loadForPresent(abs, this.options.cwd, { cwd: this.options.cwd, today: this.options.today, ...(root ? { projectRoot: root.dir } : {}) });
      this.loaded.set(key, m);
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

/** The project root for a Markdown file: the cache's --root, else found from the file. */
export function docsRoot(absPath: string, options: DocsOptions): ProjectRoot {
  return projectRoot(absPath, options.cwd, options.root);
}

/** What a marker says, checked; or the message of its first mistake. */
function checkMarker(r: Region): { view: ViewSpec } | { error: string; hint?: string } {
  const a = r.attributes;
  let view: ViewSpec = { kind: 'model' };
  if (r.directive === 'diagram') {
    const v = parseView(a.view);
    if (typeof v === 'string') return { error: v };
    view = v;
    if (a.format !== undefined && a.format !== 'mermaid' && a.format !== 'svg') return { error: `format must be mermaid or svg (got "${a.format}")` };
    if (a.format === 'svg' && !a.out) return { error: 'format=svg needs out=<file.svg> (relative to this Markdown file): the SVG is written there and linked' };
    if (a.out !== undefined && a.format !== 'svg') return { error: 'out= is only for format=svg' };
    if (a.out !== undefined && !/\.svg$/i.test(a.out)) return { error: `out= must name a .svg file (got "${a.out}")` };
    if (a.direction !== undefined && a.direction !== 'LR' && a.direction !== 'TB') return { error: `direction must be LR or TB (got "${a.direction}")` };
    if (a.threats !== undefined && a.threats !== 'true' && a.threats !== 'false') return { error: `threats must be true or false (got "${a.threats}")` };
  }
  if (r.directive === 'threats' && a.status !== undefined) {
    const bad = a.status.split(',').find((s) => !STATUSES.includes(s));
    if (bad !== undefined) return { error: `unknown status "${bad}"`, hint: `statuses: ${STATUSES.join(', ')} (comma-separated)` };
  }
  if (r.directive === 'checklist' && a.phase !== undefined && !PHASES.includes(a.phase as Phase)) {
    return { error: `unknown phase "${a.phase}"`, hint: `phases: ${PHASES.join(', ')}` };
  }
  return { view };
}

/** Why a confined path was refused, for the message: "is outside", "resolves through a link outside", "is a loop". */
function outsideHow(c: Confined, root: ProjectRoot, lexical: string): string {
  if (!c.inside && c.loop) return 'is a loop of symbolic links';
  return isInside(root.dir, lexical) ? 'resolves through a symbolic link outside the project root' : 'is outside the project root';
}

interface RegionContext {
  file: string;
  base: string;
  root: ProjectRoot;
  rootShown: string;
  cache: ModelCache;
  writes: Map<string, string>;
  fail: (r: Region, message: string, code?: string, hint?: string) => undefined;
  warn: (d: Diagnostic) => void;
}

/** The new content of one region, or undefined (after a diagnostic) to keep the old one. `svgStale` is set when its SVG file differs. */
async function regionContent(r: Region, ctx: RegionContext, flags: { svgStale: boolean }): Promise<string | undefined> {
  const a = r.attributes;
  const { base, root, fail } = ctx;
  // Paths first: nothing outside the project root is looked at, not even whether it exists.
  const model = confine(root, base, a.model);
  if (!model.inside) return fail(r, `model=${a.model} ${outsideHow(model, root, resolve(base, a.model))}; not read`, REGION_CODES.outsideRoot, outsideRootHint(ctx.rootShown));
  const out = a.out !== undefined ? confine(root, base, a.out) : undefined;
  if (out && !out.inside) return fail(r, `out=${a.out} ${outsideHow(out, root, resolve(base, a.out!))}; not written`, REGION_CODES.outsideRoot, outsideRootHint(ctx.rootShown));
  if (!existsSync(model.real)) return fail(r, `model file not found: ${a.model} (paths are relative to this Markdown file)`, REGION_CODES.renderFailed);
  // a FIFO would hang the read or the write, a directory fail it late: refused by name first
  const modelKind = unwritableKind(model.real);
  if (modelKind) return fail(r, `model=${a.model} is ${modelKind}, not a regular file; not read`, REGION_CODES.renderFailed);
  const outKind = out?.inside ? unwritableKind(out.real) : undefined;
  if (outKind) return fail(r, `out=${a.out} is ${outKind}, not a regular file; not written`, REGION_CODES.renderFailed);
  // Validate the marker before loading the model, so marker mistakes show even for a broken model.
  const marker = checkMarker(r);
  if ('error' in marker) return fail(r, marker.error, REGION_CODES.badValue, marker.hint);
  const loaded = ctx.cache.get(resolve(base, a.model), root);
  if (!loaded.model || !loaded.threats) {
    return fail(r, `model ${a.model} has errors; region left as it is`, REGION_CODES.renderFailed, hasErrors(loaded.diagnostics) ? 'the model errors are listed above' : undefined);
  }
  const { model: m, threats } = loaded;
  if (r.directive === 'threats') return threatTableMarkdown(threats, a.status ? { statuses: a.status.split(',') } : {});
  if (r.directive === 'checklist') return checklistMarkdown(m, threats, a.phase as Phase | undefined);
  const options = { view: marker.view, direction: (a.direction ?? 'LR') as Direction, threats, showThreats: a.threats !== 'false' };
  if (out?.inside) {
    const dot = renderDot(m, options);
    if (dot.value === undefined) return fail(r, dot.diagnostics.map((d) => d.message).join('; '), dot.diagnostics[0]?.code, dot.diagnostics[0]?.hint);
    const svg = await dotToSvg(dot.value);
    let current: string | undefined;
    try {
      current = readRegularFile(out.real);
    } catch {
      current = undefined;
    }
    if (current !== svg) {
      ctx.writes.set(out.real, svg);
      flags.svgStale = true;
    }
    const rel = posix(relative(base, resolve(base, a.out!)));
    return `![${escapeMarkdown(`${m.model.name}: data-flow diagram`)}](${rel.replace(/[()\s<>]/g, (c) => encodeURIComponent(c))})`;
  }
  const mm = renderMermaid(m, options);
  if (mm.value === undefined) return fail(r, mm.diagnostics.map((d) => d.message).join('; '), mm.diagnostics[0]?.code, mm.diagnostics[0]?.hint);
  // Warnings (a diagram too large for Mermaid) point at the marker, where the fix goes.
  for (const d of mm.diagnostics) ctx.warn({ ...d, file: ctx.file, span: r.span });
  return '```mermaid\n' + mm.value + '```';
}

/**
 * Regenerates the regions of one Markdown text. `absPath` locates model paths; `file` is shown in
 * diagnostics. Models, their imports and SVG files must stay inside `root` (default: docsRoot).
 */
export async function updateMarkdown(text: string, file: string, absPath: string, cache: ModelCache, root: ProjectRoot = docsRoot(absPath, cache.options)): Promise<DocsFileResult> {
  const found = findRegions(text, file);
  const diagnostics = [...found.diagnostics];
  const writes = new Map<string, string>();
  const stale: Region[] = [];
  const contents: (string | undefined)[] = [];
  const rel = relative(cache.options.cwd, root.dir);
  const ctx: RegionContext = {
    file,
    base: dirname(absPath),
    root,
    rootShown: rel === '' ? '.' : !rel.startsWith('..') && !isAbsolute(rel) ? posix(rel) : root.dir,
    cache,
    writes,
    fail: (r, message, code = REGION_CODES.badValue, hint) => {
      diagnostics.push({ code, severity: 'error', message, file, span: r.span, ...(hint ? { hint } : {}) });
      return undefined;
    },
    warn: (d) => diagnostics.push(d),
  };
  for (const r of found.regions) {
    const flags = { svgStale: false };
    const content = await regionContent(r, ctx, flags);
    contents.push(content);
    if (content !== undefined) {
      const current = text.slice(r.contentStart, r.contentEnd).replace(/\r\n/g, '\n');
      if (current !== content + '\n' || flags.svgStale) stale.push(r);
    }
  }
  const updated = rewriteRegions(text, found.regions, contents);
  return { file, text: updated, changed: updated !== text, stale, writes, diagnostics, sources: new Map([[file, text]]) };
}
