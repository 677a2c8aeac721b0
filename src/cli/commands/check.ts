// `warden check <model> <manifests...|->`: the model's promises against Kubernetes manifests.
// Exit 0: no open finding at or above --fail-on; 1: some; 2: usage or input error (unreadable or
// malformed input, a model with errors, a policy that does not compile). The report is written
// even when input errors occur, so the documents that did load are still checked.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors, sortDiagnostics } from '../../diagnostics/index.js';
import { DEFAULT_LIMITS, formatReport, REPORT_FORMATS, runCheck, type ReportFormat } from '../../check/index.js';
import { loadModelWithThreats } from '../../check/model-input.js';
import { engineFromEnv } from '../../policy/index.js';
import type { Severity } from '../../model/types.js';

const FAIL_ON = ['low', 'medium', 'high', 'critical'] as const;

function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export const command: Command = {
  name: 'check',
  summary: 'check Kubernetes manifests against the model: findings traced to threats and model lines',
  usage: 'check <model> <manifests...|-> [--format text|json|sarif|junit|github] [--fail-on low|medium|high|critical] [-o file]',
  description: [
    'Manifests: files, directories (recursive: *.yaml, *.yml, *.json) or - for standard input',
    '(helm template / kustomize build output). Multi-document YAML, List kinds and Helm "# Source:" comments.',
    'Only the checks the model\'s controls promise are applied, to the resources its elements describe',
    '(workload "kind/name", selector, or the namespace of the element\'s boundary); drift checks compare',
    'NetworkPolicies, Services and workloads with the model. Waivers in the model and warden.dev/ignore',
    'annotations suppress findings (reported as suppressed); an expired waiver is a finding (WD-WAIVER-001).',
    'Exit codes: 0 no open finding at or above --fail-on; 1 findings; 2 usage or input error.',
  ].join('\n'),
  options: [
    { name: 'format', short: 'f', type: 'string', choices: REPORT_FORMATS, default: 'text', description: 'report format' },
    { name: 'fail-on', type: 'string', choices: FAIL_ON, default: 'low', description: 'lowest severity that fails the run' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'write the report to a file instead of standard output' },
    { name: 'max-bytes', type: 'string', valueName: 'n', default: String(DEFAULT_LIMITS.maxBytes), description: 'largest manifest file accepted' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root model imports must stay inside' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date waivers expire against (default: today, UTC), for reproducible runs' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length < 2) throw new UsageError('check needs a model file and at least one manifest file, directory or -');
    const maxBytes = Number(options['max-bytes']);
    if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new UsageError(`--max-bytes must be a positive integer (got "${String(options['max-bytes'])}")`);
    const today = typeof options.today === 'string' ? options.today : undefined;
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);
    const [modelFile, ...inputs] = positionals;
    const input = loadModelWithThreats(modelFile, { cwd: io.cwd, ...(typeof options.root === 'string' ? { projectRoot: options.root } : {}), ...(today ? { today } : {}) });
    if (!input.model || !input.register) {
      reportDiagnostics(io, sortDiagnostics(input.diagnostics), input.sources);
      if (!hasErrors(input.diagnostics)) io.stderr(`warden: cannot read model ${modelFile}\n`);
      return EXIT_USAGE;
    }
    const result = await runCheck({
      model: input.model,
      register: input.register,
      manifests: inputs,
      failOn: options['fail-on'] as Severity,
      load: { readStdin: io.readStdin, limits: { maxBytes } },
      cwd: io.cwd,
      engine: engineFromEnv(io.env),
      ...(today ? { today } : {}),
    });
    const diagnostics = sortDiagnostics([...input.diagnostics, ...result.diagnostics]);
    reportDiagnostics(io, diagnostics, input.sources);
    const report = result.value;
    if (!report) return EXIT_USAGE;
    const format = options.format as ReportFormat;
    const text = formatReport(report, format, {
      color: io.color && !options.out && format === 'text',
      toolVersion: toolVersion(),
    });
    if (typeof options.out === 'string') {
      writeFileSync(resolve(io.cwd, options.out), text);
      if (!io.quiet) io.stderr(`warden: wrote ${options.out} (${report.summary.open} open, ${report.summary.suppressed} suppressed)\n`);
    } else io.stdout(text);
    if (hasErrors(diagnostics)) return EXIT_USAGE;
    return report.summary.failing > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
