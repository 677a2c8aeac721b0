// Model drift for claims a file can show: a `pipeline` element that states `pinnedActions true` or
// `oidcFederation true` is compared with the GitHub Actions workflows bound to it (`workflow
// ".github/workflows/deploy.yml"`, or a directory); the Azure attributes of a `keyVault`,
// `containerRegistry`, `aksCluster`, `appGateway` or `cosmosDb` (CLAIMS below) with the ARM
// templates or Terraform plans bound by `implementedBy "infra/main.json#<resource name>"`. Paths
// are relative to the model file. The comparison runs the library's own checks (GHA-001, GHA-004,
// AZ-001..016 in policies/pipeline) on
// the bound files, so a claim and a check never disagree on what "pinned" or "private" means. A
// contradiction is a finding located in the file and pointing at the model line of the claim, traced
// to the threats the claim ruled out (the threat rules on the element's kinds whose `when` names the
// attribute, with the ids those threats would have on the element). A claim whose element has no
// bound file among those read is reported as unverifiable. Claims are judged only for the kinds of
// file the run read: a check of manifests alone says nothing about pipelines or Azure resources.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { AttrValue, ConditionExpr, Element, ResolvedModel } from '../../model/types.js';
import { wardenEngine } from '../../policy/engine.js';
import { loadLibrary } from '../../policy/library.js';
import { threatId } from '../../threats/ids.js';
import { resourceLabel, type ManifestResource } from '../manifests.js';
import type { Finding, RuleInfo } from '../types.js';

/** A claim: an attribute of an element kind, the values that make it, the library check whose findings contradict it, and how files are bound. */
interface ClaimKind {
  attr: string;
  /** The element kind (or a kind it extends) the check judges: the same attribute elsewhere is not this claim. */
  kind: string;
  /** Whether the model's value states the claim (`purgeProtection true`, `wafMode prevention`). */
  states: (v: AttrValue) => boolean;
  check: string;
  /** `workflow "..."` binds GitHub Actions workflows; `implementedBy "file[#name]"` ARM templates and Terraform plans. */
  binding: 'workflow' | 'implementedBy';
}

const is = (value: boolean) => (v: AttrValue) => v.type === 'bool' && v.value === value;
const azure = (attr: string, kind: string, states: ClaimKind['states'], check: string): ClaimKind => ({ attr, kind, states, check, binding: 'implementedBy' });

const CLAIMS: readonly ClaimKind[] = [
  { attr: 'pinnedActions', kind: 'pipeline', states: is(true), check: 'GHA-001', binding: 'workflow' },
  { attr: 'oidcFederation', kind: 'pipeline', states: is(true), check: 'GHA-004', binding: 'workflow' },
  azure('purgeProtection', 'keyVault', is(true), 'AZ-001'),
  azure('publicNetworkAccess', 'keyVault', is(false), 'AZ-002'),
  azure('rbacAuthorization', 'keyVault', is(true), 'AZ-006'),
  azure('softDelete', 'keyVault', is(true), 'AZ-007'),
  azure('adminUser', 'containerRegistry', is(false), 'AZ-003'),
  azure('publicNetworkAccess', 'containerRegistry', is(false), 'AZ-008'),
  azure('contentTrust', 'containerRegistry', is(true), 'AZ-009'),
  azure('localAccounts', 'aksCluster', is(false), 'AZ-004'),
  azure('privateCluster', 'aksCluster', is(true), 'AZ-005'),
  azure('azureRbac', 'aksCluster', is(true), 'AZ-010'),
  azure('networkPolicy', 'aksCluster', (v) => v.type === 'enum' && v.value !== 'none', 'AZ-011'),
  azure('defender', 'aksCluster', is(true), 'AZ-012'),
  azure('wafMode', 'appGateway', (v) => v.type === 'enum' && v.value === 'prevention', 'AZ-013'),
  azure('tlsPolicy', 'appGateway', (v) => v.type === 'string', 'AZ-014'),
  azure('localAuth', 'cosmosDb', is(false), 'AZ-015'),
  azure('publicNetworkAccess', 'cosmosDb', is(false), 'AZ-016'),
];

/** A claim's value as the model writes it. */
function shown(v: AttrValue): string {
  return v.type === 'string' ? JSON.stringify(v.value) : v.type === 'bool' || v.type === 'enum' || v.type === 'number' ? String(v.value) : v.type;
}

const BOUND_KINDS: Record<ClaimKind['binding'], readonly string[]> = { workflow: ['GitHubWorkflow'], implementedBy: ['ArmTemplate', 'TerraformPlan'] };

