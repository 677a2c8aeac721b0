// `warden serve <model>`: a live page for workshops. Serves on 127.0.0.1 only (a random free port
// unless --port), prints the URL, and pushes every save of the model or its imports to the page.
import { UsageError } from '../args.js';
import { EXIT_OK, type Command } from '../command.js';
import { startServer, type LiveServer } from '../../serve/index.js';
import { ISO_DATE } from './diagram.js';

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM); tests pass their own `until`. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const command: Command = {
  name: 'serve',
  summary: 'live page for workshops: diagram, threat register, checklists and diagnostics, updated on every save',
  usage: 'serve <model> [--port N] [--today yyyy-mm-dd]',
  description: [
    'Listens on 127.0.0.1 only (never on the network) and prints the URL. The page needs no network:',
    'styles and script are inline; it updates within a second of every save of the model or of a file',
    'it imports, keeping its filters and zoom. Click an element to focus on its neighbourhood and list',
    'its threats; click a boundary to drill down; "Presentation" (key p) enlarges fonts for projectors.',
    'Models over 40 elements open on the overview (boundaries collapsed). Stop with Ctrl-C.',
    'Exit codes: 0 stopped; 2 usage error (bad option, port in use).',
  ].join('\n'),
  options: [
    { name: 'port', short: 'p', type: 'string', valueName: 'n', description: 'TCP port on 127.0.0.1 (default: a random free port)' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date used to decide whether acceptances have expired (default: today, UTC)' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('serve needs exactly one model file');
    const today = options.today as string | undefined;
    if (today !== undefined && !ISO_DATE.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);
    const portText = options.port as string | undefined;
    if (portText !== undefined && (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)) throw new UsageError(`--port must be a number from 0 to 65535 (got "${portText}")`);
    let server: LiveServer;
    try {
      server = await startServer({
        file: positionals[0],
        cwd: io.cwd,
        today,
        port: portText === undefined ? 0 : Number(portText),
        onReload: (s) => {
          if (!io.quiet) io.stderr(`updated (version ${s.version}): ${s.diagnostics.filter((d) => d.severity === 'error').length} errors\n`);
        },
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'EADDRINUSE' ? `port ${portText} is in use: pick another with --port, or leave it out for a free one` : `cannot listen: ${code ?? (err as Error).message}`);
    }
    io.stdout(`warden serve: ${server.url}\n`);
    const first = server.snapshot();
    if (!io.quiet && first.diagnostics.length > 0) io.stderr(`the model has ${first.diagnostics.length} diagnostics: see the page\n`);
    await untilSignal();
    await server.close();
    return EXIT_OK;
  },
};
