// `warden fmt <files...>`: canonical formatting. Prints the formatted text (one file), or with
// --check lists files that are not formatted (exit 1), or with --write rewrites them in place.
// A file with syntax errors is never rewritten: its diagnostics are printed and the exit code is 1.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors } from '../../diagnostics/index.js';
import { formatSource } from '../../dsl/index.js';

export const command: Command = {
  name: 'fmt',
  summary: 'format models canonically (print, --check or --write)',
  usage: 'fmt <files...> [--check] [--write]',
  description: [
    'Without options, prints the formatted text of the files to stdout. "-" reads standard input.',
    '--check: exit 1 and name each file that formatting would change (CI). --write: rewrite files in place.',
    'Formatting keeps comments and is idempotent.',
  ].join('\n'),
  options: [
    { name: 'check', type: 'boolean', description: 'do not print; exit 1 if any file is not formatted' },
    { name: 'write', short: 'w', type: 'boolean', description: 'rewrite files in place' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length === 0) throw new UsageError('fmt needs at least one file (or - for standard input)');
    if (options.check && options.write) throw new UsageError('--check and --write cannot be combined');
    if (options.write && positionals.includes('-')) throw new UsageError('--write cannot rewrite standard input');
    let code = EXIT_OK;
    for (const f of positionals) {
      let text: string;
      try {
        text = f === '-' ? await io.readStdin() : readFileSync(resolve(io.cwd, f), 'utf8');
      } catch {
        io.stderr(`warden: cannot read ${f}: no such file or not readable\n`);
        return EXIT_USAGE;
      }
      const r = formatSource(text, f);
      if (hasErrors(r.diagnostics)) {
        reportDiagnostics(io, r.diagnostics, new Map([[f, text]]));
        code = EXIT_FINDINGS;
        continue;
      }
      if (options.check) {
        if (r.value !== text) {
          io.stderr(`${f}: not formatted\n`);
          code = EXIT_FINDINGS;
        }
      } else if (options.write) {
        if (r.value !== text) {
          writeFileSync(resolve(io.cwd, f), r.value);
          if (!io.quiet) io.stderr(`formatted ${f}\n`);
        }
      } else io.stdout(r.value);
    }
    return code;
  },
};
