// Loads a model snippet together with the threat rule library through the real DSL front end.
// When the control library (models/warden/controls.warden, another stage's work) is not there yet,
// the rule files are inlined with `use` lines removed and fixtures/controls.warden supplies the
// canonical control ids, so the rules are still parsed and checked by the real checker.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSource, type LoadModelResult } from '../../src/dsl/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const LIBRARY_DIR = join(ROOT, 'models', 'warden', 'threats');
const CONTROLS = join(ROOT, 'models', 'warden', 'controls.warden');

export const controlsLibraryPresent = (): boolean => existsSync(CONTROLS);

/** Text that brings in the whole rule library (and kinds and controls), to put before a snippet. */
export function libraryPrelude(): string {
  if (controlsLibraryPresent()) return 'use "warden/threats"\n';
  const parts = ['use "warden/azure"', readFileSync(join(here, 'fixtures', 'controls.warden'), 'utf8')];
  for (const f of readdirSync(LIBRARY_DIR).filter((f) => f.endsWith('.warden')).sort()) {
    parts.push(readFileSync(join(LIBRARY_DIR, f), 'utf8').replace(/^use .*$/gm, ''));
  }
  return parts.join('\n') + '\n';
}

/** Checks `snippet` (a model body) with the library in front of it, as file `name` under test/threats. */
export function loadWithLibrary(snippet: string, name = 'case.warden'): LoadModelResult {
  const text = `model "Library cases" { owner "test" }\n${libraryPrelude()}\n${snippet}`;
  return checkSource(join(here, 'fixtures', name), text, { cwd: ROOT });
}
