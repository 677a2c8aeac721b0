// The findings of a derived policy, evaluated in parts and, where a check allows it, in chunks of
// the input.
//
// The generated package (src/policy/derive.ts) has one `findings contains finding if {...}`
// definition per check. Evaluated as one rule on the whole input, every check's intermediate values
// stay in the Wasm module's memory until the evaluation ends (the runtime allocates by bumping a
// pointer and frees only when an evaluation returns): on 10,000 resources with every control on
// that is most of the run's memory. So the definitions are renamed by scope:
//
// - per-resource checks (library checks that judge each resource by itself: no `admission` mode in
//   their METADATA, the same claim the Gatekeeper export relies on) become `findings_r`, evaluated
//   on chunks of at most CHUNK_BYTES of input: memory holds one chunk's values at a time, and a
//   row's resource index is the chunk's offset plus its index in the chunk;
// - checks whose verdict on a resource depends on the resource and resources of a few kinds
//   (METADATA `custom.context`: a Deployment's replicas and the HorizontalPodAutoscalers) become
//   `findings_c`, evaluated on each chunk plus every resource of those kinds, in input order; only
//   the rows about the chunk's own resources are kept (each resource is its own in one chunk);
// - every other definition (cross-resource checks, drift) becomes `findings_s0` ...
//   `findings_s{n-1}` round-robin, each evaluated on the whole input, so memory holds one part's
//   intermediates at a time; `findings_s` is their union, for inputs over PARTS_MAX_INPUT bytes.
//   Those whose verdicts never depend on a workload's pod spec nor on a ConfigMap's or Secret's
//   payload (METADATA `custom.pod_spec: false`) become `findings_p0` ... instead, evaluated on the
//   whole input without them (see withoutPodSpec in evaluate.ts), a fraction of its size where
//   workloads or configuration dominate.
//
// `findings` itself stays as the union of both, for bundles and anyone who queries the policy.
//
// What callers can rely on: the parts' rows together are the rows of the one rule (a definition is
// one check and its rows carry the check's id, so no row is in two parts; a per-resource check's
// rows on a chunk are its rows on the whole input for the chunk's resources), so the findings
// (merged, then sorted) are byte-identical to one evaluation of `findings`.
import { hasErrors, type Diagnostic, type Result } from '../diagnostics/index.js';
import type { RegoModule } from '../rego/index.js';
import { FINDINGS_ENTRYPOINT } from '../policy/derive.js';
import type { LoadedPolicy, PolicyEngine } from '../policy/engine.js';
import type { CheckInfo } from '../policy/library.js';

/** How many parts for the whole-input definitions: memory falls with more, CPU grows (shared rules are computed per part). */
export const FINDINGS_PARTS = 8;

/**
 * Inputs above this many bytes of JSON evaluate the whole-input definitions as one (`findings_s`):
 * each part parses the input again, and for a large input the parsed input, not the checks'
 * intermediates, is most of the memory (the parts would cost CPU and save little).
 */
export const PARTS_MAX_INPUT = 16 * 1024 * 1024;

/**
 * Checks with context see at most this many bytes of input JSON at a time besides their context
 * resources (a single larger resource is a chunk of its own). Smaller chunks hold less memory;
 * each chunk recomputes the rules that read only data (the model's indexes) and parses the
 * context again, which costs CPU.
 */
export const CHUNK_BYTES = 192 * 1024;

/**
 * Per-resource checks see at most this many bytes at a time: the module keeps every value an
 * evaluation makes until it ends, and seventy checks make tens of times their input (a 192 KB
 * chunk of findings-heavy Deployments took 40 MB, a 64 KB one 20 MB), with no context to parse again.
 */
export const RESOURCE_CHUNK_BYTES = 64 * 1024;

