// What `warden import <format>` and `warden export otm|threat-dragon|threagile` share: reading the
// input (a file or `-` for standard input), printing located warnings with excerpts, writing the
// output, and the exit codes (docs/interop.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, type OptionSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors } from '../../diagnostics/index.js';
import type { ImportOptions, ImportResult } from '../../interop/common.js';
import type { ExportResult } from '../../interop/model-view.js';
import { commonOptions, loadRegister, todayOption, writeOutput } from './threats.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A `warden import <format>` command over an importer. */
export function importCommand(format: string, title: string, accepts: string, run: (text: string, options: ImportOptions) => ImportResult): Command {
  const options: OptionSpec[] = [
    { name: 'output', short: 'o', type: 'string', valueName: 'file', description: 'write the model to this file instead of stdout' },
    { name: 'accept-until', type: 'string', valueName: 'yyyy-mm-dd', description: `expiry written on accepted risks (${title} records none; default: one year after today)` },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'the date the import runs (default: today, UTC)' },
  ];
  return {
    name: `import ${format}`,
    summary: `write a .warden model from a ${title} model (${accepts}), reporting what could not be mapped`,
    usage: `import ${format} <file|-> [-o model.warden] [--accept-until yyyy-mm-dd]`,
    description: [
      'The model is formatted (as warden fmt) and checked before it is written. Every construct the',
      `${title} file has that Warden cannot hold is reported as a warning at its line (WD8xxx, docs/interop.md).`,
      'Exit codes: 0 written (warnings allowed); 1 the imported model does not validate (a bug: nothing',
      'written); 2 usage error, unreadable file, or not a model of this format.',
    ].join('\n'),
    options,
    async run({ positionals, options: opts }, io) {
      if (positionals.length !== 1) throw new UsageError(`import ${format} needs exactly one input file (or - for stdin)`);
      for (const k of ['accept-until', 'today']) {
        const v = opts[k];
        if (typeof v === 'string' && !ISO_DATE.test(v)) throw new UsageError(`--${k} must be a date yyyy-mm-dd (got "${v}")`);
      }
      const [input] = positionals;
      const file = input === '-' ? '<stdin>' : input;
      let text: string;
      try {
        text = input === '-' ? await io.readStdin() : readFileSync(resolve(io.cwd, input), 'utf8');
      } catch (e) {
        io.stderr(`warden: cannot read ${input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
        return EXIT_USAGE;
      }
      const result = run(text, {
        file,
        ...(typeof opts['accept-until'] === 'string' ? { acceptUntil: opts['accept-until'] } : {}),
        ...(typeof opts.today === 'string' ? { today: opts.today } : {}),
      });
      reportDiagnostics(io, result.diagnostics, new Map([[file, text]]));
      if (result.source === undefined) return EXIT_USAGE;
      if (hasErrors(result.diagnostics)) return EXIT_FINDINGS;
      writeOutput(io, opts.output as string | undefined, result.source);
      return EXIT_OK;
    },
  };
}

/** A `warden export <format>` command over an exporter. */
export function exportCommand(
  format: string,
  summary: string,
  schema: string,
  run: (loaded: NonNullable<ReturnType<typeof loadRegister>['model']>, register: ReturnType<typeof loadRegister>['register'], fmt: string) => ExportResult,
  formats: readonly string[] = [],
): Command {
  return {
    name: `export ${format}`,
    summary,
    usage: `export ${format} <model> [-o file]${formats.length ? ` [--format ${formats.join('|')}]` : ''}`,
    description: [
      '<model> is a .warden file, a git revision REV:path, or a resolved-model JSON export.',
      `The output validates against ${schema} (test/fixtures/schemas); docs/interop.md lists what each field holds.`,
      'Exit codes: 0 written; 1 the model has errors (nothing written); 2 usage error or unreadable file.',
    ].join('\n'),
    options: [
      { name: 'output', short: 'o', type: 'string', valueName: 'file', description: 'write to this file instead of stdout' },
      ...(formats.length ? [{ name: 'format', short: 'f', type: 'string' as const, choices: formats, default: formats[0], description: 'output format' }] : []),
      ...commonOptions,
    ],
    async run({ positionals, options }, io) {
      if (positionals.length !== 1) throw new UsageError(`export ${format} needs exactly one model file`);
      const loaded = loadRegister(positionals[0], io, { today: todayOption(options), root: options.root as string | undefined });
      if (!loaded.model || !loaded.register || hasErrors(loaded.diagnostics)) {
        reportDiagnostics(io, loaded.diagnostics, loaded.sources);
        return loaded.model ? EXIT_FINDINGS : hasErrors(loaded.diagnostics) ? EXIT_FINDINGS : EXIT_USAGE;
      }
      const out = run(loaded.model, loaded.register, (options.format as string | undefined) ?? formats[0] ?? '');
      reportDiagnostics(io, [...loaded.diagnostics, ...out.diagnostics], loaded.sources);
      writeOutput(io, options.output as string | undefined, out.text);
      return EXIT_OK;
    },
  };
}
