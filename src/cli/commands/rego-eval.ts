// `warden rego eval`: compile, load and evaluate one query; prints the result set as JSON.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { evalRegoJson } from '../../rego/index.js';
import { indentJsonText } from '../../text/json-indent.js';
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
      io.stderr('rego eval: give policy files/dirs and a query such as data.pkg.rule (a reference into data or input)\n');
      return EXIT_USAGE;
    }
    const query = positionals[positionals.length - 1]!;
    const modules = collectRego(positionals.slice(0, -1), io, { tests: false });
    // read as text and checked, then handed over as written: JSON.parse would round numbers that no
    // JavaScript number holds (9007199254740993, 1e400), which opa keeps
    const read = (f: string | undefined): string | undefined => {
      if (f === undefined) return undefined;
      const text = readFileSync(resolve(io.cwd, f), 'utf8');
      JSON.parse(text);
      return text;
    };
    let input: string | undefined;
    let data: string | undefined;
    try {
      input = read(options['input'] as string | undefined);
      data = read(options['data'] as string | undefined);
    } catch (e) {
      io.stderr(`rego eval: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
    const r = await evalRegoJson(modules, query, input, data, {
      v0Compatible: options['v0-compatible'] === true,
      strictBuiltinErrors: options['strict-builtin-errors'] === true,
    });
    printDiagnostics(r.diagnostics, io);
    if (!r.value) return EXIT_FINDINGS;
    io.stdout(indentJsonText(r.value) + '\n');
    return EXIT_OK;
  },
};
