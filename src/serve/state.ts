// What the live page shows at one moment: the model loaded from disk, its threats, the report's
// HTML sections (summary, register with filters, checklists), the diagnostics, and the diagrams
// (one per view, laid out on first request and cached until the next change).
//
// A model with errors keeps the last good picture on screen, marked stale, with the diagnostics
// above it: in a workshop the diagram must not vanish while someone is typing.
import { resolve } from 'node:path';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../diagnostics/index.js';
import { dotForView, dotToSvg, selectView, svgElementId, type ViewSpec } from '../diagrams/index.js';
import { stdlibDir } from '../dsl/index.js';
import type { ResolvedModel } from '../model/types.js';
import { loadForPresent, renderHtmlReport } from '../report/index.js';
import { escapeHtml as h, mermaidId } from '../text/escape.js';
import type { ThreatRegister } from '../threats/types.js';

export interface ServeTarget {
  /** Model file as given on the command line. */
  file: string;
  /** Directory the file and displayed paths are relative to. */
  cwd: string;
  /** ISO date for acceptance expiry (default: today, UTC). */
  today?: string;
}

/** The HTML fragments the page patches in place (ids of the page's containers). */
export interface Sections {
  summary: string;
  register: string;
  checklists: string;
}

export interface Snapshot {
  version: number;
  /** The last model that loaded without errors (kept while the current text has errors). */
  model?: ResolvedModel;
  threats?: ThreatRegister;
  /** True when `model` is older than the files on disk (they have errors now). */
  stale: boolean;
  diagnostics: Diagnostic[];
  diagnosticsHtml: string;
  /** The report's sections, rendered on first use (the diagram goes out first: it is what people watch). */
  sections(): Sections;
  /** Absolute paths of the model and the project files it imports (the watch list). */
  files: string[];
  /** Text of every file read, to tell a real change from a touch. */
  texts: Map<string, string>;
}

/** What one element of the SVG stands for, keyed by its SVG id, so a click can be resolved. */
export type NodeRef = { kind: 'element' | 'flow' | 'boundary' | 'collapsed'; id: string };

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) return '';
  const end = html.indexOf('</section>', start);
  return html.slice(start, end + '</section>'.length);
}

/**
 * The register's rows with their <details> replaced by a button and a hidden block: hundreds of
 * <details> elements cost the browser about a second of layout on every update (measured with
 * 851 threats), and the live page must stay quick. The page's script toggles the block.
 */
function lightRows(register: string): string {
  return register.replace(/<details><summary>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>/g, '<button type="button" class="expand">$1</button><div class="more" hidden>$2</div>');
}

function diagnosticsHtml(diagnostics: Diagnostic[], sources: Map<string, string>): string {
  if (diagnostics.length === 0) return '<p class="ok">No problems: the model is valid.</p>';
  return diagnostics
    .map((d) => `<pre class="diag diag-${h(d.severity)}" data-code="${h(d.code)}" data-line="${d.span.line}">${h(formatDiagnostic(d, { sources }))}</pre>`)
    .join('');
}

/** Loads the model afresh. `previous` supplies the last good model when the files have errors now. */
export function loadSnapshot(target: ServeTarget, version: number, previous?: Snapshot): Snapshot {
  const loaded = loadForPresent(target.file, target.cwd, { cwd: target.cwd, today: target.today });
  const files = [...loaded.sources.keys()].map((f) => resolve(target.cwd, f)).filter((f) => !f.startsWith(stdlibDir));
  // The entry is watched even when it cannot be read (deleted mid-save, not yet created).
  const entry = resolve(target.cwd, target.file);
  if (!files.includes(entry)) files.unshift(entry);
  const texts = new Map([...loaded.sources].map(([f, t]) => [resolve(target.cwd, f), t]));
  const base = { version, diagnostics: loaded.diagnostics, diagnosticsHtml: diagnosticsHtml(loaded.diagnostics, loaded.sources), files, texts };
  if (!loaded.model || hasErrors(loaded.diagnostics)) {
    const kept = previous?.sections ?? (() => ({ summary: '', register: '', checklists: '' }));
    return { ...base, model: previous?.model, threats: previous?.threats, stale: previous?.model !== undefined, sections: kept };
  }
  const { model, threats } = loaded;
  let sections: Sections | undefined;
  return {
    ...base,
    model,
    threats,
    stale: false,
    sections: () => {
      if (!sections) {
        const html = renderHtmlReport({ model, threats });
        sections = { summary: section(html, 'summary'), register: lightRows(section(html, 'register')), checklists: section(html, 'checklists') };
      }
      return sections;
    },
  };
}

/** Whether the files read differ from the snapshot's (a save that changes nothing is no update). */
export function sameTexts(a: Snapshot, b: Snapshot): boolean {
  if (a.texts.size !== b.texts.size) return false;
  for (const [f, t] of a.texts) if (b.texts.get(f) !== t) return false;
  return true;
}

/** SVG ids of the model's elements, flows and boundaries (frames and collapsed nodes). */
export function nodeRefs(model: ResolvedModel): Record<string, NodeRef> {
  const refs: Record<string, NodeRef> = {};
  for (const e of model.elements) refs[svgElementId(e.id)] = { kind: 'element', id: e.id };
  for (const f of model.flows) refs[mermaidId('fl-', f.id)] = { kind: 'flow', id: f.id };
  for (const b of model.boundaries) {
    refs[mermaidId('b-', b.id)] = { kind: 'boundary', id: b.id };
    refs[mermaidId('bn-', b.id)] = { kind: 'collapsed', id: b.id };
  }
  return refs;
}

/**
 * A view as the page names it: `model`, `overview`, `boundary:<id>`, `overview:<id>` (a boundary
 * with its children collapsed) or `focus:<id>:<depth>`. Undefined for anything else.
 */
export function parseView(text: string): ViewSpec | undefined {
  if (text === 'model') return { kind: 'model' };
  if (text === 'overview') return { kind: 'model', collapse: 'auto' };
  const m = /^(boundary|overview|focus):([^:]+)(?::(\d{1,3}))?$/.exec(text);
  if (!m) return undefined;
  if (m[1] === 'focus') return { kind: 'focus', element: m[2], depth: m[3] === undefined ? 1 : Number(m[3]) };
  if (m[3] !== undefined) return undefined;
  return m[1] === 'boundary' ? { kind: 'boundary', boundary: m[2] } : { kind: 'boundary', boundary: m[2], collapse: 0 };
}

/** The view a page opens with: the overview for large models, else the whole model. */
export function defaultView(model: ResolvedModel | undefined): string {
  return model !== undefined && model.elements.length > 40 ? 'overview' : 'model';
}

export interface RenderedView {
  svg: string;
  caption: string;
  diagnostics: Diagnostic[];
}

/** Lays out one view of the snapshot's model. An unknown element or boundary comes back as diagnostics. */
export async function renderView(snapshot: Snapshot, spec: ViewSpec): Promise<RenderedView> {
  if (!snapshot.model) return { svg: '', caption: '', diagnostics: [] };
  const view = selectView(snapshot.model, spec);
  if (view.value === undefined) return { svg: '', caption: '', diagnostics: view.diagnostics };
  const dot = dotForView(snapshot.model, view.value, { threats: snapshot.threats });
  return { svg: await dotToSvg(dot), caption: view.value.caption, diagnostics: view.diagnostics };
}
