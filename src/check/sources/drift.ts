// Model drift for pipeline claims: a `pipeline` element that states `pinnedActions true` or
// `oidcFederation true` is compared with the GitHub Actions workflows bound to it
// (`workflow ".github/workflows/deploy.yml"`, or a directory, relative to the model file). The
// comparison runs the library's own checks (GHA-001, GHA-004 in policies/pipeline) on the bound
// workflows, so a claim and a check can never disagree on what "pinned" or "OIDC" means. A
// contradiction is a finding located in the workflow and pointing at the model line of the claim,
// traced to the threats the claim ruled out (the threat rules whose `when` names the attribute, with
// the ids those threats would have on the element). A claim whose element has no bound workflow
// among the files read is reported as unverifiable. Runs only when the inputs include a workflow:
// a check of manifests alone says nothing about pipelines.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { ConditionExpr, Element, ResolvedModel } from '../../model/types.js';
import { wardenEngine } from '../../policy/engine.js';
import { loadLibrary } from '../../policy/library.js';
import { threatId } from '../../threats/ids.js';
import { resourceLabel, type ManifestResource } from '../manifests.js';
import type { Finding, RuleInfo } from '../types.js';

/** Claim attribute -> the library check whose findings contradict it. */
const CLAIMS: Record<string, string> = { pinnedActions: 'GHA-001', oidcFederation: 'GHA-004' };

export const CLAIM_CONTRADICTED: RuleInfo = {
  id: 'WD-DRIFT-020',
  title: 'Pipeline claim contradicted by its workflows',
  description: 'A pipeline element states pinnedActions true or oidcFederation true, and a workflow bound to it does otherwise; the threats the claim ruled out are open.',
  severity: 'high',
  family: 'drift',
  stride: ['T', 'S'],
  remediation: 'Fix the workflow (pin the action to a commit SHA, log in with OIDC), or correct the claim in the model so its threats are assessed.',
};

export const CLAIM_UNVERIFIABLE: RuleInfo = {
  id: 'WD-DRIFT-021',
  title: 'Pipeline claim not verifiable',
  description: 'A pipeline element states pinnedActions true or oidcFederation true, but no workflow file read in this run is bound to it, so the claim was not checked.',
  severity: 'info',
  family: 'drift',
  stride: ['T', 'S'],
  remediation: 'Bind the element to its workflows (workflow ".github/workflows/" or one file) and pass them to warden check.',
};

interface Claim {
  element: Element;
  attr: string;
  line: number;
  threats: string[];
}

/** Findings for every pipeline claim of the model, or nothing when no workflow was read. */
export async function pipelineClaimFindings(model: ResolvedModel, resources: readonly ManifestResource[], cwd: string, display: (f: string) => string): Promise<{ findings: Finding[]; rules: RuleInfo[] }> {
  const workflows = resources.filter((r) => r.kind === 'GitHubWorkflow');
  const claims = claimsOf(model);
  if (workflows.length === 0 || claims.length === 0) return { findings: [], rules: [] };
  const findings: Finding[] = [];
  const evaluate = await checksOn();
  for (const c of claims) {
    const bound = boundWorkflows(c.element, workflows, cwd);
    const base = { element: c.element.id, elements: [c.element.id], controls: [], threats: c.threats, model: { file: display(c.element.source.file), line: c.line }, fingerprint: '' };
    if (bound.length === 0) {
      const binding = attrString(c.element, 'workflow');
      const why = binding === undefined ? 'it has no `workflow` binding' : `its binding workflow "${binding}" names no workflow file read in this run`;
      findings.push({ ...base, check: CLAIM_UNVERIFIABLE.id, title: CLAIM_UNVERIFIABLE.title, severity: 'info', family: 'drift', message: `pipeline ${c.element.id} states ${c.attr} true, which was not verified: ${why}` });
      continue;
    }
    for (const row of evaluate(CLAIMS[c.attr]!, bound)) {
      const r = bound[row.resource]!;
      const pos = r.position(row.path);
      findings.push({
        ...base,
        check: CLAIM_CONTRADICTED.id,
        title: CLAIM_CONTRADICTED.title,
        severity: 'high',
        family: 'drift',
        message: `pipeline ${c.element.id} states ${c.attr} true, but ${row.msg}`,
        resource: { index: r.index, kind: r.kind, name: r.name, label: resourceLabel(r) },
        location: { file: pos.file, line: pos.line, column: pos.column, path: [...pos.path], exact: pos.exact },
      });
    }
  }
  return { findings, rules: [CLAIM_CONTRADICTED, CLAIM_UNVERIFIABLE] };
}

function attrString(e: Element, name: string): string | undefined {
  const v = e.attributes[name];
  return v && v.type === 'string' ? v.value : undefined;
}

/** Every `pinnedActions true` / `oidcFederation true` of the model, with its line and the threats it rules out. */
function claimsOf(model: ResolvedModel): Claim[] {
  const out: Claim[] = [];
  const texts = new Map<string, string[]>();
  for (const e of model.elements) {
    for (const attr of Object.keys(CLAIMS)) {
      const v = e.attributes[attr];
      if (!v || v.type !== 'bool' || v.value !== true) continue;
      const rules = model.rules.filter((r) => (r.appliesTo === e.kind || r.appliesTo === e.base) && r.when && mentions(r.when, attr));
      out.push({ element: e, attr, line: attrLine(texts, e, attr), threats: rules.map((r) => threatId(r.id, e.id)).sort() });
    }
  }
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
  const re = new RegExp(`(^|[\\s{])${attr}\\s+true\\b`);
  for (let l = e.source.line; l <= Math.min(e.source.endLine, lines.length); l++) if (re.test(lines[l - 1]!)) return l;
  return e.source.line;
}

/** The workflows the element's `workflow` binding names: one file, or every file under a directory. */
function boundWorkflows(e: Element, workflows: readonly ManifestResource[], cwd: string): ManifestResource[] {
  const binding = attrString(e, 'workflow');
  if (binding === undefined) return [];
  const target = resolve(dirname(resolve(cwd, e.source.file)), binding);
  return workflows.filter((w) => {
    const abs = isAbsolute(w.file) ? w.file : resolve(cwd, w.file);
    return abs === target || abs.startsWith(target.endsWith(sep) ? target : target + sep);
  });
}

interface Row {
  msg: string;
  resource: number;
  path: Array<string | number>;
}

/** Runs one library check on a few resources: compiled once per run (the engine caches compilations). */
async function checksOn(): Promise<(check: string, resources: readonly ManifestResource[]) => Row[]> {
  const lib = loadLibrary().value;
  const ids = Object.values(CLAIMS);
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
