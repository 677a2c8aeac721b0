// `warden policy build <model> -o out/`: the model's policy bundle, compiled by Warden's own Rego
// compiler: policy.wasm, data.json, policies/**.rego (the sources compiled) and manifest.json
// (entry points, controls -> checks -> threats). Byte-identical for the same model and library.
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors, sortDiagnostics } from '../../diagnostics/index.js';
import { loadModelWithThreats } from '../../check/model-input.js';
import { buildPolicy, engineFromEnv, writeBundle } from '../../policy/index.js';

export const command: Command = {
  name: 'policy build',
  summary: "derive and compile the model's policy bundle (policy.wasm, data.json, sources, manifest.json)",
  usage: 'policy build <model> -o <dir>',
  description: [
    'Writes <dir>/policy.wasm (entry point warden/main/findings), <dir>/data.json (data.warden: params,',
    'bindings, model facts), <dir>/policies/**.rego (every source compiled) and <dir>/manifest.json.',
    'Evaluate elsewhere with opa-wasm: setData(data.json), evaluate({"resources": [...]}).',
    'Exit codes: 0 built; 2 usage error, model errors or a policy that does not compile.',
  ].join('\n'),
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: 'dir', description: 'output directory (created if missing)' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root model imports must stay inside' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('policy build needs exactly one model file');
    if (typeof options.out !== 'string') throw new UsageError('policy build needs -o <dir>');
    const input = loadModelWithThreats(positionals[0], { cwd: io.cwd, ...(typeof options.root === 'string' ? { projectRoot: options.root } : {}) });
    if (!input.model || !input.register) {
      reportDiagnostics(io, sortDiagnostics(input.diagnostics), input.sources);
      return EXIT_USAGE;
    }
    const built = await buildPolicy(input.model, input.register, { engine: engineFromEnv(io.env) });
    const diagnostics = sortDiagnostics([...input.diagnostics, ...built.diagnostics]);
    reportDiagnostics(io, diagnostics, input.sources);
    if (!built.value || hasErrors(diagnostics)) return EXIT_USAGE;
    const files = writeBundle(resolve(io.cwd, options.out), built.value);
    if (!io.quiet) {
      io.stdout(`wrote ${files.length} files to ${options.out}: ${built.value.bundle.checks.length} checks, ${built.value.compiled.wasm.length} bytes of Wasm\n`);
    }
    return EXIT_OK;
  },
};
