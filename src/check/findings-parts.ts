// The findings of a derived policy, evaluated in parts. The generated package (src/policy/derive.ts)
// has one `findings contains finding if {...}` definition per check; evaluated as one rule, every
// check's intermediate values stay in the Wasm module's memory until the whole evaluation ends (the
// runtime allocates by bumping a pointer and frees when an evaluation returns), which on 10,000
// resources with every control on is most of the run's memory. Here the definitions are renamed
// findings_0 ... findings_{n-1} round-robin and each part is evaluated on its own, so memory holds
// one part's intermediates at a time. `findings` itself stays, as the union of the parts, for
// inputs over PARTS_MAX_INPUT bytes.
//
// What callers can rely on: the parts' rows together are the rows of the one rule (a definition is
// one check and its rows carry the check's id, so no row is in two parts), and each check's rows
// come in the same relative order, so the findings (merged, then sorted) are byte-identical.
import { hasErrors, type Diagnostic, type Result } from '../diagnostics/index.js';
import type { RegoModule } from '../rego/index.js';
import { FINDINGS_ENTRYPOINT } from '../policy/derive.js';
import type { LoadedPolicy, PolicyEngine } from '../policy/engine.js';

/** How many parts: memory falls with more, CPU grows (rules the checks share are computed per part). */
export const FINDINGS_PARTS = 8;

/**
 * Inputs above this many bytes of JSON are evaluated whole: each part parses the input again, and
 * for a large input the parsed input, not the checks' intermediates, is most of the memory (the
 * parts would cost CPU and save little).
 */
export const PARTS_MAX_INPUT = 16 * 1024 * 1024;

const DEFINITION = /\nfindings contains finding if \{/g;

/**
 * The modules with the generated package's findings split into parts, and the parts' entry points;
 * undefined when the policy is not a derived one of that shape (then evaluate it whole).
 */
export function splitFindings(modules: readonly RegoModule[], entrypoints: readonly string[], parts = FINDINGS_PARTS): { modules: RegoModule[]; entrypoints: string[] } | undefined {
  if (entrypoints.length !== 1 || entrypoints[0] !== FINDINGS_ENTRYPOINT) return undefined;
  const main = modules.filter((m) => /^package warden\.main$/m.test(m.source));
  if (main.length !== 1) return undefined;
  const count = main[0]!.source.match(DEFINITION)?.length ?? 0;
  const n = Math.min(parts, count);
  if (n < 2) return undefined;
  let k = 0;
  const renamed = main[0]!.source.replace(DEFINITION, () => `\nfindings_${k++ % n} contains finding if {`);
  // the whole rule stays, as the union of the parts, for inputs too large to parse once per part
  const whole = Array.from({ length: n }, (_, i) => `findings contains finding if {\n\tsome finding in findings_${i}\n}\n`).join('\n');
  return {
    modules: modules.map((m) => (m === main[0] ? { ...m, source: `${renamed}\n${whole}` } : m)),
    entrypoints: [FINDINGS_ENTRYPOINT, ...Array.from({ length: n }, (_, i) => `${FINDINGS_ENTRYPOINT}_${i}`)],
  };
}

/**
 * Compiles and loads a derived policy with its findings in parts (when it has the generated
 * shape), and sets its data. `findings` lists the entry points whose rows make the findings.
 */
export async function compileInParts(
  engine: PolicyEngine,
  derived: { modules: RegoModule[]; entrypoints: string[]; data: object },
): Promise<Result<{ policy: LoadedPolicy; findings: string[] } | undefined>> {
  const split = splitFindings(derived.modules, derived.entrypoints);
  const compiled = await engine.compile(split?.modules ?? derived.modules, split?.entrypoints ?? derived.entrypoints);
  const diagnostics: Diagnostic[] = [...compiled.diagnostics];
  if (!compiled.value || hasErrors(compiled.diagnostics)) return { value: undefined, diagnostics };
  const policy = await engine.load(compiled.value.wasm);
  policy.setData(derived.data);
  return { value: { policy, findings: split?.entrypoints.slice(1) ?? [derived.entrypoints[0]!] }, diagnostics };
}
