// Model file to (model, threat register) for the presenters (diagram, docs, report). One place so
// the three commands read models identically: paths resolved against a base directory, the
// threat engine run with a fixed date when given (reproducible output), diagnostics collected.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/index.js';
import { loadModel } from '../dsl/index.js';
import type { ResolvedModel } from '../model/types.js';
import { generateThreats } from '../threats/index.js';
import type { ThreatRegister } from '../threats/types.js';

export interface LoadedModel {
  model?: ResolvedModel;
  threats?: ThreatRegister;
  diagnostics: Diagnostic[];
  /** Source text per diagnostic file, for excerpts. */
  sources: Map<string, string>;
}

export interface LoadForPresentOptions {
  /** Directory diagnostics paths are shown relative to (the CLI's working directory). */
  cwd: string;
  /** ISO date for acceptance expiry; default today (UTC). */
  today?: string;
  /** Skip the threat engine (a plain data-flow diagram needs none). */
  withoutThreats?: boolean;
  /** Project root the model and its imports must stay inside (default: the loader's, see src/fs/confine.ts). */
  projectRoot?: string;
}

/** Loads `file` (relative to `base`) and generates its threats. `model` is undefined when the model has errors. */
export function loadForPresent(file: string, base: string, options: LoadForPresentOptions): LoadedModel {
  // The entry is shown (diagnostics, report header) as given to the loader: give it relative to the
  // working directory when it is inside it, so output does not depend on where the checkout lives.
  const abs = resolve(base, file);
  const rel = relative(options.cwd, abs);
  const entry = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs;
  const loaded = loadModel(entry, { cwd: options.cwd, ...(options.projectRoot !== undefined ? { projectRoot: options.projectRoot } : {}) });
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.value || hasErrors(diagnostics)) return { diagnostics, sources: loaded.sources };
  if (options.withoutThreats) return { model: loaded.value, diagnostics, sources: loaded.sources };
  const threats = generateThreats(loaded.value, options.today ? { today: options.today } : {});
  diagnostics.push(...threats.diagnostics);
  if (hasErrors(threats.diagnostics)) return { diagnostics, sources: loaded.sources };
  return { model: loaded.value, threats: threats.value, diagnostics, sources: loaded.sources };
}
