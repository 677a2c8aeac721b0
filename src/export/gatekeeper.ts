// `warden export gatekeeper`: one ConstraintTemplate per control the model uses that admission can
// enforce, and one Constraint per template scoped from the model.
//
// Gatekeeper's contract differs from the library's: input is {review: {object}, parameters}, the
// template's own package must define `violation` with {msg, details}, library packages must live
// under `data.lib`, and a template may read no other data. So each template carries, in
// `spec.targets[0].libs`, the library's helper and check modules rewritten into `lib.warden.*`,
// with the one data read (`data.warden.params`) turned into an input read. Its main package is a
// generated adapter: it evaluates each check with input {"resources": [the object under review],
// "params": input.parameters.params} and maps every finding to a violation.
//
// Rego dialect: the library is Rego v1. Gatekeeper parses the `rego` field with OPA's v0 parser and
// allows only `data.lib.*`, `data.inventory` and `future.keywords` imports (gator v3.20 rejects
// `import rego.v1` as a bad import). So every module, library ones included, gets
// `import future.keywords`, which makes the v0 parser accept the v1 syntax used (`contains`, `if`,
// `in`, `every`).
import { stringify } from 'yaml';
import type { DerivedBundle, RegoModule } from '../policy/index.js';
import type { ControlCoverage, Coverage } from './coverage.js';
import { escapeMarkdown } from '../text/escape.js';

export type EnforcementAction = 'deny' | 'warn' | 'dryrun';

/** Severity to Gatekeeper action: block what is high or critical, warn on medium, audit the rest. */
export function enforcementActionFor(severity: string): EnforcementAction {
  if (severity === 'critical' || severity === 'high') return 'deny';
  if (severity === 'medium') return 'warn';
  return 'dryrun';
}

const SEVERITY_RANK: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** API group of each kind the library judges. */
const API_GROUPS: Record<string, string> = {
  Pod: '',
  ReplicationController: '',
  Service: '',
  ConfigMap: '',
  Secret: '',
  ServiceAccount: '',
  Namespace: '',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Role: 'rbac.authorization.k8s.io',
  ClusterRole: 'rbac.authorization.k8s.io',
  RoleBinding: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
  Ingress: 'networking.k8s.io',
  NetworkPolicy: 'networking.k8s.io',
  PodDisruptionBudget: 'policy',
  HorizontalPodAutoscaler: 'autoscaling',
};

export const GATEKEEPER_LABEL = 'warden.dev/control';

export interface GatekeeperTemplate {
  control: string;
  /** Constraint kind, e.g. WardenNoPrivileged. */
  kind: string;
  /** File names inside the output directory. */
  templateFile: string;
  constraintFile: string;
  template: Record<string, unknown>;
  constraint: Record<string, unknown>;
  /** Checks the template enforces (admission and partial ones). */
  checks: string[];
  enforcementAction: EnforcementAction;
  match: { kinds: Array<{ apiGroups: string[]; kinds: string[] }>; namespaces?: string[] };
  parameters: { params: Record<string, Record<string, unknown>>; elements: Array<{ id: string; namespace: string; workload: unknown; selector: Record<string, string> }> };
}

export interface GatekeeperExport {
  templates: GatekeeperTemplate[];
  /** Output files (relative path -> text), including README.md and coverage.json. */
  files: Map<string, string>;
}

function pascal(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9]/g, '');
  return clean.charAt(0).toUpperCase() + clean.slice(1);
}

/** The helper modules (policies/lib) the given check modules import, directly or through other helpers. */
function helpersFor(helpers: readonly RegoModule[], modules: readonly RegoModule[]): RegoModule[] {
  const pkgOf = (m: RegoModule) => /^package\s+([\w.]+)/m.exec(m.source)?.[1] ?? '';
  const uses = (m: RegoModule, pkg: string) => new RegExp(`\\bdata\\.${pkg.replace(/\./g, '\\.')}\\b`).test(m.source);
  const needed = new Set<RegoModule>();
  const queue = [...modules];
  while (queue.length) {
    const m = queue.pop()!;
    for (const h of helpers) {
      if (needed.has(h) || !uses(m, pkgOf(h))) continue;
      needed.add(h);
      queue.push(h);
    }
  }
  // library order, so templates stay byte-identical
  return helpers.filter((h) => needed.has(h));
}

