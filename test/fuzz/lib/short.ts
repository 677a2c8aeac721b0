// The short budget inside `npm test`: a fixed seed and a few hundred inputs per surface, so a run
// is reproducible and the four suites together stay well under a minute on two cores. The long
// budget is `npm run fuzz` (test/fuzz/run.ts).
import type { ExecutionContext } from 'ava';
import fc from 'fast-check';
import { KNOWN_FAILURES } from './known.js';
import { signature, type Failure, type Surface } from './surface.js';

/** Known failures in code other branches are changing (see known.ts): filtered here, pinned by test.failing. */
export const isKnown = (surface: string, f: Failure): boolean => KNOWN_FAILURES.some((k) => k.surface === surface && k.matches.test(signature(f)));

/** Runs `runs` inputs of `surface` from `seed`; fails with the shrunk counterexample and what it broke. */
export async function shortRun<T>(t: ExecutionContext, surface: Surface<T>, runs: number, seed: number): Promise<void> {
  const started = performance.now();
  let known = 0;
  const r = await fc.check(
    fc.asyncProperty(surface.arbitrary, async (x) => {
      const all = await surface.run(x);
      const failures = all.filter((f) => !isKnown(surface.name, f));
      known += all.length - failures.length;
      return failures.length === 0;
    }),
    { numRuns: runs, seed },
  );
  if (r.failed) {
    const x = r.counterexample![0] as T;
    const failures = (await surface.run(x)).filter((f) => !isKnown(surface.name, f));
    t.fail(
      [`${surface.name}: input ${r.counterexamplePath} of seed ${seed} (shrunk ${r.numShrinks} times) breaks:`, ...failures.map((f) => `  ${f.kind}: ${f.detail}`), '--- input ---', surface.show(x)].join('\n'),
    );
    return;
  }
  const s = (performance.now() - started) / 1000;
  t.log(`${surface.name}: ${runs} inputs in ${s.toFixed(1)} s (${(runs / s).toFixed(0)}/s)${known ? `, ${known} known failures filtered (test/fuzz/lib/known.ts)` : ''}`);
  t.pass();
}