export const CLAIM_CONTRADICTED: RuleInfo = {
  id: 'WD-DRIFT-020',
  title: 'Model claim contradicted by its files',
  description:
    'An element states an attribute its files can show (pinnedActions, oidcFederation on a pipeline; purgeProtection, softDelete, rbacAuthorization, publicNetworkAccess on a Key Vault; adminUser, contentTrust, publicNetworkAccess on a registry; localAccounts, privateCluster, azureRbac, networkPolicy, defender on AKS; wafMode, tlsPolicy on an Application Gateway; localAuth, publicNetworkAccess on Cosmos DB), and a file bound to it does otherwise; the threats the claim ruled out are open.',
  severity: 'high',
  family: 'drift',
  stride: ['T', 'S'],
  remediation: 'Fix the file (pin the action, log in with OIDC, enable purge protection, ...), or correct the claim in the model so its threats are assessed.',
};

export const CLAIM_UNVERIFIABLE: RuleInfo = {
  id: 'WD-DRIFT-021',
  title: 'Model claim not verifiable',
  description: 'An element states an attribute its files can show, but no file of that kind read in this run is bound to it, so the claim was not checked.',
  severity: 'info',
  family: 'drift',
  stride: ['T', 'S'],
  remediation: 'Bind the element to its files (workflow ".github/workflows/", implementedBy "infra/main.json#name") and pass them to warden check.',
};

interface Claim {
  element: Element;
  kind: ClaimKind;
  value: AttrValue;
  line: number;
  threats: string[];
}

/** Findings for every pipeline or platform claim of the model whose kind of file the run read. */
export async function pipelineClaimFindings(model: ResolvedModel, resources: readonly ManifestResource[], cwd: string, display: (f: string) => string): Promise<{ findings: Finding[]; rules: RuleInfo[] }> {
  const read = (b: ClaimKind['binding']) => resources.filter((r) => BOUND_KINDS[b].includes(r.kind));
  const claims = claimsOf(model).filter((c) => read(c.kind.binding).length > 0);
  if (claims.length === 0) return { findings: [], rules: [] };
  const findings: Finding[] = [];
  const evaluate = await checksOn();
  for (const c of claims) {
    const kind = c.kind;
    const { files, name } = boundFiles(c.element, kind.binding, read(kind.binding), cwd);
    const stated = `${c.element.kind} ${c.element.id} states ${kind.attr} ${shown(c.value)}`;
    const base = { element: c.element.id, elements: [c.element.id], controls: [], threats: c.threats, model: { file: display(c.element.source.file), line: c.line }, fingerprint: '' };
    if (files.length === 0) {
      const binding = attrString(c.element, kind.binding);
      const why = binding === undefined ? `it has no \`${kind.binding}\` binding` : `its binding ${kind.binding} "${binding}" names no file read in this run`;
      findings.push({ ...base, check: CLAIM_UNVERIFIABLE.id, title: CLAIM_UNVERIFIABLE.title, severity: 'info', family: 'drift', message: `${stated}, which was not verified: ${why}` });
      continue;
    }
    for (const row of evaluate(kind.check, files)) {
      const r = files[row.resource]!;
      if (name !== undefined && resourceName(r.object, row.path) !== name) continue;
      const pos = r.position(row.path);
      findings.push({
        ...base,
        check: CLAIM_CONTRADICTED.id,
        title: CLAIM_CONTRADICTED.title,
        severity: 'high',
        family: 'drift',
        message: `${stated}, but ${row.msg}`,
        resource: { index: r.index, kind: r.kind, name: r.name, label: resourceLabel(r) },
        location: { file: pos.file, line: pos.line, column: pos.column, path: [...pos.path], exact: pos.exact },
      });
    }
  }
  return { findings, rules: [CLAIM_CONTRADICTED, CLAIM_UNVERIFIABLE] };
}