/** Rewrites a library module into Gatekeeper's `lib.` namespace, reading params from input. */
export function toGatekeeperLib(mod: RegoModule): string {
  const lines = mod.source.split('\n');
  const out: string[] = [];
  let sawV1Import = false;
  for (const line of lines) {
    const pkg = /^package\s+(\S+)\s*$/.exec(line);
    if (pkg) {
      out.push(`package lib.${pkg[1]}`);
      if (!sawV1Import) {
        out.push('', 'import future.keywords');
        sawV1Import = true;
      }
      continue;
    }
    if (line.startsWith('#')) {
      out.push(line);
      continue;
    }
    // rego.v1 is not an import Gatekeeper allows; future.keywords (added above) stands in for it.
    if (/^import rego\.v1\s*$/.test(line)) continue;
    out.push(line.replace(/\bdata\.warden\.params\b/g, 'input.params').replace(/\bdata\.warden\./g, 'data.lib.warden.'));
  }
  return out.join('\n');
}

function regoString(s: string): string {
  // A JSON string literal is a valid Rego string literal.
  return JSON.stringify(s);
}

function adapterRego(pkg: string, control: ControlCoverage, checks: Array<{ id: string; package: string }>): string {
  const out = [
    `# Generated by \`warden export gatekeeper\` for control ${control.control}; do not edit.`,
    '# Runs the Warden library checks on the object under review and reports each finding as a violation,',
    '# for the objects the model binds the control to (input.parameters.elements), as `warden check` does.',
    `package ${pkg}`,
    '',
    'import future.keywords',
    '',
    'obj := input.review.object',
    '',
    '# The library contract: every resource of a manifest set, here the one object under review.',
    'review_input := {"resources": [obj], "params": object.get(object.get(input, "parameters", {}), "params", {})}',
    '',
    'elements := object.get(object.get(input, "parameters", {}), "elements", [])',
    '',
    'workload_kinds := {"pod", "deployment", "statefulset", "daemonset", "replicaset", "replicationcontroller", "job", "cronjob"}',
    '',
    '# An admission request may carry the namespace beside the object rather than in it.',
    'obj_namespace := obj.metadata.name if obj.kind == "Namespace"',
    '',
    'obj_namespace := ns if {',
    '\tobj.kind != "Namespace"',
    '\tns := object.get(object.get(obj, "metadata", {}), "namespace", object.get(input.review, "namespace", ""))',
    '}',
    '',
    'pod_labels := object.get(obj, ["metadata", "labels"], {}) if obj.kind == "Pod"',
    '',
    'pod_labels := object.get(obj, ["spec", "jobTemplate", "spec", "template", "metadata", "labels"], {}) if obj.kind == "CronJob"',
    '',
    'pod_labels := object.get(obj, ["spec", "template", "metadata", "labels"], {}) if {',
    '\tobj.kind != "Pod"',
    '\tobj.kind != "CronJob"',
    '}',
    '',
    'namespace_ok(e) if e.namespace == ""',
    '',
    'namespace_ok(_) if obj_namespace == ""',
    '',
    'namespace_ok(e) if obj_namespace == e.namespace',
    '',
    '# Same binding rules as Warden\'s policies/model/bindings.rego: a workload by kind/name or selector,',
    '# any other namespaced object by its namespace, a cluster-scoped object by any element.',
    'covered if {',
    '\tlower(obj.kind) in workload_kinds',
    '\tsome e in elements',
    '\tlower(obj.kind) == e.workload.kind',
    '\tobj.metadata.name == e.workload.name',
    '\tnamespace_ok(e)',
    '}',
    '',
    'covered if {',
    '\tlower(obj.kind) in workload_kinds',
    '\tsome e in elements',
    '\tcount(e.selector) > 0',
    '\tevery k, v in e.selector { pod_labels[k] == v }',
    '\tnamespace_ok(e)',
    '}',
    '',
    'covered if {',
    '\tnot lower(obj.kind) in workload_kinds',
    '\tobj_namespace != ""',
    '\tsome e in elements',
    '\te.namespace == obj_namespace',
    '}',
    '',
    'covered if {',
    '\tnot lower(obj.kind) in workload_kinds',
    '\tobj_namespace == ""',
    '\tcount(elements) > 0',
    '}',
    '',
  ];
  for (const c of checks) {
    out.push(
      'violation contains {"msg": msg, "details": details} if {',
      '\tcovered',
      `\tfindings := data.lib.${c.package}.deny with input as review_input`,
      '\tsome raw in findings',
      '\tmsg := sprintf("[%s] %s", [raw.check, raw.msg])',
      `\tdetails := {"check": raw.check, "severity": raw.severity, "path": raw.path, "control": ${regoString(control.control)}, "threats": ${JSON.stringify(control.threats)}}`,
      '}',
      '',
    );
  }
  return out.join('\n');
}

