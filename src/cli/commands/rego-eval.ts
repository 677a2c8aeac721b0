// `warden rego eval`: compile, load and evaluate one query; prints the result set as JSON.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { evalRego } from '../../rego/index.js';
import { collectRego, printDiagnostics } from './rego-shared.js';

export const command: Command = {
  name: 'rego eval',
  summary: 'Evaluate a Rego query through the Wasm compiler',
  usage: 'rego eval <files/dirs...> [-i input.json] [-d data.json] [--strict-builtin-errors] <query>',
  options: [
    { name: 'input', short: 'i', type: 'string', description: 'Input document (JSON)', valueName: 'file' },
    { name: 'data', short: 'd', type: 'string', description: 'Base data document (JSON)', valueName: 'file' },
    { name: 'v0-compatible', type: 'boolean', description: 'Accept Rego v0 syntax' },
    { name: 'strict-builtin-errors', type: 'boolean', description: 'A failing builtin is an evaluation error, not undefined (as opa eval --strict-builtin-errors)' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length < 2) {
      io.stderr('rego eval: give policy files/dirs and a query such as data.pkg.rule\n');
      return EXIT_USAGE;
    }
    const query = positionals[positionals.length - 1]!;
    const modules = collectRego(positionals.slice(0, -1), io, { tests: false });
    const read = (f: string | undefined): unknown => (f === undefined ? undefined : JSON.parse(readFileSync(resolve(io.cwd, f), 'utf8')));
    let input: unknown;
    let data: unknown;
    try {
      input = read(options['input'] as string | undefined);
      data = read(options['data'] as string | undefined);
    } catch (e) {
      io.stderr(`rego eval: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
    const r = await evalRego(modules, query, input, data, {
      v0Compatible: options['v0-compatible'] === true,
      strictBuiltinErrors: options['strict-builtin-errors'] === true,
    });
    printDiagnostics(r.diagnostics, io);
    if (!r.value) return EXIT_FINDINGS;
    io.stdout(JSON.stringify(r.value, null, 2) + '\n');
    return EXIT_OK;
  },
};
