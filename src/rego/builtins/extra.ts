// Host builtins added beyond host.ts's first set, one file per area; declared in decls.ts.
import { jsonExtraBuiltins } from './json-extra.js';
import { netBuiltins } from './net.js';

export const extraHostBuiltins: Record<string, (...args: any[]) => unknown> = {
  ...jsonExtraBuiltins,
  ...netBuiltins,
};
