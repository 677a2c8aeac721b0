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

export const KNOWN_FAILURES: KnownFailure[] = [
  {
    surface: 'bundle',
    matches: /^check --bundle: internal error: internal error WD(?:9999|N): (?:WebAssembly\.|corrupt program segment)/,
    why: 'a bundle whose policy.wasm is damaged (not Wasm, truncated, or its program segment corrupt) ends in WD9999 instead of a WD5012 diagnostic',
  },
  {
    surface: 'rego',
    matches: /^rego compile\/eval: diagnostic without a file: rego_eval_error/,
    why: 'evaluation errors (eval_conflict_error, builtin errors...) come back as rego_eval_error with no file, line or column; opa gives the rule\'s location',
  },
];
