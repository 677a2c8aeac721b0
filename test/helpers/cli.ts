// Runs the CLI in-process (through tsx, no build needed) and captures what it prints.
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? '',
    color: false,
    env: options.env ?? {},
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return { code, stdout, stderr };
}
