// One analysis of an open document: the DSL front end's loader and checker run over the editor's
// text (open documents shadow the disk, so an unsaved import is seen as typed), giving the
// diagnostics, the files' ASTs, the (possibly partial) resolved model and the symbol index.
//
// NOTE: the checker is called directly (not through src/dsl's loadModel) because an editor needs
// the model the checker built even while the text has errors: completion and hover keep working
// in a half-typed file. loadModel drops that model when there is any error.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { checkProgram } from '../dsl/checker.js';
import { loadProgram, type LoadedFile } from '../dsl/loader.js';
import type { ResolvedModel } from '../model/types.js';
import { generateThreats } from '../threats/index.js';
import type { ThreatRegister } from '../threats/types.js';
import { SymbolIndex } from './symbols.js';

export interface Analysis {
  /** Absolute path of the analysed document. */
  file: string;
  text: string;
  /** Diagnostics of this document only (imports report theirs when opened). */
  diagnostics: Diagnostic[];
  /** Every file loaded (the document, its imports, the prelude), keyed by absolute path. */
  files: Map<string, LoadedFile>;
  model?: ResolvedModel;
  /** True when the checker found errors (the model is partial). */
  hasErrors: boolean;
  /** The names index, built on first use (a keystroke needs only the diagnostics). */
  readonly symbols: SymbolIndex;
  /** The threats, computed on first use (hover) and only for a model without errors. */
  threats(): ThreatRegister | undefined;
}

/** Analyses `text` as the file `file`; `openText` gives the editor's text of other open files. */
export function analyze(file: string, text: string, openText: (abs: string) => string | undefined): Analysis {
  const cwd = dirname(file);
  const program = loadProgram(file, { cwd, readFile: (p) => openText(p) ?? readFileSync(p, 'utf8') }, text);
  const checked = checkProgram(program.ordered, program.entry, program.resolutionOrder);
  const all = sortDiagnostics([...program.diagnostics, ...checked.diagnostics]);
  const files = new Map(program.ordered.map((f) => [f.abs, f]));
  const hasErrors = all.some((d) => d.severity === 'error');
  let symbols: SymbolIndex | undefined;
  let threats: ThreatRegister | undefined | null = null;
  return {
    file,
    text,
    diagnostics: [...all.filter((d) => resolve(cwd, d.file) === file), ...importErrors(all, program.entry, cwd)],
    files,
    model: checked.model,
    hasErrors,
    get symbols() {
      return (symbols ??= new SymbolIndex(program.ordered, checked.model));
    },
    threats: () => {
      if (threats === null) {
        const generated = !hasErrors && checked.model ? generateThreats(checked.model) : undefined;
        threats = generated && !generated.diagnostics.some((d) => d.severity === 'error') ? generated.value : undefined;
      }
      return threats;
    },
  };
}

/**
 * Errors in an imported project file, shown at the `use` that brings it in (with the same code and
 * the file's position in the message): the editor shows the document's diagnostics only, and a
 * broken import otherwise breaks the model silently.
 */
function importErrors(all: readonly Diagnostic[], entry: LoadedFile | undefined, cwd: string): Diagnostic[] {
  if (!entry) return [];
  const out: Diagnostic[] = [];
  for (const s of entry.ast.statements) {
    if (s.kind !== 'use' || !s.path.value.startsWith('.')) continue;
    const target = resolve(dirname(entry.abs), s.path.value);
    for (const d of all) {
      if (d.severity !== 'error' || resolve(cwd, d.file) !== target) continue;
      out.push({ ...d, file: entry.file, span: s.path.span, message: `in ${s.path.value}:${d.span.line}:${d.span.column}: ${d.message}`, related: [{ message: d.message, file: d.file, span: d.span }] });
    }
  }
  return out;
}
