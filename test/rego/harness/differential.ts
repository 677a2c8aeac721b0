// Differential runs: the same programs through the reference `opa eval` and a Wasm engine, with
// outcomes compared exactly. Generated programs are batched so opa starts a few times per corpus,
// not once per program; cases' opa outcomes are cached by content so reruns are cheap.
import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { caseId, type RegoCase } from './case-format.js';
import { mapLimit, runCaseWithOpa } from './opa-binary.js';
import { compareOutcomes, type Outcome, type QueryAnswer } from './outcome.js';
import type { GenProgram } from './program-generator.js';
import { runCaseWithWasm, type WasmEngine } from './wasm-engine.js';

const execFileAsync = promisify(execFile);

/** A generated program seen as a case: one query per rule, its own input. */
export function programAsCase(p: GenProgram): RegoCase {
  return {
    name: p.pkg,
    feature: 'generated',
    modules: [p.source],
    input: p.input,
    hasInput: true,
    query: p.rules.map((r) => `data.gen.${p.pkg}.${r}`),
    file: 'generated',
  };
}

/**
 * Evaluates a whole corpus with `opa eval` in chunks: one query binds each program's package
 * evaluated `with input as` its own input (a literal in the query). A chunk that fails as a
 * whole (an eval error in one program) falls back to one opa run per program.
 */
export async function runCorpusWithOpa(opa: string, programs: GenProgram[], chunkSize = 100): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let start = 0; start < programs.length; start += chunkSize) {
    const chunk = programs.slice(start, start + chunkSize);
    const dir = mkdtempSync(join(tmpdir(), 'warden-diff-'));
    try {
      const args = ['eval', '--format', 'json'];
      chunk.forEach((p) => {
        writeFileSync(join(dir, `${p.pkg}.rego`), p.source);
        args.push('-d', `${p.pkg}.rego`);
      });
      // NOTE: the input goes in as a literal term (JSON is Rego syntax). With `input as data.<ref>`
      // opa 1.22 lets a nested `with input.xs as ...` inside a rule leak into other rules' view
      // of that data, which made the reference itself wrong for programs using `with`.
      const query = chunk.map((p) => `${p.pkg} := data.gen.${p.pkg} with input as ${JSON.stringify(p.input)}`).join('; ');
      let parsed: { result?: Array<{ bindings: Record<string, Record<string, unknown>> }>; errors?: unknown[] } | undefined;
      try {
        const { stdout } = await execFileAsync(opa, [...args, query], { cwd: dir, maxBuffer: 256 << 20 });
        parsed = JSON.parse(stdout);
      } catch {
        parsed = undefined;
      }
      const bindings = parsed?.result?.[0]?.bindings;
      if (!bindings) {
        out.push(...(await mapLimit(chunk, 2, (p) => runCaseWithOpa(opa, programAsCase(p)))));
        continue;
      }
      for (const p of chunk) {
        const pkgValue = bindings[p.pkg] ?? {};
        const answers: Record<string, QueryAnswer> = {};
        for (const r of p.rules) {
          answers[`data.gen.${p.pkg}.${r}`] = r in pkgValue ? { defined: true, value: pkgValue[r] } : { defined: false };
        }
        out.push({ kind: 'result', answers });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

/** The id a generated program has in reports and known-gaps.yaml: `generated › p47`. */
export function generatedId(p: GenProgram): string {
  return `generated › ${p.pkg}`;
}

export interface DiffMismatch {
  id: string;
  source: string;
  input?: unknown;
  why: string;
}

export async function diffCorpus(opa: string, engine: WasmEngine, programs: GenProgram[]): Promise<{ mismatches: DiffMismatch[]; compared: number }> {
  const reference = await runCorpusWithOpa(opa, programs);
  const mismatches: DiffMismatch[] = [];
  for (let i = 0; i < programs.length; i++) {
    const p = programs[i]!;
    const candidate = await runCaseWithWasm(engine, programAsCase(p));
    const why = compareOutcomes(reference[i]!, candidate);
    if (why) mismatches.push({ id: generatedId(p), source: p.source, input: p.input, why });
  }
  return { mismatches, compared: programs.length };
}

let opaVersionCache: string | undefined;
function opaVersion(opa: string): string {
  opaVersionCache ??= execFileSync(opa, ['version'], { encoding: 'utf8' }).split('\n')[0] ?? 'unknown';
  return opaVersionCache;
}

/** The reference outcome of a case, cached on disk by (opa version, case content). */
export async function cachedOpaOutcome(opa: string, c: RegoCase): Promise<Outcome> {
  const dir = join(tmpdir(), 'warden-opa-outcomes-v2'); // v2: -0 kept
  mkdirSync(dir, { recursive: true });
  const key = createHash('sha256')
    .update(JSON.stringify([opaVersion(opa), c.modules, c.data, c.hasInput, c.input, c.query, c.v0 ?? false, ...(c.strict ? ['strict'] : [])]))
    .digest('hex');
  const path = join(dir, `${key}.json`);
  // JSON has no -0 of its own (JSON.stringify(-0) is "0"), and opa does answer -0 (0 / -2): mark it.
  const NEG_ZERO = '\u0000-0';
  try {
    return JSON.parse(readFileSync(path, 'utf8'), (_k, v) => (v === NEG_ZERO ? -0 : v)) as Outcome;
  } catch {
    const o = await runCaseWithOpa(opa, c);
    writeFileSync(path, JSON.stringify(o, (_k, v) => (Object.is(v, -0) ? NEG_ZERO : v)));
    return o;
  }
}

export async function diffCases(opa: string, engine: WasmEngine, cases: RegoCase[]): Promise<DiffMismatch[]> {
  const reference = await mapLimit(cases, 2, (c) => cachedOpaOutcome(opa, c));
  const mismatches: DiffMismatch[] = [];
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const why = compareOutcomes(reference[i]!, await runCaseWithWasm(engine, c));
    if (why) mismatches.push({ id: caseId(c), source: c.modules.join('\n---\n'), input: c.input, why });
  }
  return mismatches;
}
