// `warden lsp`: the language server over stdio, for editors (editors/vscode starts it). It runs
// until the client sends exit (or closes stdin); nothing but protocol messages goes to stdout.
import { UsageError } from '../args.js';
import { EXIT_OK, type Command } from '../command.js';

export const command: Command = {
  name: 'lsp',
  summary: 'language server for .warden files over stdio (diagnostics, completion, hover, rename, formatting)',
  usage: 'lsp [--stdio]',
  description: [
    'Speaks the Language Server Protocol on stdin/stdout: diagnostics as you type (the same codes and',
    'hints as the CLI), completion of keywords, kinds, attributes, values and names, hover (an',
    "element's threats, a kind's attributes), go to definition, find references, rename (elements,",
    'boundaries, data, named flows, across imports), document outline and formatting (warden fmt).',
    'editors/vscode in the repository is a minimal VS Code extension that starts it.',
  ].join('\n'),
  options: [{ name: 'stdio', type: 'boolean', description: 'use stdin/stdout (the default and only transport; accepted for editors that pass it)' }],
  async run({ positionals }) {
    if (positionals.length > 0) throw new UsageError('lsp takes no arguments');
    const { startLanguageServer } = await import('../../lsp/index.js');
    const server = startLanguageServer(process.stdin, process.stdout);
    await new Promise<void>((resolve) => server.connection.onExit(() => resolve()));
    return EXIT_OK;
  },
};
