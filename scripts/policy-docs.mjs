// Generates docs/policies.md from the METADATA of the Rego checks (policies/k8s/*.rego) and the
// control declarations (models/warden/controls/kubernetes.warden), so the catalog cannot drift
// from the code.
//   node scripts/policy-docs.mjs           write docs/policies.md
//   node scripts/policy-docs.mjs --check   exit 1 if docs/policies.md is out of date
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const checksDir = join(root, 'policies', 'k8s');
const out = join(root, 'docs', 'policies.md');

const STRIDE = { S: 'Spoofing', T: 'Tampering', R: 'Repudiation', I: 'Information disclosure', D: 'Denial of service', E: 'Elevation of privilege' };
// Alias columns in a fixed order; any other tool key is listed after them.
const TOOLS = ['pss', 'trivy', 'checkov', 'kubescape', 'kube-score', 'kube-linter', 'polaris', 'gatekeeper', 'kyverno', 'kubesec', 'azure'];

/** The YAML of the `# METADATA` comment block above the package line. */
function metadataOf(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === '# METADATA');
  const body = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('#')) break;
    body.push(line.replace(/^# ?/, ''));
  }
  return parseYaml(body.join('\n'));
}

export function loadChecks() {
  return readdirSync(checksDir)
    .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
    .map((f) => {
      const text = readFileSync(join(checksDir, f), 'utf8');
      const meta = metadataOf(text);
      return { file: `policies/k8s/${f}`, pkg: /^package\s+(\S+)/m.exec(text)[1], meta, id: meta.custom.id };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** check id -> control id, read from the `policies [...]` line of each control declaration. */
export function controlsByCheck() {
  const text = readFileSync(join(root, 'models', 'warden', 'controls', 'kubernetes.warden'), 'utf8');
  const map = new Map();
  for (const m of text.matchAll(/control\s+(\w+)[^{]*\{([^}]*)\}/g)) {
    const policies = /policies\s*\[([^\]]*)\]/.exec(m[2]);
    for (const id of policies ? [...policies[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : []) map.set(id, m[1]);
  }
  return map;
}

/** control id -> smallest profile ("baseline", "restricted"; absent: only in "all"). */
export function profilesByControl() {
  const text = readFileSync(join(root, 'models', 'warden', 'controls', 'kubernetes.warden'), 'utf8');
  const map = new Map();
  for (const m of text.matchAll(/control\s+(\w+)[^{]*\{([^}]*)\}/g)) map.set(m[1], /^\s*profile\s+(\w+)/m.exec(m[2])?.[1] ?? 'all');
  return map;
}

// The four tools the peer comparison of issue 15 ran on real manifest sets, in column order.
const PEERS = ['kube-score', 'kube-linter', 'checkov', 'trivy'];

// Where Warden deliberately does not do what a peer does by default, and why. Keyed by peer id.
const DIFFERENCES = {
  'trivy KSV-0125': 'K8S-030 with the control\'s default list trusts the cloud providers\' managed registries and the Kubernetes and Microsoft registries; Trivy\'s default trusts fewer. Neither can know your registry: pass it, `trustedRegistry("registry.example.com")`. Only in the `all` profile.',
  'trivy KSV-0110': 'K8S-038 is reported once per file (the first resource without a namespace, with the count), not once per object: the fix is one `namespace:` per file or one `kubectl apply -n`.',
  'checkov CKV_K8S_21': 'As for KSV-0110: once per file, with the count.',
  'kube-linter use-namespace': 'As for KSV-0110: once per file, with the count.',
  'kube-score pod-networkpolicy': 'Warden\'s K8S-050 asks for an explicit default-deny policy per namespace, also where every pod is selected by some NetworkPolicy (a pod selected only for Ingress still has open egress, and a new pod is open until someone writes its policy); the finding says which pods are selected by which policies.',
  'kube-score container-security-context-user-group-id': 'Split in three: K8S-010 (runAsNonRoot), K8S-011/K8S-012 (UID/GID 0, in baseline) and K8S-069 (UID/GID below 10000 or unset, in restricted; `highUserIds(minUid, minGid)` changes the threshold).',
  'kube-score statefulset-has-servicename': 'K8S-070 judges only namespaces where the manifests hold Services, so a partial manifest set is not reported for what it leaves out.',
  'kube-linter minimum-three-replicas': 'K8S-073 asks for two replicas by default (`replicaSpread(3)` for three); an HPA\'s minReplicas counts.',
  'kube-score deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget': 'K8S-065 asks for a PodDisruptionBudget only where 2 or more replicas run (kube-score also where `replicas` is unset): a budget cannot keep a single replica up; K8S-073 reports the single replica instead.',
  'trivy KSV-0039, KSV-0040': 'One check, K8S-074, one finding per missing kind per namespace; only in the `all` profile (a cluster may set quotas outside the application\'s manifests).',
};

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function render() {
  const checks = loadChecks();
  const controls = controlsByCheck();
  // K8S-069, -071 and -072 (added after the catalog) judge one container at a time like the hardening ids.
  const perContainer = new Set(['K8S-069', 'K8S-071', 'K8S-072']);
  const hardening = checks.filter((c) => Number(c.id.slice(4)) < 50 || perContainer.has(c.id));
  const cross = checks.filter((c) => Number(c.id.slice(4)) >= 50 && !perContainer.has(c.id));
  const table = (list) => [
    '| id | check | severity | STRIDE | control | also known as |',
    '|---|---|---|---|---|---|',
    ...list.map((c) => {
      const a = c.meta.custom.aliases ?? {};
      const keys = [...TOOLS.filter((t) => a[t]), ...Object.keys(a).filter((t) => !TOOLS.includes(t)).sort()];
      const aliases = keys.map((t) => `${t}: ${a[t]}`).join('; ');
      return `| [${c.id}](#${c.id.toLowerCase()}) | ${cell(c.meta.title)} | ${c.meta.custom.severity} | ${c.meta.custom.stride.join(', ')} | ${controls.get(c.id) ? `\`${controls.get(c.id)}\`` : '—'} | ${cell(aliases)} |`;
    }),
  ];
  const profiles = profilesByControl();
  const peerRows = PEERS.flatMap((tool) => {
    const byId = new Map();
    for (const c of checks) {
      const ids = c.meta.custom.aliases?.[tool];
      if (!ids) continue;
      const list = byId.get(String(ids)) ?? [];
      list.push(c);
      byId.set(String(ids), list);
    }
    return [...byId.keys()].sort().map((ids) => {
      const list = byId.get(ids);
      const ctl = [...new Set(list.map((c) => controls.get(c.id)).filter(Boolean))];
      const note = DIFFERENCES[`${tool} ${ids}`] ?? '';
      return `| ${tool} | ${cell(ids)} | ${list.map((c) => `[${c.id}](#${c.id.toLowerCase()})`).join(', ')} | ${ctl.map((x) => `\`${x}\``).join(', ') || '—'} | ${[...new Set(ctl.map((x) => profiles.get(x)))].join(', ') || '—'} | ${cell(note)} |`;
    });
  });
  const params = checks.flatMap((c) => Object.entries(c.meta.custom.params ?? {}).map(([k, v]) => `| ${c.id} | \`${k}\` | \`${controls.get(c.id) ?? ''}\` | ${cell(v)} |`));
  const details = checks.flatMap((c) => {
    const m = c.meta;
    return [
      `### ${c.id}`,
      '',
      `**${m.title}** — severity ${m.custom.severity}; STRIDE ${m.custom.stride.map((s) => STRIDE[s] ?? s).join(', ')}; control \`${controls.get(c.id) ?? '—'}\`.`,
      '',
      cell(m.description),
      '',
      `- Resources: ${m.custom.resources.join(', ')}`,
      `- Remediation: ${cell(m.custom.remediation)}`,
      `- Admission (\`warden export gatekeeper\`): ${m.custom.admission === 'ci-only' ? `CI-only — ${cell(m.custom.admission_reason)}` : m.custom.admission === 'partial' ? `partial — ${cell(m.custom.admission_reason)}` : 'enforced, one object at a time'}`,
      `- Source: [\`${c.file}\`](../${c.file}) (package \`${c.pkg}\`), tests in \`${c.file.replace(/\.rego$/, '_test.rego')}\``,
      '',
    ];
  });
  return [
    '# The Kubernetes check library (`policies/`)',
    '',
    '<!-- Generated by `node scripts/policy-docs.mjs` from the checks\' METADATA and',
    '     models/warden/controls/kubernetes.warden. Do not edit by hand. -->',
    '',
    `${checks.length} checks written in Rego v1, one file per check in \`policies/k8s/\`, with shared helpers in`,
    '`policies/lib/k8s.rego` and `test_` rules beside each check. The ids follow the catalog in',
    '`../shared/research/k8s-check-catalog.md` (K8S-069 to K8S-074 were added after it, for what kube-score, kube-linter,',
    'Checkov and Trivy report by default); the aliases name the ids other tools use for the same',
    'rule (several ids are separated by commas). Every check covers Pod, Deployment, StatefulSet, DaemonSet,',
    'ReplicaSet, ReplicationController, Job and CronJob, and init and ephemeral containers where the field',
    'exists on them (resources and probes are not allowed on ephemeral containers, so those checks skip them).',
    '',
    'Run the tests with `warden rego test policies/` or, with a reference binary, `opa test policies/lib policies/k8s`.',
    '',
    '## Finding contract',
    '',
    'Input is `{"resources": [<k8s object>, ...]}`: every resource of the manifest set in order (`List` kinds',
    'already flattened); a resource\'s index is its identity. Each check is `package warden.checks.<slug>` and',
    'defines `deny`, a set of findings:',
    '',
    '```json',
    '{"check": "K8S-008", "severity": "critical", "resource": 3,',
    ' "msg": "Container \\"api\\" of Deployment payments/payments-api runs privileged",',
    ' "path": ["spec", "template", "spec", "containers", 0, "securityContext", "privileged"]}',
    '```',
    '',
    '- `path` leads from the resource root to the offending field (strings and array indices). For a missing',
    '  field it is the path of the nearest existing parent plus the missing key, e.g.',
    '  `[..., "containers", 0, "securityContext"]` when the container has no securityContext at all.',
    '- `severity` is always the check\'s METADATA severity; `check` its METADATA id.',
    '- Messages name the container and resource (`Kind namespace/name`).',
    '- Cross-resource checks (K8S-050 and up) look at `input.resources` as a whole; findings about a',
    '  namespace are anchored on its `Namespace` object when the manifests include it, else on the namespace\'s',
    '  first workload. Service, Ingress and HPA reference checks only judge namespaces the manifests populate.',
    '- To evaluate every check at once use `data.warden.checks[_].deny[_]` (iterating the package objects',
    '  would also evaluate the test packages).',
    '',
    '## Scope: what a check may depend on',
    '',
    '`warden check` and the admission exports rely on what a check\'s METADATA says it depends on, and',
    '`test/check/per-resource.test.ts` holds every check to it on every manifest set of the repository:',
    '',
    '- no `admission` field: the verdict on a resource depends on that resource alone (and the',
    '  parameters). Gatekeeper enforces it one object at a time; `warden check` evaluates it on chunks of',
    '  the input (memory holds one chunk\'s values at a time).',
    '- `admission: partial | ci-only` with `admission_reason`: it needs other resources, so admission',
    '  enforces it partly or not at all.',
    '- `context: [Kind, ...]`: it needs the resource and every resource of those kinds only (a',
    '  HorizontalPodAutoscaler for a Deployment\'s replicas); `warden check` evaluates it on each chunk',
    '  plus those resources, in input order.',
    '- `pod_spec: false`: its verdicts never depend on a workload\'s pod spec nor on a ConfigMap\'s or',
    '  Secret\'s payload; a whole-input evaluation gets the input with pod specs replaced by `{}` and',
    '  without `data`, `binaryData` (ConfigMap) and `data`, `stringData` (Secret).',
    '- `per_resource: true` (drift checks in `policies/model`): like no `admission` field, with the model.',
    '',
    '## Parameters',
    '',
    'Optional, from `data.warden.params["<check id>"].<name>` (a model sets them through the control\'s',
    '`param`); every check has a default when they are absent.',
    '',
    '| check | param | control | meaning |',
    '|---|---|---|---|',
    ...params,
    '',
    '## Pod and container hardening',
    '',
    ...table(hardening),
    '',
    '## Cross-resource, network and RBAC',
    '',
    ...table(cross),
    '',
    'Controls of `docs/contracts/controls.md` without a check: `immutableSecrets` (no catalog id yet).',
    '',
    '## Compared with kube-score, kube-linter, Checkov and Trivy',
    '',
    'Each peer id that a Warden check covers, with the control and the smallest profile of `warden check`',
    'without a model that runs it (`baseline` is the default; `restricted` includes it; `all` is every',
    'control). The last column says why, where Warden deliberately does something else. Peer ids with no',
    'row have no Warden check.',
    '',
    '| tool | peer id | Warden check | control | profile | where Warden differs |',
    '|---|---|---|---|---|---|',
    ...peerRows,
    '',
    '## Checks in detail',
    '',
    ...details,
    ...pipelineSection(),
  ].join('\n');
}

/** The workflow and Dockerfile checks (policies/pipeline) and their controls (controls/pipeline.warden). */
function pipelineSection() {
  const dir = join(root, 'policies', 'pipeline');
  const checks = readdirSync(dir)
    .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const meta = metadataOf(text);
      return { file: `policies/pipeline/${f}`, pkg: /^package\s+(\S+)/m.exec(text)[1], meta, id: meta.custom.id };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const controls = new Map();
  const text = readFileSync(join(root, 'models', 'warden', 'controls', 'pipeline.warden'), 'utf8');
  for (const m of text.matchAll(/control\s+(\w+)[^{]*\{([^}]*)\}/g)) {
    const policies = /policies\s*\[([^\]]*)\]/.exec(m[2]);
    for (const id of policies ? [...policies[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : []) controls.set(id, m[1]);
  }
  const aliases = (c) => Object.entries(c.meta.custom.aliases ?? {}).map(([t, v]) => `${t}: ${v}`).join('; ');
  return [
    '',
    '## Workflows, Dockerfiles and Azure IaC (`policies/pipeline`)',
    '',
    `${checks.length} checks on the GitHub Actions workflows (GHA-xxx), Dockerfiles (DKR-xxx) and Azure infrastructure`,
    'as code (AZ-xxx: ARM templates as `bicep build` emits them, Terraform plans from `terraform show -json`) that',
    '`warden check` reads next to manifests (docs/check.md, "File kinds"). Each file is one resource of kind',
    '`GitHubWorkflow`, `Dockerfile`, `ArmTemplate` or `TerraformPlan` whose `spec` is the file\'s content (an ARM',
    'expression such as `[parameters(\'x\')]` is never judged); the helpers are in `policies/lib/pipeline.rego` and',
    'the controls that apply the checks in `models/warden/controls/pipeline.warden`. A finding\'s `path`',
    'starts with `spec` and is located in the file like a manifest field.',
    '',
    '| id | check | severity | STRIDE | control | also known as |',
    '|---|---|---|---|---|---|',
    ...checks.map((c) => `| [${c.id}](#${c.id.toLowerCase()}) | ${cell(c.meta.title)} | ${c.meta.custom.severity} | ${c.meta.custom.stride.join(', ')} | \`${controls.get(c.id) ?? '—'}\` | ${cell(aliases(c))} |`),
    '',
    ...checks.flatMap((c) => [
      `### ${c.id}`,
      '',
      `**${c.meta.title}** — severity ${c.meta.custom.severity}; STRIDE ${c.meta.custom.stride.map((x) => STRIDE[x] ?? x).join(', ')}; control \`${controls.get(c.id) ?? '—'}\`.`,
      '',
      cell(c.meta.description),
      '',
      `- Resources: ${c.meta.custom.resources.join(', ')}`,
      `- Remediation: ${cell(c.meta.custom.remediation)}`,
      `- Source: [\`${c.file}\`](../${c.file}) (package \`${c.pkg}\`), tests in \`${c.file.replace(/\.rego$/, '_test.rego')}\``,
      '',
    ]),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = render();
  if (process.argv.includes('--check')) {
    const current = (() => { try { return readFileSync(out, 'utf8'); } catch { return ''; } })();
    if (current !== text) {
      console.error('docs/policies.md is out of date: run `node scripts/policy-docs.mjs`');
      process.exit(1);
    }
  } else {
    writeFileSync(out, text);
    console.log(`wrote docs/policies.md (${loadChecks().length} checks)`);
  }
}
