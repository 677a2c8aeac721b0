import type { OptionSpec } from './args.js';
import type { CliIO } from './io.js';

/** Exit codes, documented in README and `warden --help`. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface Command {
  /** One word, or two for grouped commands ('rego build', 'export model'). */
  name: string;
  summary: string;
  /** Usage line after `warden `, e.g. 'validate <files...>'. */
  usage: string;
  /** Longer help text printed by `warden <cmd> --help` after the usage and options. */
  description?: string;
  options: OptionSpec[];
  run(args: { positionals: string[]; options: Record<string, string | boolean | string[] | undefined> }, io: CliIO): Promise<number>;
}
