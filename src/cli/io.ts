// What a command may touch of the outside world, so tests can run commands in-process.
import { formatDiagnostics, summarize, type Diagnostic } from '../diagnostics/index.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads standard input to the end (for `-` arguments). */
  readStdin(): Promise<string>;
  /** Standard input as bytes, for readers that check the encoding themselves (check). */
  readStdinBytes?(): Promise<Uint8Array>;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Colour on stderr/stdout: off when NO_COLOR is set (any value) or output is not a terminal. */
  color: boolean;
  quiet: boolean;
}

async function stdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function processIO(quiet = false): CliIO {
  const env = process.env;
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => (await stdinBytes()).toString('utf8'),
    readStdinBytes: stdinBytes,
    cwd: process.cwd(),
    env,
    color: env.NO_COLOR === undefined && env.FORCE_COLOR !== '0' && Boolean(process.stderr.isTTY),
    quiet,
  };
}

/** Prints diagnostics to stderr with source excerpts; with --quiet only errors are printed. */
export function reportDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): void {
  const shown = io.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  if (shown.length === 0) return;
  io.stderr(formatDiagnostics(shown, { sources, color: io.color }) + '\n');
  if (!io.quiet) io.stderr(summarize(diagnostics) + '\n');
}