function matchKinds(kinds: readonly string[]): GatekeeperTemplate['match']['kinds'] {
  if (kinds.includes('*')) return [{ apiGroups: ['*'], kinds: ['*'] }];
  const byGroup = new Map<string, Set<string>>();
  for (const k of kinds) {
    const g = API_GROUPS[k] ?? '*';
    if (!byGroup.has(g)) byGroup.set(g, new Set());
    byGroup.get(g)!.add(k);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, ks]) => ({ apiGroups: [g], kinds: [...ks].sort() }));
}

/** YAML with keys sorted where Kubernetes gives order no meaning. */
export function toYaml(doc: unknown): string {
  return stringify(doc, { sortMapEntries: true, lineWidth: 0 });
}

export function exportGatekeeper(bundle: DerivedBundle, coverage: Coverage): GatekeeperExport {
  const data = bundle.data.warden;
  const templates: GatekeeperTemplate[] = [];
  const modelSlug = bundle.manifest.model.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
  for (const control of coverage.controls) {
    const enforced = control.checks.filter((c) => c.mode !== 'ci-only');
    if (enforced.length === 0) continue;
    const kind = `Warden${pascal(control.control)}`;
    const name = kind.toLowerCase();
    const checks = enforced.map((c) => ({ id: c.id, package: bundle.library.checks.get(c.id)!.package }));
    const checkModules = checks.map((c) => bundle.library.checkModules.get(c.id)!);
    const libs = [...helpersFor(bundle.library.libModules, checkModules), ...checkModules].map(toGatekeeperLib);
    const severity = enforced.map((c) => c.severity).sort((a, b) => (SEVERITY_RANK[b] ?? 0) - (SEVERITY_RANK[a] ?? 0))[0];
    const action = enforcementActionFor(severity);
    const namespaces = control.elements.map((e) => data.model.elements[e]?.namespace ?? '');
    // One element without a namespace (bound cluster-wide) makes the constraint cluster-wide.
    const scoped = namespaces.length > 0 && namespaces.every((n) => n !== '') ? [...new Set(namespaces)].sort() : undefined;
    const params: Record<string, Record<string, unknown>> = {};
    for (const c of checks) if (data.params[c.id]) params[c.id] = data.params[c.id];
    const elements = control.elements.map((id) => {
      const e = data.model.elements[id];
      return { id, namespace: e?.namespace ?? '', workload: e?.workload ?? {}, selector: e?.selector ?? {} };
    });
    const match = { kinds: matchKinds([...new Set(enforced.flatMap((c) => c.kinds))]), ...(scoped ? { namespaces: scoped } : {}) };
    const annotations = {
      'warden.dev/control': control.control,
      'warden.dev/checks': checks.map((c) => c.id).join(','),
      'warden.dev/threats': control.threats.join(','),
      'warden.dev/elements': control.elements.join(','),
      'warden.dev/model': bundle.manifest.model,
    };
    const template = {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name, annotations: { ...annotations, 'metadata.gatekeeper.sh/title': control.control, description: enforced.map((c) => `${c.id}: ${c.title}`).join('; ') } },
      spec: {
        crd: {
          spec: {
            names: { kind },
            validation: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  params: {
                    type: 'object',
                    description: 'Check parameters by check id, as data.warden.params in a Warden bundle (see docs/policies.md).',
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                  elements: {
                    type: 'array',
                    description: 'Model elements promising the control: namespace, workload {kind, name}, selector (labels).',
                    items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  },
                },
              },
            },
          },
        },
        targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: adapterRego(name, control, checks), libs }],
      },
    };
    const constraint = {
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind,
      metadata: { name: `${modelSlug}-${name}`.slice(0, 63).replace(/-+$/, ''), annotations, labels: { [GATEKEEPER_LABEL]: control.control.toLowerCase().replace(/[^a-z0-9.-]/g, '-') } },
      spec: { enforcementAction: action, match, parameters: { params, elements } },
    };
    templates.push({
      control: control.control,
      kind,
      templateFile: `templates/${name}.yaml`,
      constraintFile: `constraints/${name}.yaml`,
      template,
      constraint,
      checks: checks.map((c) => c.id),
      enforcementAction: action,
      match,
      parameters: { params, elements },
    });
  }
  const files = new Map<string, string>();
  for (const t of templates) {
    files.set(t.templateFile, toYaml(t.template));
    files.set(t.constraintFile, toYaml(t.constraint));
  }
  files.set('coverage.json', JSON.stringify(coverageJson(coverage, templates), null, 2) + '\n');
  files.set('README.md', coverageReadme(coverage, templates, 'Gatekeeper'));
  return { templates, files };
}

