// `warden export gatekeeper <model> -o dir/`: ConstraintTemplates (one per control admission can
// enforce) and Constraints scoped from the model, plus README.md and coverage.json saying which
// controls stay CI-only. Deterministic bytes for the same model and library.
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { deriveForAdmission } from './export-admission.js';
import { coverageSummary, exportGatekeeper, writeExportFiles } from '../../export/index.js';

export const command: Command = {
  name: 'export gatekeeper',
  summary: 'write Gatekeeper ConstraintTemplates and Constraints for the controls admission can enforce',
  usage: 'export gatekeeper <model> -o <dir>',
  description: [
    'Writes <dir>/templates/<kind>.yaml (the library checks wrapped for input.review.object, libs',
    'inlined), <dir>/constraints/<kind>.yaml (kinds from the checks, namespaces from the elements',
    "boundaries, parameters from the model), <dir>/coverage.json and <dir>/README.md.",
    'enforcementAction per control: deny when its most severe check is high or critical, warn for',
    'medium, dryrun for low. Cross-resource checks and drift checks are listed as CI-only.',
    'Exit codes: 0 written; 2 usage error or model errors.',
  ].join('\n'),
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: 'dir', description: 'output directory (created if missing)' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root model imports must stay inside' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('export gatekeeper needs exactly one model file');
    if (typeof options.out !== 'string') throw new UsageError('export gatekeeper needs -o <dir>');
    const derived = deriveForAdmission(positionals[0], options.root, io);
    if (!derived) return EXIT_USAGE;
    const { coverage } = derived;
    const gk = exportGatekeeper(derived.bundle, coverage);
    const files = writeExportFiles(resolve(io.cwd, options.out), gk.files);
    if (!io.quiet) {
      io.stdout(`wrote ${files.length} files to ${options.out}: ${gk.templates.length} templates and constraints\n`);
      io.stdout(coverageSummary(coverage));
    }
    return EXIT_OK;
  },
};
