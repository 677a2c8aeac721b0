// Text mutations of seed files, the corpus they come from, and running the CLI in-process on files
// in a scratch directory.
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Files under `dirs` (relative to the repository root) whose names match `re`, sorted. */
export function corpusFiles(dirs: readonly string[], re: RegExp, skip: RegExp = /node_modules|\/golden\//): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = join(repoRoot, rel);
    if (skip.test(rel)) return;
    if (statSync(abs).isDirectory()) for (const e of readdirSync(abs).sort()) walk(join(rel, e));
    else if (re.test(rel)) out.push(rel);
  };
  for (const d of dirs) walk(d);
  return out;
}

export const readRepo = (rel: string): string => readFileSync(join(repoRoot, rel), 'utf8');

type Edit = [at: number, len: number, piece: string, op: 'delete' | 'insert' | 'duplicate' | 'replace' | 'swapLines' | 'truncate'];

/** Applies edits in order; offsets wrap around the current text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let s = text;
  for (const [at, len, piece, op] of edits) {
    const p = at % (s.length + 1);
    if (op === 'delete') s = s.slice(0, p) + s.slice(p + len);
    else if (op === 'insert') s = s.slice(0, p) + piece + s.slice(p);
    else if (op === 'duplicate') s = s.slice(0, p) + s.slice(p, p + len) + s.slice(p);
    else if (op === 'replace') s = s.slice(0, p) + piece + s.slice(p + Math.max(1, piece.length));
    else if (op === 'truncate') s = s.slice(0, p);
    else {
      const lines = s.split('\n');
      const i = at % lines.length;
      const j = (at + len) % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      s = lines.join('\n');
    }
  }
  return s;
}

/**
 * Mutations of the seeds: 1 to `maxEdits` deletions, insertions of surface-specific pieces,
 * duplications, replacements, line swaps and truncations. Shrinks towards fewer edits and the first seed.
 */
export function mutatedText(seeds: readonly string[], pieces: readonly string[], maxEdits = 8): fc.Arbitrary<string> {
  const op = fc.constantFrom<Edit[3]>('delete', 'insert', 'insert', 'duplicate', 'replace', 'swapLines', 'truncate');
  const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) });
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 60 }), piece, op) as fc.Arbitrary<Edit>;
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: maxEdits }))
    .map(([i, edits]) => applyEdits(seeds[i]!, edits));
}

/** A sequence of pieces joined by spaces or newlines: token soup. */
export function soup(pieces: readonly string[], maxLength = 120): fc.Arbitrary<string> {
  return fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(' ', '\n', '')), { maxLength }).map((xs) => xs.map(([a, b]) => a + b).join(''));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `warden argv...` in-process (the same main() bin/warden.js calls), with files in `cwd`. */
export async function cli(argv: string[], cwd: string, stdin = ''): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  // Node prints process warnings to the real stderr; collect the ones this run emits, as printed
  const warnings: string[] = [];
  const onWarning = (w: Error & { code?: string }) => void warnings.push(`(node:${process.pid}) ${w.code ? `[${w.code}] ` : ''}${w.name}: ${w.message}\n`);
  process.on('warning', onWarning);
  let code: number;
  try {
    code = await main(argv, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: async () => stdin,
      color: false,
      quiet: false,
      env: { TZ: 'UTC' },
      cwd,
    });
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  return { code, stdout, stderr: stderr + warnings.join('') };
}

/** One scratch directory per process, reused by every input (files are overwritten). */
let scratch: string | undefined;
export function scratchDir(): string {
  if (!scratch) {
    scratch = mkdtempSync(join(tmpdir(), 'warden-fuzz-'));
    const dir = scratch;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}

export function writeScratch(name: string, content: string | Uint8Array): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, content);
  return path;
}
