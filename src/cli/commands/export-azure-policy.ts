// `warden export azure-policy <model> -o dir/`: Azure Policy custom definitions for AKS
// (Microsoft.Kubernetes.Data) embedding the Gatekeeper templates Warden generates, plus the
// templates, README.md and coverage.json.
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { deriveForAdmission } from './export-admission.js';
import { coverageSummary, exportAzurePolicy, exportGatekeeper, writeExportFiles } from '../../export/index.js';

export const command: Command = {
  name: 'export azure-policy',
  summary: 'write Azure Policy definitions for AKS (Microsoft.Kubernetes.Data) carrying the Gatekeeper templates',
  usage: 'export azure-policy <model> -o <dir> [--template-base-url <url>]',
  description: [
    'Writes <dir>/definitions/<kind>.json (one custom definition per control admission can enforce;',
    'effect parameter defaults to Deny for high/critical controls, else Audit), <dir>/templates/*.yaml,',
    '<dir>/coverage.json and <dir>/README.md. Templates are embedded (templateInfo Base64Encoded)',
    'unless --template-base-url is given, then referenced as <url>/templates/<kind>.yaml (PublicURL).',
    'Exit codes: 0 written; 2 usage error or model errors.',
  ].join('\n'),
  options: [
    { name: 'out', short: 'o', type: 'string', valueName: 'dir', description: 'output directory (created if missing)' },
    { name: 'template-base-url', type: 'string', valueName: 'url', description: 'public https URL the templates/ directory is served from' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root model imports must stay inside' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('export azure-policy needs exactly one model file');
    if (typeof options.out !== 'string') throw new UsageError('export azure-policy needs -o <dir>');
    const base = options['template-base-url'];
    if (base !== undefined && (typeof base !== 'string' || !/^https:\/\/[^\s]+$/.test(base))) {
      throw new UsageError('--template-base-url must be an https:// URL');
    }
    const derived = deriveForAdmission(positionals[0], options.root, io);
    if (!derived) return EXIT_USAGE;
    const { coverage } = derived;
    const az = exportAzurePolicy(exportGatekeeper(derived.bundle, coverage), coverage, typeof base === 'string' ? { templateBaseUrl: base } : {});
    const files = writeExportFiles(resolve(io.cwd, options.out), az.files);
    if (!io.quiet) {
      io.stdout(`wrote ${files.length} files to ${options.out}: ${az.definitions.length} policy definitions\n`);
      io.stdout(coverageSummary(coverage));
    }
    return EXIT_OK;
  },
};
