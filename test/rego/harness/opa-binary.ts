// The reference engine: the Go `opa` binary, found where CI or a developer puts it, driven through
// `opa eval --format json` (and `opa build -t wasm` for validating the harness against OPA's own Wasm).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { entrypointOf, queriesOf, type RegoCase } from './case-format.js';
import type { ErrorDetail, Outcome, QueryAnswer } from './outcome.js';

const execFileAsync = promisify(execFile);

export interface OpaLocation {
  path?: string;
  /** Why no binary was found, listing every place looked at. */
  reason: string;
}

function goPathBin(): string | undefined {
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return gopath ? join(gopath, 'bin', 'opa') : undefined;
  } catch {
    return undefined;
  }
}

let cached: OpaLocation | undefined;

/** OPA_BIN if set (and only it), else `opa` on PATH, then /root/go/bin/opa, then $(go env GOPATH)/bin/opa. */
export function findOpa(): OpaLocation {
  if (cached) return cached;
  const tried: string[] = [];
  const candidates: string[] = [];
  // An explicit OPA_BIN is obeyed, not second-guessed: a wrong one means "no opa", said plainly.
  const explicit = process.env.OPA_BIN;
  if (explicit) {
    return (cached = existsSync(explicit) ? { path: explicit, reason: `OPA_BIN=${explicit}` } : { reason: `OPA_BIN=${explicit} does not exist` });
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'opa'));
  candidates.push('/root/go/bin/opa');
  for (const c of candidates) {
    tried.push(c);
    if (existsSync(c)) return (cached = { path: c, reason: `found ${c}` });
  }
  const gp = goPathBin();
  if (gp) {
    tried.push(gp);
    if (existsSync(gp)) return (cached = { path: gp, reason: `found ${gp}` });
  }
  return (cached = { reason: `no opa binary found (looked at: ${tried.join(', ')}); set OPA_BIN or put opa on PATH` });
}

/** Module file names are stable so that error locations name the same file in every engine. */
export function moduleFileName(index: number): string {
  return `case_${index}.rego`;
}

interface OpaJsonError {
  code?: string;
  message?: string;
  location?: { file?: string; row?: number };
}

function toErrors(errs: OpaJsonError[]): ErrorDetail[] {
  return errs.map((e) => ({
    code: e.code ?? 'unknown',
    message: e.message ?? '',
    ...(e.location?.row !== undefined ? { line: e.location.row } : {}),
    ...(e.location?.file ? { file: e.location.file } : {}),
  }));
}

/** Runs `opa eval` once for one query in a prepared directory; returns an answer or the errors. */
async function evalOne(opa: string, dir: string, args: string[], query: string): Promise<QueryAnswer | { errors: ErrorDetail[] }> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(opa, ['eval', '--format', 'json', ...args, query], { cwd: dir, maxBuffer: 64 << 20 }));
  } catch (err) {
    // Non-zero exit with JSON errors on stdout is how opa reports compile and eval errors.
    const e = err as { stdout?: string; stderr?: string; message: string };
    stdout = e.stdout ?? '';
    if (!stdout.trim().startsWith('{')) throw new Error(`opa eval failed: ${e.stderr || e.message}`);
  }
  const out = JSON.parse(stdout) as { result?: Array<{ expressions: Array<{ value: unknown }> }>; errors?: OpaJsonError[] };
  if (out.errors) return { errors: toErrors(out.errors) };
  if (!out.result || out.result.length === 0) return { defined: false };
  return { defined: true, value: out.result[0]!.expressions[0]!.value };
}

export function writeCaseDir(c: RegoCase, prefix = 'warden-opa-'): { dir: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const args: string[] = [];
  c.modules.forEach((src, i) => {
    writeFileSync(join(dir, moduleFileName(i)), src);
    args.push('-d', moduleFileName(i));
  });
  if ('data' in c) {
    writeFileSync(join(dir, 'data.json'), JSON.stringify(c.data));
    args.push('-d', 'data.json');
  }
  if (c.hasInput) {
    writeFileSync(join(dir, 'input.json'), JSON.stringify(c.input));
    args.push('--input', 'input.json');
  }
  if (c.v0) args.push('--v0-compatible');
  if (c.strict) args.push('--strict-builtin-errors');
  return { dir, args };
}

/** Runs a case through `opa eval`, one invocation per query. */
export async function runCaseWithOpa(opa: string, c: RegoCase): Promise<Outcome> {
  const { dir, args } = writeCaseDir(c);
  try {
    const answers: Record<string, QueryAnswer> = {};
    for (const q of queriesOf(c)) {
      const r = await evalOne(opa, dir, args, q);
      if ('errors' in r) {
        const phase = r.errors.every((e) => e.code.startsWith('eval_')) ? 'eval' : 'compile';
        return { kind: 'error', phase, errors: r.errors };
      }
      answers[q] = r;
    }
    return { kind: 'result', answers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Builds a case with `opa build -t wasm` and returns policy.wasm, or the compile errors. Used only to
 * validate the harness's Wasm path (loadPolicy, setData, evaluate) with a known-good compiler.
 */
export async function buildWasmWithOpa(opa: string, c: RegoCase): Promise<{ wasm: Uint8Array } | { errors: ErrorDetail[] }> {
  const { dir, args } = writeCaseDir(c, 'warden-opabuild-');
  try {
    const buildArgs = ['build', '-t', 'wasm', '-o', 'bundle.tar.gz'];
    for (const q of queriesOf(c)) buildArgs.push('-e', entrypointOf(q));
    // opa build takes files as positional arguments, not -d, and no input.
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-d' && args[i + 1]!.endsWith('.rego')) buildArgs.push(args[++i]!);
      else if (args[i] === '--v0-compatible') buildArgs.push('--v0-compatible');
    }
    try {
      await execFileAsync(opa, buildArgs, { cwd: dir });
    } catch (err) {
      const text = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
      const errors: ErrorDetail[] = [];
      for (const m of text.matchAll(/(?:^|\s)([\w.]+\.rego):(\d+):(?:\d+:)?\s*(\w+_error):\s*(.*)/g)) {
        errors.push({ code: m[3]!, line: Number(m[2]), message: m[4]!, file: m[1]! });
      }
      if (errors.length === 0) errors.push({ code: 'unknown', message: text.trim() });
      return { errors };
    }
    execFileSync('tar', ['xzf', 'bundle.tar.gz', '/policy.wasm'], { cwd: dir, stdio: 'ignore' });
    return { wasm: new Uint8Array(readFileSync(join(dir, 'policy.wasm'))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs at most `limit` async jobs at once, keeping results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}
