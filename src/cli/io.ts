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

/**
 * A write to a standard stream that tolerates the reader going away: `warden threats m | head -2`
 * closes the pipe early, and Node reports that as an EPIPE 'error' event which, unhandled, ends the
 * process with a stack trace. Once the reader is gone, further output is dropped and the command
 * finishes quietly with its own exit code (what a shell pipeline expects of a well-behaved tool).
 */
function pipeSafeWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw err;
  });
  return (text) => {
    if (closed || stream.destroyed) return;
    try {
      stream.write(text);
    } catch (err) {
      // A synchronous write (files, some pipes) can throw EPIPE directly.
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
      closed = true;
    }
  };
}

let standardWriters: { stdout: (t: string) => void; stderr: (t: string) => void } | undefined;

async function stdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function processIO(quiet = false): CliIO {
  const env = process.env;
  standardWriters ??= { stdout: pipeSafeWriter(process.stdout), stderr: pipeSafeWriter(process.stderr) };
  return {
    stdout: standardWriters.stdout,
    stderr: standardWriters.stderr,
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
