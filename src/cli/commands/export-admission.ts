// What `export gatekeeper` and `export azure-policy` share: load the model and its threats, derive
// the model's policy bundle, print every diagnostic once, and stop on errors. Both exports are
// functions of the derived bundle and its admission coverage.
import type { CliIO } from '../io.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors, sortDiagnostics } from '../../diagnostics/index.js';
import { loadModelWithThreats } from '../../check/model-input.js';
import { derivePolicy, type DerivedBundle } from '../../policy/index.js';
import { coverageOf, type Coverage } from '../../export/index.js';

/** The derived bundle and its coverage, or undefined when the model or derivation has errors (already printed). */
export function deriveForAdmission(file: string, root: unknown, io: CliIO): { bundle: DerivedBundle; coverage: Coverage } | undefined {
  const input = loadModelWithThreats(file, { cwd: io.cwd, ...(typeof root === 'string' ? { projectRoot: root } : {}) });
  if (!input.model || !input.register) {
    reportDiagnostics(io, sortDiagnostics(input.diagnostics), input.sources);
    return undefined;
  }
  const derived = derivePolicy(input.model, input.register);
  const diagnostics = sortDiagnostics([...input.diagnostics, ...derived.diagnostics]);
  reportDiagnostics(io, diagnostics, input.sources);
  if (hasErrors(diagnostics)) return undefined;
  return { bundle: derived.value, coverage: coverageOf(derived.value) };
}