/** The entry points whose rows make the findings, by what input each needs. */
export interface FindingsParts {
  /** Evaluated on the whole input, one after another. */
  whole: string[];
  /** The union of `whole`, for inputs over PARTS_MAX_INPUT (undefined when `whole` is empty). */
  wholeUnion?: string;
  /** Evaluated on each chunk of the input; rows' resource indexes are relative to the chunk. */
  perResource: string[];
  /** Evaluated on each chunk plus every resource of `contextKinds` (see above). */
  withContext?: { entrypoints: string[]; contextKinds: string[] };
  /** Evaluated on the whole input without workloads' pod specs, one after another. */
  projected?: string[];
  /** The union of `projected`, for inputs over PARTS_MAX_INPUT. */
  projectedUnion?: string;
}

/** How a check's definition is evaluated: on chunks, on chunks with context, or on the whole input (with or without pod specs). */
export type CheckScope = { scope: 'resource' } | { scope: 'context'; kinds: readonly string[] } | { scope: 'whole'; podSpec: boolean };

const WHOLE: CheckScope = { scope: 'whole', podSpec: true };

const DEFINITION = /\nfindings contains finding if \{/g;
const CHECK_LINE = /^#\s+check:\s*(.+)$/gm;

/**
 * Whether a check judges each resource by itself (and may so be evaluated in chunks): a library
 * check without an admission mode, or a drift check that says so (`custom.per_resource: true`).
 */
export function judgesEachResource(check: Pick<CheckInfo, 'family' | 'admission' | 'perResource'>): boolean {
  return check.family === 'library' ? check.admission === undefined : check.perResource === true;
}

type ScopeFacts = Pick<CheckInfo, 'family' | 'admission' | 'context' | 'perResource' | 'readsPodSpec'>;

/** How `warden check` evaluates a check: see the top of this file. */
export function scopeOf(check: ScopeFacts): CheckScope {
  if (judgesEachResource(check)) return { scope: 'resource' };
  if (check.family === 'library' && check.context && check.context.length > 0) return { scope: 'context', kinds: check.context };
  return { scope: 'whole', podSpec: check.readsPodSpec !== false };
}

/** The check id named in the METADATA just before offset `at` of the generated package. */
function checkBefore(source: string, at: number): string | undefined {
  let id: string | undefined;
  for (const m of source.slice(Math.max(0, at - 4000), at).matchAll(CHECK_LINE)) id = m[1];
  if (id === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(id);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

const ep = (name: string) => `${FINDINGS_ENTRYPOINT}${name}`;

/**
 * The modules with the generated package's findings split by scope into parts, and the parts'
 * entry points; undefined when the policy is not a derived one of that shape (then evaluate it
 * whole). `perResource(id)` says which checks may be evaluated on chunks.
 */
export function splitFindings(
  modules: readonly RegoModule[],
  entrypoints: readonly string[],
  scope: (checkId: string) => CheckScope = () => WHOLE,
  parts = FINDINGS_PARTS,
): { modules: RegoModule[]; entrypoints: string[]; parts: FindingsParts } | undefined {
  if (entrypoints.length !== 1 || entrypoints[0] !== FINDINGS_ENTRYPOINT) return undefined;
  const main = modules.filter((m) => /^package warden\.main$/m.test(m.source));
  if (main.length !== 1) return undefined;
  const source = main[0]!.source;
  const kinds = new Set<string>();
  const scopes = [...source.matchAll(DEFINITION)].map((m) => {
    const id = checkBefore(source, m.index!);
    const s = id === undefined ? WHOLE : scope(id);
    if (s.scope === 'context') for (const k of s.kinds) kinds.add(k);
    return s.scope === 'resource' ? 'r' : s.scope === 'context' ? 'c' : s.podSpec ? 's' : 'p';
  });
  // parts of the whole-input definitions, with (s) and without (p) pod specs
  const n = { s: Math.min(parts, scopes.filter((s) => s === 's').length), p: Math.min(parts, scopes.filter((s) => s === 'p').length) };
  const chunked = scopes.includes('r');
  const withContext = scopes.includes('c');
  if (n.s + n.p < 2 && !chunked && !withContext) return undefined;
  let d = 0;
  const next = { s: 0, p: 0 };
  const renamed = source.replace(DEFINITION, () => {
    const s = scopes[d++]!;
    return s === 's' || s === 'p' ? `\nfindings_${s}${next[s]++ % n[s]} contains finding if {` : `\nfindings_${s} contains finding if {`;
  });
  const union = (name: string, from: string[]) => from.map((p) => `${name} contains finding if {\n\tsome finding in ${p}\n}\n`).join('\n');
  const names = (s: 's' | 'p') => Array.from({ length: n[s] }, (_, i) => `findings_${s}${i}`);
  const tail = [
    n.s > 0 ? union('findings_s', names('s')) : '',
    n.p > 0 ? union('findings_p', names('p')) : '',
    // the whole rule stays, as the union of the parts
    union('findings', [...(n.s > 0 ? ['findings_s'] : []), ...(n.p > 0 ? ['findings_p'] : []), ...(chunked ? ['findings_r'] : []), ...(withContext ? ['findings_c'] : [])]),
  ].join('\n');
  const result: FindingsParts = {
    whole: names('s').map((p) => ep(p.slice('findings'.length))),
    ...(n.s > 0 ? { wholeUnion: ep('_s') } : {}),
    perResource: chunked ? [ep('_r')] : [],
    ...(withContext ? { withContext: { entrypoints: [ep('_c')], contextKinds: [...kinds].sort() } } : {}),
    ...(n.p > 0 ? { projected: names('p').map((p) => ep(p.slice('findings'.length))), projectedUnion: ep('_p') } : {}),
  };
  return { modules: modules.map((m) => (m === main[0] ? { ...m, source: `${renamed}\n${tail}` } : m)), entrypoints: [FINDINGS_ENTRYPOINT, ...partEntrypoints(result)], parts: result };
}

/** splitFindings with each check's scope from its METADATA (what compileInParts and exported bundles compile). */
export function splitDerived(derived: { modules: readonly RegoModule[]; entrypoints: readonly string[]; checks?: ReadonlyArray<Pick<CheckInfo, 'id'> & ScopeFacts> }): ReturnType<typeof splitFindings> {
  const scopes = new Map((derived.checks ?? []).map((c) => [c.id, scopeOf(c)]));
  return splitFindings(derived.modules, derived.entrypoints, (id) => scopes.get(id) ?? WHOLE);
}

/** Every entry point a FindingsParts names. */
export function partEntrypoints(parts: FindingsParts): string[] {
  return [...parts.whole, ...(parts.wholeUnion ? [parts.wholeUnion] : []), ...(parts.projected ?? []), ...(parts.projectedUnion ? [parts.projectedUnion] : []), ...parts.perResource, ...(parts.withContext?.entrypoints ?? [])];
}

/**
 * Compiles and loads a derived policy with its findings in parts (when it has the generated
 * shape), and sets its data. `findings` says which entry points make the findings, on what input.
 */
export async function compileInParts(
  engine: PolicyEngine,
  derived: { modules: RegoModule[]; entrypoints: string[]; data: object; checks?: ReadonlyArray<Pick<CheckInfo, 'id'> & ScopeFacts> },
): Promise<Result<{ policy: LoadedPolicy; findings: FindingsParts } | undefined>> {
  const split = splitDerived(derived);
  const compiled = await engine.compile(split?.modules ?? derived.modules, split?.entrypoints ?? derived.entrypoints);
  const diagnostics: Diagnostic[] = [...compiled.diagnostics];
  if (!compiled.value || hasErrors(compiled.diagnostics)) return { value: undefined, diagnostics };
  const policy = await engine.load(compiled.value.wasm);
  policy.setData(derived.data);
  return { value: { policy, findings: split?.parts ?? { whole: [derived.entrypoints[0]!], perResource: [] } }, diagnostics };
}
