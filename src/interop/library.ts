// What the standard library declares, for imports: the kinds (and the attributes each accepts, so
// an import never writes an attribute its element's kind lacks) and the names of the library's
// threat rules (a custom rule must not take one). Read once, from a model that only imports the
// technology kinds.
import { checkSource } from '../dsl/index.js';
import type { KindDef } from '../model/types.js';

export interface Library {
  kinds: Record<string, KindDef>;
  rules: Set<string>;
  /** Names of the library's controls (an element's `controls [...]` may name them). */
  controls: Set<string>;
}

let cached: Library | undefined;

export function library(): Library {
  if (!cached) {
    const r = checkSource('<library>.warden', 'use "warden/kinds/technologies"\nmodel "library"\n');
    if (!r.value) throw new Error(`the standard library does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    cached = { kinds: r.value.kinds, rules: new Set(r.value.rules.map((x) => x.id)), controls: new Set(r.value.controls.map((c) => c.id)) };
  }
  return cached;
}

/** Whether elements of `kind` accept the attribute `attr`. */
export function accepts(kind: string, attr: string): boolean {
  return Object.hasOwn(library().kinds[kind]?.attributes ?? {}, attr);
}

/** The base of a library kind, or undefined when the library has no such kind. */
export function baseOf(kind: string): 'actor' | 'process' | 'store' | 'flow' | undefined {
  return library().kinds[kind]?.base;
}
