// Failures the fuzz suites found in code other helpers are changing right now, so not fixed on the
// fuzz branch. The short suites filter them (by signature) so `npm test` keeps guarding everything
// else; each has a reproducer in the surface's test file as `test.failing`, which starts failing,
// as a reminder to delete the entry here, once the bug is fixed. `npm run fuzz` never filters them.

export interface KnownFailure {
  surface: string;
  /** Tested against the failure's signature (see signature() in surface.ts). */
  matches: RegExp;
  why: string;
}

/**
 * Known hang (Rego parser, another branch): parsing nested arrays takes time exponential in their
 * depth (18 levels ~1 s, 21 ~5 s, 30 would take hours; opa: instant). A hang cannot be filtered
 * after the fact, so the generator of deep Rego terms keeps arrays at this depth until it is fixed;
 * the test.failing reproducer in rego.test.ts times 20 levels.
 */
export const REGO_ARRAY_DEPTH_CAP = 12;

export const KNOWN_FAILURES: KnownFailure[] = [
  {
    surface: 'rego',
    matches: /^rego compile\/eval: diagnostic without a file: rego_eval_error/,
    why: 'evaluation errors (eval_conflict_error, builtin errors...) come back as rego_eval_error with no file, line or column; opa gives the rule\'s location',
  },
  {
    surface: 'rego',
    matches: /^(?:rego: threw: RangeError|rego eval: internal error: internal error WD(?:9999|N)): Maximum call stack size exceeded/,
    why: 'deeply nested terms (5,000 nested arrays or parentheses, a chain of 5,000 additions) overflow the stack of the parser or planner instead of a rego_parse_error / compile diagnostic',
  },
];
