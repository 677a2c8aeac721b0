// `warden check <model> <manifests...|->`: the model's promises against Kubernetes manifests.
// `warden check <manifests...|->` (no .warden file first): a profile of the control library
// (`--profile baseline|restricted|all`) against every workload and resource.
// Exit 0: no open finding at or above --fail-on; 1: some; 2: usage or input error (unreadable or
// malformed input, a model with errors, a policy that does not compile). The report is written
// even when input errors occur, so the documents that did load are still checked.
import { confine, outsideRootHint, projectRoot } from '../../fs/confine.js';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { emptySpan, hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import { DEFAULT_HELP_BASE_URL, DEFAULT_LIMITS, DEFAULT_PROFILE, GITHUB_ANNOTATION_CAP, groupFindings, PROFILES, REPORT_FORMATS, reportPieces, runCheck, type CheckOptions, type ProfileName, type ReportFormat } from '../../check/index.js';
import { loadModelWithThreats } from '../../check/model-input.js';
import { bundleCheckPolicy, DEFAULT_TAR_LIMITS, formatBytes, type BundleCheckPolicy, type TarLimits } from '../../export/index.js';
import { DEFAULT_POLICY_MEMORY, engineFromEnv, type LoadedPolicy, type PolicyEngine } from '../../policy/index.js';
import type { Severity } from '../../model/types.js';

const FAIL_ON = ['low', 'medium', 'high', 'critical'] as const;

function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function positiveInteger(options: Record<string, unknown>, name: string): number {
  const n = Number(options[name]);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer (got "${String(options[name])}")`);
  return n;
}

/** The smallest --max-policy-memory taken: below it, loading a policy's data could fail before any evaluation. */
const MIN_POLICY_MEMORY = 16 * 1024 * 1024;

function bundleLimits(options: Record<string, unknown>): TarLimits {
  return { maxBytes: positiveInteger(options, 'max-bundle-bytes'), maxEntries: positiveInteger(options, 'max-bundle-files') };
}

/**
 * Reads, unpacks (within `limits`) and loads a bundle's policy. Every way a bundle can be wrong,
 * down to a policy.wasm that is not WebAssembly, is a WD5012 naming the file: a bundle is input.
 */
async function loadBundle(file: string, cwd: string, limits: TarLimits, engine: PolicyEngine): Promise<{ read: BundleCheckPolicy; policy: LoadedPolicy } | { diagnostics: Diagnostic[] }> {
  const fail = (message: string, hint: string) => ({ diagnostics: [{ code: 'WD5012', severity: 'error' as const, message, file, span: emptySpan, hint }] });
  const abs = resolve(cwd, file);
  let bytes: Uint8Array;
  try {
    // The compressed file cannot be larger than what it may unpack to: refuse before reading it.
    const size = statSync(abs).size;
    if (size > limits.maxBytes) return fail(`bundle ${file}: the file is ${formatBytes(size)}, over the limit of ${formatBytes(limits.maxBytes)}; not read`, 'if this bundle is genuine, raise the limit with --max-bundle-bytes <n>');
    bytes = readFileSync(abs);
  } catch {
    return fail(`cannot read bundle "${file}"`, 'write one with `warden export bundle <model> -o bundle.tar.gz`');
  }
  const read = bundleCheckPolicy(bytes, file, limits);
  if (!read.value) return { diagnostics: read.diagnostics };
  try {
    const policy = await engine.load(read.value.wasm);
    policy.setData(read.value.data);
    return { read: read.value, policy };
  } catch (err) {
    const why = String((err as Error)?.message ?? err).split('\n')[0];
    return fail(`bundle ${file}: its Wasm module ${read.value.wasmPath} cannot be loaded as an OPA policy (${why})`, 'the bundle is damaged or was not written by `warden export bundle`; export it again');
  }
}

/**
 * Manifest files and directories named on the command line are trusted paths, but what they are is
 * not: a pull request can commit `k8s/app.yaml` as a link to /etc/kubernetes/admin.conf, whose lines
 * findings and YAML errors would quote. Each input must resolve (links followed) inside its own
 * project root (src/fs/confine.ts, found from the input's path, so a file rendered to /tmp by
 * `helm template` is fine); directory walks already skip links.
 */
function confineManifests(inputs: readonly string[], cwd: string): { inputs: string[]; diagnostics: Diagnostic[] } {
  const kept: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    if (input === '-') {
      kept.push(input);
      continue;
    }
    const root = projectRoot(input, cwd);
    const c = confine(root, cwd, input);
    if (c.inside) kept.push(input);
    else {
      const why = c.loop ? 'is a loop of symbolic links' : 'resolves through a symbolic link outside its project root';
      diagnostics.push({ code: 'WD5014', severity: 'error', message: `manifest input ${input} ${why}; not read`, file: input, span: emptySpan, hint: outsideRootHint(root.dir) });
    }
  }
  return { inputs: kept, diagnostics };
}

export const command: Command = {
  name: 'check',
  summary: 'check Kubernetes manifests, workflows, Dockerfiles and Azure IaC against the model (findings traced to threats and model lines), or a control profile when there is no model',
  usage:
    'check <model> <manifests...|-> [--format text|json|sarif|junit|github] [--fail-on low|medium|high|critical] [-o file]\n' +
    '       check <manifests...|-> [--profile baseline|restricted|all] [...]\n' +
    '       check --bundle bundle.tar.gz [model] <manifests...|-> [...]',
  description: [
    'Manifests: files, directories (recursive: *.yaml, *.yml, *.json) or - for standard input',
    '(helm template / kustomize build output). Multi-document YAML, List kinds and Helm "# Source:" comments.',
    'Also recognised by content: GitHub Actions workflows, Dockerfiles, ARM templates (bicep build) and',
    'Terraform plan JSON (terraform show -json), checked by policies/pipeline and compared with the',
    'model\'s pipeline and Azure claims (docs/check.md, "File kinds").',
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
    'exposure, namespaces, UID/GID >= 10000, headless StatefulSet Services, replicas spread over nodes)',
    'or all (adds trusted registries and namespace quotas). Findings are located as with a model but name no threats or',
    'model lines, and drift checks (which compare with a model) do not run. `warden init --from <manifests>`',
    'writes the model this run stands for. Empty input (a failed `helm template |`) is an error (WD5015)',
    'unless --allow-empty. Helm templates (WD5016) and kustomize directories (WD5017) are not read:',
    'render them first (helm template ... | warden check -, kubectl kustomize <dir> | warden check -).',
    'Output: K8S-038 (no namespace) is one finding per file; SARIF URIs are relative to the git root',
    '(--base-dir) with a helpUri per rule; github annotations are capped at 10 per type (GitHub\'s limit).',
    'Exit codes: 0 no open finding at or above --fail-on; 1 findings; 2 usage or input error.',
  ].join('\n'),
  options: [
    { name: 'format', short: 'f', type: 'string', choices: REPORT_FORMATS, default: 'text', description: 'report format' },
    { name: 'fail-on', type: 'string', choices: FAIL_ON, default: 'low', description: 'lowest severity that fails the run' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'write the report to a file instead of standard output' },
    { name: 'max-bytes', type: 'string', valueName: 'n', default: String(DEFAULT_LIMITS.maxBytes), description: 'largest manifest file accepted' },
    { name: 'max-expansion', type: 'string', valueName: 'n', default: 'auto', description: 'bytes YAML aliases may add to the input (auto: 10x the input + 1 MiB, at most 64 MiB)' },
    { name: 'max-depth', type: 'string', valueName: 'n', default: String(DEFAULT_LIMITS.maxDepth), description: 'deepest nesting accepted in a manifest' },
    { name: 'max-document-bytes', type: 'string', valueName: 'n', default: String(DEFAULT_LIMITS.maxDocumentBytes), description: 'largest single document accepted (the API server refuses objects over 3 MiB); Lists are exempt' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root model imports must stay inside' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date waivers expire against (default: today, UTC), for reproducible runs' },
    { name: 'bundle', type: 'string', valueName: 'file', description: 'check with the policy of a bundle from `warden export bundle` (model optional)' },
    { name: 'max-policy-memory', type: 'string', valueName: 'n', default: String(DEFAULT_POLICY_MEMORY), description: 'most memory the policy may take while evaluating, in bytes (a damaged bundle could otherwise take 4 GiB)' },
    { name: 'max-bundle-bytes', type: 'string', valueName: 'n', default: String(DEFAULT_TAR_LIMITS.maxBytes), description: 'largest bundle accepted, unpacked (a gzip bomb is stopped while inflating)' },
    { name: 'max-bundle-files', type: 'string', valueName: 'n', default: String(DEFAULT_TAR_LIMITS.maxEntries), description: 'most members a bundle archive may hold' },
    { name: 'profile', type: 'string', choices: PROFILES, description: `without a model: the controls applied to every workload (default ${DEFAULT_PROFILE})` },
    { name: 'allow-empty', type: 'boolean', description: 'accept input with no Kubernetes resource (default: exit 2, WD5015)' },
    { name: 'no-ignore-annotations', type: 'boolean', description: 'warden.dev/ignore annotations suppress nothing (CI on pull requests that can edit manifests): the findings stay open, a WD5019 warning each' },
    { name: 'base-dir', type: 'string', valueName: 'dir', description: 'SARIF: make file URIs relative to this directory (default: the git repository root of the first manifest)' },
    { name: 'help-base-url', type: 'string', valueName: 'url', default: DEFAULT_HELP_BASE_URL, description: 'SARIF: where docs/policies.md and docs/check.md are published, for each rule\'s helpUri' },
    { name: 'max-annotations', type: 'string', valueName: 'n', default: String(GITHUB_ANNOTATION_CAP), description: 'github format: annotations per type (GitHub shows 10 per type per step); the rest are counted in one line' },
  ],
  async run({ positionals, options }, io) {
    const bundleFile = typeof options.bundle === 'string' ? options.bundle : undefined;
    if (positionals.length === 0) throw new UsageError('check needs at least one manifest file, directory or - (and optionally a model file first)');
    const positive = (name: string): number => {
      const n = Number(options[name]);
      if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer (got "${String(options[name])}")`);
      return n;
    };
    const maxBytes = positive('max-bytes');
    const maxDepth = positive('max-depth');
    const maxDocumentBytes = positive('max-document-bytes');
    const maxExpansion = options['max-expansion'] === 'auto' ? 'auto' : positive('max-expansion');
    const limits = bundleLimits(options);
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
    const maxPolicyMemory = positiveInteger(options, 'max-policy-memory');
    if (maxPolicyMemory < MIN_POLICY_MEMORY) throw new UsageError(`--max-policy-memory must be at least ${MIN_POLICY_MEMORY} (16 MiB: the policy and its data alone need some)`);
    const engine = engineFromEnv(io.env, { maxMemoryBytes: maxPolicyMemory });
    const early: Diagnostic[] = [...(input?.diagnostics ?? [])];
    let compiled: CheckOptions['compiled'];
    if (bundleFile !== undefined) {
      const loaded = await loadBundle(bundleFile, io.cwd, limits, engine);
      if ('diagnostics' in loaded) {
        reportDiagnostics(io, loaded.diagnostics, input?.sources ?? new Map());
        return EXIT_USAGE;
      }
      const { read, policy } = loaded;
      compiled = { bundle: read, policy };
      if (input?.model && input.model.model.name !== read.model) {
        early.push({
          code: 'WD5013',
          severity: 'warning',
          message: `bundle ${bundleFile} was exported from model "${read.model}", not "${input.model.model.name}"; its checks and model lines are the bundle's`,
          file: bundleFile,
          span: emptySpan,
          hint: 'export the bundle again from this model, or leave the model out',
        });
      }
    }
    const confined = confineManifests(inputs, io.cwd);
    early.push(...confined.diagnostics);
    const result = await runCheck({
      ...(input?.model ? { model: input.model, register: input.register } : {}),
      ...(compiled ? { compiled, policySource: bundleFile } : {}),
      ...(modelless ? { profile: profile ?? DEFAULT_PROFILE } : {}),
      ...(options['allow-empty'] === true ? { allowEmpty: true } : {}),
      ...(options['no-ignore-annotations'] === true ? { ignoreAnnotations: false } : {}),
      manifests: confined.inputs,
      failOn: options['fail-on'] as Severity,
      load: { readStdin: io.readStdinBytes ?? io.readStdin, limits: { maxBytes, maxDepth, maxExpansion, maxDocumentBytes } },
      cwd: io.cwd,
      engine,
      ...(typeof globalThis.gc === 'function' ? { collectGarbage: globalThis.gc } : {}),
      ...(today ? { today } : {}),
    });
    const diagnostics = sortDiagnostics([...early, ...result.diagnostics]);
    reportDiagnostics(io, diagnostics, input?.sources ?? new Map());
    if (!result.value) return EXIT_USAGE;
    const report = groupFindings(result.value);
    const format = options.format as ReportFormat;
    const pieces = reportPieces(report, format, {
      color: io.color && !options.out && format === 'text',
      toolVersion: toolVersion(),
      cwd: io.cwd,
      ...(typeof options['base-dir'] === 'string' ? { baseDir: options['base-dir'] } : {}),
      helpBaseUrl: String(options['help-base-url']),
      maxAnnotations: positive('max-annotations'),
      ...(input?.register ? { threatSeverity: Object.fromEntries(input.register.threats.map((t) => [t.id, t.severity])) } : {}),
    });
    if (typeof options.out === 'string') {
      writeToFile(resolve(io.cwd, options.out), pieces);
      if (!io.quiet) io.stderr(`warden: wrote ${options.out} (${report.summary.open} open, ${report.summary.suppressed} suppressed)\n`);
    } else writeBatched(pieces, io.stdout);
    if (hasErrors(diagnostics)) return EXIT_USAGE;
    return report.summary.failing > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** Hands `pieces` to `write` in batches of about a megabyte (one write per finding would be slow). */
function writeBatched(pieces: Iterable<string>, write: (text: string) => void): void {
  let batch: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= 1 << 20) {
      write(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) write(batch.join(''));
}

function writeToFile(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    writeBatched(pieces, (text) => {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    });
  } finally {
    closeSync(fd);
  }
}
