// `warden export bundle <model> -o bundle.tar.gz`: the model's policy as an OPA bundle (.manifest,
// /policy.wasm from Warden's compiler, /data.json, the Rego sources). Byte-identical for the same
// model and library. Prints which controls admission can enforce and which stay CI-only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors, sortDiagnostics } from '../../diagnostics/index.js';
import { loadModelWithThreats } from '../../check/model-input.js';
import { engineFromEnv } from '../../policy/index.js';
import { coverageSummary, exportBundle } from '../../export/index.js';

export const command: Command = {
  name: 'export bundle',
  summary: "write the model's policy as an OPA bundle (tar.gz: .manifest, policy.wasm, data.json, Rego sources)",
  usage: 'export bundle <model> -o <bundle.tar.gz>',
  description: [
    'The bundle has roots ["warden"], one wasm entry point warden/main/findings (/policy.wasm, compiled',
    'by Warden), /data.json (data.warden) and /policies/**.rego. Its revision is a content hash; the',
    "manifest's metadata lists controls, checks, threats and the admission coverage.",
    'Load it with `opa run --bundle`, or `opa eval --bundle` on an OPA build with a wasm engine.',
    'Exit codes: 0 written; 2 usage error, model errors or a policy that does not compile.',
  ].join('\n'),
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'output file (bundle.tar.gz)' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root model imports must stay inside' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('export bundle needs exactly one model file');
    if (typeof options.out !== 'string') throw new UsageError('export bundle needs -o <bundle.tar.gz>');
    const input = loadModelWithThreats(positionals[0], { cwd: io.cwd, ...(typeof options.root === 'string' ? { projectRoot: options.root } : {}) });
    if (!input.model || !input.register) {
      reportDiagnostics(io, sortDiagnostics(input.diagnostics), input.sources);
      return EXIT_USAGE;
    }
    const out = await exportBundle(input.model, input.register, { engine: engineFromEnv(io.env) });
    const diagnostics = sortDiagnostics([...input.diagnostics, ...out.diagnostics]);
    reportDiagnostics(io, diagnostics, input.sources);
    if (!out.value || hasErrors(diagnostics)) return EXIT_USAGE;
    const path = resolve(io.cwd, options.out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, out.value.bytes);
    if (!io.quiet) {
      io.stdout(`wrote ${options.out}: ${out.value.files.length} files, revision ${out.value.manifest.revision.slice(0, 12)}\n`);
      io.stdout(coverageSummary(out.value.coverage));
    }
    return EXIT_OK;
  },
};