export function coverageJson(coverage: Coverage, templates: ReadonlyArray<Pick<GatekeeperTemplate, 'control' | 'kind' | 'enforcementAction'>>): unknown {
  const byControl = new Map(templates.map((t) => [t.control, t]));
  return {
    model: coverage.model,
    admission: coverage.controls
      .filter((c) => byControl.has(c.control))
      .map((c) => ({
        control: c.control,
        kind: byControl.get(c.control)!.kind,
        enforcementAction: byControl.get(c.control)!.enforcementAction,
        checks: c.checks.filter((k) => k.mode !== 'ci-only').map((k) => ({ id: k.id, mode: k.mode, ...(k.reason ? { caveat: k.reason } : {}) })),
        ciOnlyChecks: c.checks.filter((k) => k.mode === 'ci-only').map((k) => ({ id: k.id, reason: k.reason })),
        threats: c.threats,
      })),
    ciOnly: [
      ...coverage.controls
        .filter((c) => !byControl.has(c.control))
        .map((c) => ({ control: c.control, checks: c.checks.map((k) => ({ id: k.id, reason: k.reason ?? 'no check of this control is enforceable at admission' })), threats: c.threats })),
    ],
    driftChecks: coverage.drift,
  };
}

// Model strings (its name, control names, reasons) are input: escaped for Markdown and HTML, as in
// every Markdown writer (src/text/escape.ts), so the README renders as text wherever it is viewed.
// Plain words and ids (`K8S-050`, `nonRoot`, a reason in prose) are written as they are: nothing in
// that character set starts HTML, a link or a table cell in the middle of a line.
const mdCell = (s: string) => (/^[A-Za-z0-9 _.,:;/()'-]*$/.test(s) ? s : escapeMarkdown(s));

export function coverageReadme(coverage: Coverage, templates: ReadonlyArray<Pick<GatekeeperTemplate, 'control' | 'kind' | 'enforcementAction' | 'checks'>>, engine: string): string {
  const byControl = new Map(templates.map((t) => [t.control, t]));
  const lines = [
    `# Admission export of model ${mdCell(coverage.model)} (${engine})`,
    '',
    'Generated by Warden; do not edit. See docs/admission.md for how to apply these files.',
    '',
    '## Enforced at admission',
    '',
    '| control | constraint kind | action | checks | threats |',
    '|---|---|---|---|---|',
  ];
  for (const c of coverage.controls) {
    const t = byControl.get(c.control);
    if (!t) continue;
    lines.push(`| ${mdCell(c.control)} | ${mdCell(t.kind)} | ${mdCell(t.enforcementAction)} | ${mdCell(t.checks.join(', '))} | ${mdCell(c.threats.join(', '))} |`);
  }
  lines.push('', '## CI-only (admission cannot enforce these; `warden check` does)', '', 'An admission webhook sees one object at a time; these checks compare resources with each other or with the model.', '', '| control | check | reason |', '|---|---|---|');
  for (const c of coverage.controls) for (const k of c.checks) if (k.mode === 'ci-only') lines.push(`| ${mdCell(c.control)} | ${mdCell(k.id)} | ${mdCell(k.reason ?? '')} |`);
  for (const d of coverage.drift) lines.push(`| (model drift) | ${mdCell(d.id)} | ${mdCell(d.reason)} |`);
  const partial = coverage.controls.flatMap((c) => c.checks.filter((k) => k.mode === 'partial').map((k) => [c.control, k] as const));
  if (partial.length) {
    lines.push('', '## Enforced with a caveat', '', '| control | check | caveat |', '|---|---|---|');
    for (const [c, k] of partial) lines.push(`| ${mdCell(c)} | ${mdCell(k.id)} | ${mdCell(k.reason ?? '')} |`);
  }
  return lines.join('\n') + '\n';
}
