// `warden export model <file>`: the resolved model as JSON (schema: docs/model-schema.json).
// Output is deterministic: the same model gives byte-identical JSON.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { loadModel } from '../../dsl/index.js';
import { existsSync } from 'node:fs';

export const command: Command = {
  name: 'export model',
  summary: 'print the resolved model as JSON (docs/model-schema.json)',
  usage: 'export model <file> [--format json] [-o file] [--root dir]',
  description: 'Exit codes: 0 written, 1 the model has errors (nothing written), 2 usage error or unreadable file.',
  options: [
    { name: 'format', type: 'string', choices: ['json'], default: 'json', description: 'output format' },
    { name: 'output', short: 'o', type: 'string', valueName: 'file', description: 'write to a file instead of stdout' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root imports must stay inside' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('export model needs exactly one model file');
    const [file] = positionals;
    if (!existsSync(resolve(io.cwd, file))) {
      io.stderr(`warden: cannot read ${file}: no such file\n`);
      return EXIT_USAGE;
    }
    const r = loadModel(file, { cwd: io.cwd, ...(typeof options.root === 'string' ? { projectRoot: options.root } : {}) });
    reportDiagnostics(io, r.diagnostics, r.sources);
    if (!r.value) return EXIT_FINDINGS;
    const json = JSON.stringify(r.value, null, 2) + '\n';
    if (typeof options.output === 'string') {
      try {
        writeFileSync(resolve(io.cwd, options.output), json);
      } catch (e) {
        io.stderr(`warden: cannot write ${options.output}: ${(e as Error).message}\n`);
        return EXIT_USAGE;
      }
    } else io.stdout(json);
    return EXIT_OK;
  },
};
