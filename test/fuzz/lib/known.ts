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

/** How deep the generator nests arrays (parsing them is linear in depth; see rego.test.ts). */
export const REGO_ARRAY_DEPTH_CAP = 60;

export const KNOWN_FAILURES: KnownFailure[] = [];