/** The name of the ARM resource or Terraform planned resource a finding's path lies in. */
function resourceName(root: unknown, path: ReadonlyArray<string | number>): string | undefined {
  let node = root as Record<string, unknown> | undefined;
  for (const seg of path) {
    if (seg === 'properties' || seg === 'values') break;
    node = node && typeof node === 'object' ? ((node as Record<string | number, unknown>)[seg] as Record<string, unknown> | undefined) : undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const values = node.values as Record<string, unknown> | undefined;
  const name = node.name ?? values?.name;
  return typeof name === 'string' ? name : undefined;
}

function attrString(e: Element, name: string): string | undefined {
  const v = e.attributes[name];
  return v && v.type === 'string' ? v.value : undefined;
}

/** Every claim of the model (`pinnedActions true`, `adminUser false`, ...), with its line and the threats it rules out. */
function claimsOf(model: ResolvedModel): Claim[] {
  const out: Claim[] = [];
  const texts = new Map<string, string[]>();
  for (const e of model.elements) {
    const kinds = kindChain(model, e);
    for (const kind of CLAIMS) {
      const v = e.attributes[kind.attr];
      if (!v || !kind.states(v) || !kinds.has(kind.kind)) continue;
      const rules = model.rules.filter((r) => kinds.has(r.appliesTo) && r.when && mentions(r.when, kind.attr));
      out.push({ element: e, kind, value: v, line: attrLine(texts, e, kind.attr), threats: rules.map((r) => threatId(r.id, e.id)).sort() });
    }
  }
  return out;
}

/** The element's kind, the kinds it extends and its base kind (what a rule's `on` may name). */
function kindChain(model: ResolvedModel, e: Element): Set<string> {
  const out = new Set<string>([e.base]);
  for (let k: string | undefined = e.kind; k !== undefined && !out.has(k); k = model.kinds[k]?.extends) out.add(k);
  return out;
}

function mentions(c: ConditionExpr, attr: string): boolean {
  switch (c.op) {
    case 'path':
      return c.path.length === 1 && c.path[0] === attr;
    case 'not':
      return mentions(c.arg, attr);
    case 'and':
    case 'or':
      return c.args.some((a) => mentions(a, attr));
    case 'call':
      return c.args.some((a) => mentions(a, attr));
    case 'list':
      return c.items.some((a) => mentions(a, attr));
    case 'literal':
      return false;
    default:
      return mentions(c.left, attr) || mentions(c.right, attr);
  }
}

/** The line of `attr` inside the element's declaration (the element's line when not found). */
function attrLine(texts: Map<string, string[]>, e: Element, attr: string): number {
  let lines = texts.get(e.source.file);
  if (!lines) {
    try {
      lines = readFileSync(e.source.file, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    texts.set(e.source.file, lines);
  }
  const re = new RegExp(`(^|[\\s{])${attr}\\s`);
  for (let l = e.source.line; l <= Math.min(e.source.endLine, lines.length); l++) if (re.test(lines[l - 1]!)) return l;
  return e.source.line;
}

/**
 * The files the element's binding names (relative to the model file): one file, or every file
 * under a directory; `implementedBy "infra/main.json#kv"` also names the resource inside it.
 */
function boundFiles(e: Element, binding: ClaimKind['binding'], candidates: readonly ManifestResource[], cwd: string): { files: ManifestResource[]; name?: string } {
  const text = attrString(e, binding);
  if (text === undefined) return { files: [] };
  const hash = binding === 'implementedBy' ? text.indexOf('#') : -1;
  const path = hash >= 0 ? text.slice(0, hash) : text;
  const target = resolve(dirname(resolve(cwd, e.source.file)), path);
  const files = candidates.filter((w) => {
    const abs = isAbsolute(w.file) ? w.file : resolve(cwd, w.file);
    return abs === target || abs.startsWith(target.endsWith(sep) ? target : target + sep);
  });
  return hash >= 0 ? { files, name: text.slice(hash + 1).split('/').pop() } : { files };
}

interface Row {
  msg: string;
  resource: number;
  path: Array<string | number>;
}

/** Runs one library check on a few resources: compiled once per run (the engine caches compilations). */
async function checksOn(): Promise<(check: string, resources: readonly ManifestResource[]) => Row[]> {
  const lib = loadLibrary().value;
  const ids = [...new Set(CLAIMS.map((c) => c.check))];
  const modules = [...lib.libModules, ...ids.map((id) => lib.checkModules.get(id)!)];
  const entrypoints = ids.map((id) => `${lib.checks.get(id)!.package.replace(/\./g, '/')}/deny`);
  const engine = wardenEngine();
  const compiled = await engine.compile(modules, entrypoints);
  if (!compiled.value) throw new Error(`the pipeline claim checks do not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const policy = await engine.load(compiled.value.wasm);
  policy.setData({});
  return (check, resources) => {
    const entry = entrypoints[ids.indexOf(check)]!;
    const out = policy.evaluate({ resources: resources.map((r) => r.object) }, entry)[0]?.result;
    return (Array.isArray(out) ? (out as Row[]) : []).slice().sort((a, b) => a.resource - b.resource || JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));
  };
}
