// The first two stages, as `warden check` and `warden policy build` need them: load and check the
// model, then generate its threat register (threat ids are what findings are traced to).
import { hasErrors, type Diagnostic } from '../diagnostics/index.js';
import { loadModel } from '../dsl/index.js';
import type { ResolvedModel } from '../model/types.js';
import { generateThreats } from '../threats/index.js';
import type { ThreatRegister } from '../threats/types.js';

export interface ModelInput {
  model?: ResolvedModel;
  register?: ThreatRegister;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export function loadModelWithThreats(entry: string, options: { cwd?: string; projectRoot?: string; today?: string } = {}): ModelInput {
  const loaded = loadModel(entry, { ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}) });
  if (!loaded.value || hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
  const threats = generateThreats(loaded.value, options.today ? { today: options.today } : {});
  return { model: loaded.value, register: threats.value, diagnostics: [...loaded.diagnostics, ...threats.diagnostics], sources: loaded.sources };
}
