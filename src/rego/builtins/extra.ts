// Host builtins added beyond host.ts's first set, one file per area; declared in decls.ts.
import { jsonExtraBuiltins } from './json-extra.js';
import { netBuiltins } from './net.js';
import { miscBuiltins, resetEvaluationState as resetMisc } from './misc.js';

export const extraHostBuiltins: Record<string, (...args: any[]) => unknown> = {
  ...jsonExtraBuiltins,
  ...netBuiltins,
  ...miscBuiltins,
};

/** Called before each evaluation: builtins that answer the same within one query forget their answers. */
export function resetEvaluationState(): void {
  resetMisc();
}
