// `warden check <model> <manifests...|->`: the model's promises against Kubernetes manifests.
// `warden check <manifests...|->` (no .warden file first): a profile of the control library
// (`--profile baseline|restricted|all`) against every workload and resource.
// Exit 0: no open finding at or above --fail-on; 1: some; 2: usage or input error (unreadable or
// malformed input, a model with errors, a policy that does not compile). The report is written
// even when input errors occur, so the documents that did load are still checked.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { emptySpan, hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import { DEFAULT_LIMITS, DEFAULT_PROFILE, formatReport, PROFILES, REPORT_FORMATS, runCheck, type CheckOptions, type ProfileName, type ReportFormat } from '../../check/index.js';
import { loadModelWithThreats } from '../../check/model-input.js';
import { bundleCheckPolicy } from '../../export/index.js';
import { engineFromEnv } from '../../policy/index.js';
import type { Severity } from '../../model/types.js';

const FAIL_ON = ['low', 'medium', 'high', 'critical'] as const;

function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export const command: Command = {
  name: 'check',
  summary: 'check Kubernetes manifests against the model (findings traced to threats and model lines), or a control profile when there is no model',
  usage:
    'check <model> <manifests...|-> [--format text|json|sarif|junit|github] [--fail-on low|medium|high|critical] [-o file]\n' +
    '       check <manifests...|-> [--profile baseline|restricted|all] [...]\n' +
    '       check --bundle bundle.tar.gz [model] <manifests...|-> [...]',
  description: [
    'Manifests: files, directories (recursive: *.yaml, *.yml, *.json) or - for standard input',
    '(helm template / kustomize build output). Multi-document YAML, List kinds and Helm "# Source:" comments.',
    'Only the checks the model\'s controls promise are applied, to the resources its elements describe',
    '(workload "kind/name", selector, or the namespace of the element\'s boundary); drift checks compare',
    'NetworkPolicies, Services and workloads with the model. Waivers in the model and warden.dev/ignore',
    'annotations suppress findings (reported as suppressed); an expired waiver is a finding (WD-WAIVER-001).',
    'With --bundle, the policy comes from a bundle written by `warden export bundle` instead of being',
    'derived and compiled from the model: the bundle carries the checks, parameters and model lines. A',
    'model (a .warden file before the manifests) is then optional and only adds its waivers.',
    'No model yet? Without a .warden file first, a profile of the control library is applied to every',
    `workload and resource: --profile baseline (default: non-root, read-only root filesystem, no privilege`,
    'escalation or privileged containers, dropped capabilities, no host namespaces/paths/ports, AppArmor,',
    'resource limits, pinned images, no secrets in env or ConfigMaps, RBAC least privilege, TLS on ingress),',
    'restricted (baseline plus seccomp, requests, probes, network policy, service accounts, internal',
    'exposure, namespaces) or all. Findings are located as with a model but name no threats or',
    'model lines, and drift checks (which compare with a model) do not run. `warden init --from <manifests>`',
    'writes the model this run stands for. Empty input (a failed `helm template |`) is an error (WD5014)',
    'unless --allow-empty.',
    'Exit codes: 0 no open finding at or above --fail-on; 1 findings; 2 usage or input error.',
  ].join('\n'),
  options: [
    { name: 'format', short: 'f', type: 'string', choices: REPORT_FORMATS, default: 'text', description: 'report format' },
    { name: 'fail-on', type: 'string', choices: FAIL_ON, default: 'low', description: 'lowest severity that fails the run' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'write the report to a file instead of standard output' },
    { name: 'max-bytes', type: 'string', valueName: 'n', default: String(DEFAULT_LIMITS.maxBytes), description: 'largest manifest file accepted' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root model imports must stay inside' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date waivers expire against (default: today, UTC), for reproducible runs' },
    { name: 'bundle', type: 'string', valueName: 'file', description: 'check with the policy of a bundle from `warden export bundle` (model optional)' },
    { name: 'profile', type: 'string', choices: PROFILES, description: `without a model: the controls applied to every workload (default ${DEFAULT_PROFILE})` },
    { name: 'allow-empty', type: 'boolean', description: 'accept input with no Kubernetes resource (default: exit 2, WD5014)' },
  ],
  async run({ positionals, options }, io) {
    const bundleFile = typeof options.bundle === 'string' ? options.bundle : undefined;
    if (positionals.length === 0) throw new UsageError('check needs at least one manifest file, directory or - (and optionally a model file first)');
    const maxBytes = Number(options['max-bytes']);
    if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new UsageError(`--max-bytes must be a positive integer (got "${String(options['max-bytes'])}")`);
    const today = typeof options.today === 'string' ? options.today : undefined;
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);
    // With a bundle the model is optional: a leading .warden file is one, everything else manifests.
    // A leading .warden file is the model; without one (and without --bundle) a profile is applied.
    const withModel = positionals[0]!.endsWith('.warden');
    const modelFile = withModel ? positionals[0] : undefined;
    const inputs = withModel ? positionals.slice(1) : positionals;
    if (inputs.length === 0) throw new UsageError(`check needs at least one manifest file, directory or - after the model ${modelFile}`);
    const misplaced = inputs.find((f) => f.endsWith('.warden'));
    if (misplaced) throw new UsageError(`${misplaced} looks like a model: give it first, before the manifests (warden check model.warden k8s/)`);
    const profile = typeof options.profile === 'string' ? (options.profile as ProfileName) : undefined;
    if (profile && (withModel || bundleFile !== undefined)) throw new UsageError('--profile applies only without a model or bundle: the model\'s controls say what to check');
    const modelless = !withModel && bundleFile === undefined;
    const input = modelFile !== undefined ? loadModelWithThreats(modelFile, { cwd: io.cwd, ...(typeof options.root === 'string' ? { projectRoot: options.root } : {}), ...(today ? { today } : {}) }) : undefined;
    if (input && (!input.model || !input.register)) {
      reportDiagnostics(io, sortDiagnostics(input.diagnostics), input.sources);
      if (!hasErrors(input.diagnostics)) io.stderr(`warden: cannot read model ${modelFile}\n`);
      return EXIT_USAGE;
    }
    const engine = engineFromEnv(io.env);
    const early: Diagnostic[] = [...(input?.diagnostics ?? [])];
    let compiled: CheckOptions['compiled'];
    if (bundleFile !== undefined) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(resolve(io.cwd, bundleFile));
      } catch {
        reportDiagnostics(io, [{ code: 'WD5012', severity: 'error', message: `cannot read bundle "${bundleFile}"`, file: bundleFile, span: emptySpan, hint: 'write one with `warden export bundle <model> -o bundle.tar.gz`' }], input?.sources ?? new Map());
        return EXIT_USAGE;
      }
      const read = bundleCheckPolicy(bytes, bundleFile);
      if (!read.value) {
        reportDiagnostics(io, read.diagnostics, input?.sources ?? new Map());
        return EXIT_USAGE;
      }
      const policy = await engine.load(read.value.wasm);
      policy.setData(read.value.data);
      compiled = { bundle: read.value, policy };
      if (input?.model && input.model.model.name !== read.value.model) {
        early.push({
          code: 'WD5013',
          severity: 'warning',
          message: `bundle ${bundleFile} was exported from model "${read.value.model}", not "${input.model.model.name}"; its checks and model lines are the bundle's`,
          file: bundleFile,
          span: emptySpan,
          hint: 'export the bundle again from this model, or leave the model out',
        });
      }
    }
    const result = await runCheck({
      ...(input?.model ? { model: input.model, register: input.register } : {}),
      ...(compiled ? { compiled, policySource: bundleFile } : {}),
      ...(modelless ? { profile: profile ?? DEFAULT_PROFILE } : {}),
      ...(options['allow-empty'] === true ? { allowEmpty: true } : {}),
      manifests: inputs,
      failOn: options['fail-on'] as Severity,
      load: { readStdin: io.readStdin, limits: { maxBytes } },
      cwd: io.cwd,
      engine,
      ...(today ? { today } : {}),
    });
    const diagnostics = sortDiagnostics([...early, ...result.diagnostics]);
    reportDiagnostics(io, diagnostics, input?.sources ?? new Map());
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
