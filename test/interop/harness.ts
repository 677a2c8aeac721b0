// Shared steps of the interop tests: import a fixture, load the Warden model it gives, derive its
// threat register, export it, and compare two imports. Dates are fixed so acceptances do not age.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSource } from '../../src/dsl/index.js';
import type { Diagnostic } from '../../src/diagnostics/index.js';
import type { ImportOptions, ImportResult } from '../../src/interop/index.js';
import type { ResolvedModel } from '../../src/model/types.js';
import { generateThreats } from '../../src/threats/index.js';
import type { ThreatRegister } from '../../src/threats/types.js';

export const TODAY = '2026-06-01';
export const fixtureDir = fileURLToPath(new URL('../fixtures/interop/', import.meta.url));

export function fixture(path: string): { file: string; text: string } {
  return { file: `test/fixtures/interop/${path}`, text: readFileSync(fixtureDir + path, 'utf8') };
}

export type Importer = (text: string, options: ImportOptions) => ImportResult;

export interface Loaded {
  source: string;
  diagnostics: Diagnostic[];
  model: ResolvedModel;
  register: ThreatRegister;
  /** Diagnostics of loading the generated source and deriving its threats. */
  modelDiagnostics: Diagnostic[];
}

/** Imports `text` and loads the result as a Warden model with its threats; throws with the diagnostics when it does not load. */
export function importAndLoad(importer: Importer, file: string, text: string): Loaded {
  const r = importer(text, { file, today: TODAY });
  if (r.source === undefined) throw new Error(`import gave no model: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  const checked = checkSource(file.replace(/\.[^./]*$/, '') + '.warden', r.source);
  if (!checked.value) throw new Error(`imported model does not load: ${checked.diagnostics.map((d) => `${d.code} ${d.message} (line ${d.span.line})`).join('; ')}`);
  const reg = generateThreats(checked.value, { today: TODAY });
  return { source: r.source, diagnostics: r.diagnostics, model: checked.value, register: reg.value, modelDiagnostics: [...checked.diagnostics, ...reg.diagnostics] };
}

/** The model text without its first line (the comment naming the file it came from). */
export const body = (source: string): string => source.slice(source.indexOf('\n') + 1);

/** `code@line:column` of each diagnostic, for tables of expected warnings. */
export const located = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.code}@${d.span.line}:${d.span.column}`);
