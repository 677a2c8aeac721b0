// What every fuzz surface provides, and the oracles they share. A surface is an input generator
// (a fast-check arbitrary) plus a function that runs one input through Warden and returns the
// properties it broke. The short suites (test/fuzz/*.test.ts, part of `npm test`) and the long
// runner (test/fuzz/run.ts, `npm run fuzz`) run the same surfaces.
import type fc from 'fast-check';
import type { Diagnostic } from '../../../src/diagnostics/index.js';

/** One broken property for one input. `kind` names the property; `detail` says how it broke. */
export interface Failure {
  kind: string;
  detail: string;
}

export interface Surface<T> {
  name: string;
  /** Every input the surface can generate (mutations of the repository's files and generated ones). */
  arbitrary: fc.Arbitrary<T>;
  /** Runs one input; the properties it broke, none when all hold. */
  run(input: T): Promise<Failure[]>;
  /** The input as text for a report (a string input as it is, a byte input described). */
  show(input: T): string;
  /** For text inputs: a string form the runner can delta-minimise after fast-check's own shrinking. */
  text?: { to(input: T): string; from(text: string, original: T): T };
}

/** The same failure whatever the input: kind plus detail with numbers, names and quoted text blurred. */
export function signature(f: Failure): string {
  const detail = f.detail
    .split('\n')[0]!
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, 'Q')
    .replace(/\d+/g, 'N')
    .slice(0, 48);
  return `${f.kind}: ${detail}`;
}

/** A stack frame as Node prints it ("    at fn (file:1:2)" or "    at file:1:2"). */
const STACK_FRAME = /^\s+at (?:.+ \()?(?:file:|node:|\/|[A-Za-z]:\\).*:\d+:\d+\)?$/m;

/** A warning Node prints for the process ("(node:123) [CODE] SomeWarning: ..."), not a diagnostic. */
const NODE_WARNING = /^\(node:\d+\) ((?:\[\w+\] )?\w*Warning: [^\n]*)/m;

/** What the CLI printed and returned: exit 0, 1 or 2 only; never a stack trace or an internal error. */
export function cliFailures(label: string, run: { code: number; stdout: string; stderr: string }): Failure[] {
  const out: Failure[] = [];
  if (![0, 1, 2].includes(run.code)) out.push({ kind: `${label}: exit code`, detail: `exit ${run.code}; stderr: ${run.stderr.slice(0, 300)}` });
  const both = run.stdout + '\n' + run.stderr;
  const internal = /internal error WD9999[^\n]*/.exec(both);
  if (internal) out.push({ kind: `${label}: internal error`, detail: internal[0] });
  else if (STACK_FRAME.test(both)) out.push({ kind: `${label}: stack trace`, detail: STACK_FRAME.exec(both)![0].trim() + ' | ' + run.stderr.slice(0, 200) });
  const warning = NODE_WARNING.exec(both);
  if (warning) out.push({ kind: `${label}: Node process warning`, detail: warning[1]! });
  return out;
}

/** Every diagnostic has a code and a location: a file, a line and a column (1-based integers). */
export function diagnosticFailures(label: string, diagnostics: readonly Diagnostic[]): Failure[] {
  const out: Failure[] = [];
  for (const d of diagnostics) {
    const s = d.span;
    if (typeof d.code !== 'string' || !/^(?:WD\d{4}|[a-z]+(?:_[a-z]+)*)$/.test(d.code)) out.push({ kind: `${label}: diagnostic without a code`, detail: JSON.stringify(d).slice(0, 300) });
    if (typeof d.file !== 'string' || d.file === '') out.push({ kind: `${label}: diagnostic without a file`, detail: `${d.code}: ${d.message}` });
    if (!s || !Number.isInteger(s.line) || !Number.isInteger(s.column) || s.line < 1 || s.column < 1) {
      out.push({ kind: `${label}: diagnostic without a line and column`, detail: `${d.code}: ${d.message} at ${JSON.stringify(s)}` });
    }
  }
  return out;
}

/** An exception from an API that must report problems as diagnostics. */
export function thrown(label: string, err: unknown): Failure {
  const e = err as Error;
  const frame = typeof e?.stack === 'string' ? (e.stack.split('\n').find((l) => /^\s+at /.test(l)) ?? '').trim() : '';
  return { kind: `${label}: threw`, detail: `${e?.name ?? 'Error'}: ${e?.message ?? String(err)} ${frame}` };
}

/** Runs `fn`, turning a throw into a failure. */
export async function guarded(label: string, fn: () => Promise<Failure[]> | Failure[]): Promise<Failure[]> {
  try {
    return await fn();
  } catch (err) {
    return [thrown(label, err)];
  }
}

/**
 * CPU milliseconds (user + system) since `clock()` was called: unlike wall time it does not grow
 * when other processes share the machine, so the bound below does not flake under load.
 */
export function clock(): () => number {
  const start = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1000;
  };
}

/** A time bound per input: how much CPU one input may take before it counts as a hang. */
export function slowFailure(label: string, ms: number, boundMs: number): Failure[] {
  return ms > boundMs ? [{ kind: `${label}: slow`, detail: `took ${Math.round(ms)} ms of CPU (bound ${boundMs} ms)` }] : [];
}

/** Per-input time bound (ms): generous, since CPU is shared; WARDEN_FUZZ_BOUND_MS overrides it. */
export const TIME_BOUND_MS = Number(process.env.WARDEN_FUZZ_BOUND_MS ?? 10_000);
