// `warden <command>`: a thin layer over the API in src/index.ts. Parses arguments, dispatches, and
// turns usage mistakes into exit 2 with a one-line message: never a stack trace for user mistakes.
import { readFileSync } from 'node:fs';
import { formatOptions, parseArgs, UsageError, type OptionSpec } from './args.js';
import { EXIT_OK, EXIT_USAGE, type Command } from './command.js';
import { commands, type CommandEntry } from './commands/index.js';
import { processIO, type CliIO } from './io.js';

/** Options every command accepts. */
export const globalOptions: OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show help for the command' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'print only errors and the requested output' },
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'warden: threat models as code, enforced on Kubernetes manifests',
    '',
    'Usage: warden <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    formatOptions(globalOptions),
    '      --version  print the version',
    '',
    'Exit codes: 0 ok; 1 findings (errors in a model, threats or policy findings at or above --fail-on);',
    '            2 usage or input error (bad arguments, unreadable files).',
    'Environment: NO_COLOR disables colour.',
    '',
    "Run 'warden <command> --help' for a command's options.",
  ].join('\n');
}

export function commandHelp(cmd: Command): string {
  const opts = [...cmd.options, ...globalOptions];
  return [`Usage: warden ${cmd.usage}`, '', cmd.summary, '', 'Options:', formatOptions(opts), ...(cmd.description ? ['', cmd.description] : [])].join(
    '\n',
  );
}

function findCommand(argv: readonly string[]): { entry: CommandEntry; rest: string[] } | undefined {
  // Two-word commands ('rego build') win over one-word ones.
  const two = argv.length >= 2 ? `${argv[0]} ${argv[1]}` : undefined;
  const e2 = two ? commands.find((c) => c.name === two) : undefined;
  if (e2) return { entry: e2, rest: argv.slice(2) };
  const e1 = commands.find((c) => c.name === argv[0]);
  if (e1) return { entry: e1, rest: argv.slice(1) };
  return undefined;
}

export async function main(argv: readonly string[], ioOverride?: Partial<CliIO>): Promise<number> {
  const quiet = argv.includes('--quiet') || argv.includes('-q');
  const io: CliIO = { ...processIO(quiet), ...ioOverride };
  // a caller that supplies standard input as text supplies all of it: never read the real one
  if (ioOverride?.readStdin && !ioOverride.readStdinBytes) delete io.readStdinBytes;
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      const sub = argv[0] === 'help' && argv.length > 1 ? findCommand(argv.slice(1)) : undefined;
      io.stdout((sub ? commandHelp(await sub.entry.load()) : mainHelp()) + '\n');
      return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
    }
    if (argv[0] === '--version' || argv[0] === '-V') {
      io.stdout(version() + '\n');
      return EXIT_OK;
    }
    const found = findCommand(argv);
    if (!found) {
      const group = commands.filter((c) => c.name.startsWith(argv[0] + ' '));
      if (group.length > 0 && !argv[1]?.startsWith('-')) {
        throw new UsageError(
          `'${argv[0]}' needs a subcommand: ${group.map((c) => c.name.split(' ')[1]).join(', ')}` + (argv[1] ? ` (got '${argv[1]}')` : ''),
        );
      }
      if (group.length > 0) {
        io.stdout(group.map((c) => `  warden ${c.name.padEnd(18)} ${c.summary}`).join('\n') + '\n');
        return argv.includes('--help') || argv.includes('-h') ? EXIT_OK : EXIT_USAGE;
      }
      throw new UsageError(`unknown command '${argv[0]}'. Run 'warden --help' for the list.`);
    }
    const cmd = await found.entry.load();
    const parsed = parseArgs(found.rest, [...cmd.options, ...globalOptions]);
    if (parsed.options.help) {
      io.stdout(commandHelp(cmd) + '\n');
      return EXIT_OK;
    }
    return await cmd.run(parsed, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`warden: ${err.message}\n`);
      return EXIT_USAGE;
    }
    // An internal bug: say so plainly; the stack only when asked for.
    const e = err as Error;
    io.stderr(`warden: internal error WD9999: ${e?.message ?? String(err)}\n`);
    if (io.env.WARDEN_DEBUG) io.stderr(String(e?.stack) + '\n');
    else io.stderr('  hint: this is a bug in Warden; rerun with WARDEN_DEBUG=1 for details and report it.\n');
    return EXIT_USAGE;
  }
}
