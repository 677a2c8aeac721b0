// Which of the model's checks admission control can enforce.
//
// An admission webhook sees one object at a time. A library check that judges a resource by itself
// (a container's securityContext, a Role's rules) gives the same answer there as in CI. A check that
// compares resources with each other (a namespace without a default-deny NetworkPolicy, a PDB for a
// Deployment, a Service selecting no pods) cannot: at admission the other resources are not in the
// input. Those stay CI-only (`warden check`). Model drift checks compare manifests with the model's
// flows and boundaries as a whole, so they are CI-only too. Each check says which it is in its own
// METADATA (custom.admission), next to the Rego that makes it so.
import type { CheckInfo, DerivedBundle } from '../policy/index.js';
import { readPackageMetadata } from '../policy/index.js';

export type CheckMode = 'admission' | 'partial' | 'ci-only';

export interface CheckCoverage {
  id: string;
  title: string;
  severity: string;
  mode: CheckMode;
  reason?: string;
  /** Kubernetes kinds the check judges, from its METADATA `resources`. */
  kinds: string[];
}

export interface ControlCoverage {
  control: string;
  checks: CheckCoverage[];
  /** 'admission' when at least one check is enforceable at admission, else 'ci-only'. */
  mode: 'admission' | 'ci-only';
  elements: string[];
  threats: string[];
}

export interface Coverage {
  model: string;
  controls: ControlCoverage[];
  /** Drift checks (model versus manifests): always CI-only. */
  drift: Array<{ id: string; title: string; reason: string }>;
}

export function checkKinds(bundle: DerivedBundle, id: string): string[] {
  const mod = bundle.library.checkModules.get(id);
  if (!mod) return [];
  const meta = readPackageMetadata(mod.source).metadata as { custom?: { resources?: unknown }; resources?: unknown } | undefined;
  const res = meta?.custom?.resources ?? meta?.resources;
  return Array.isArray(res) ? res.map(String) : [];
}

/**
 * A check's admission mode, as its METADATA declares it (`custom.admission: ci-only | partial` with
 * `admission_reason`); a library check without one judges each object by itself.
 */
export function checkMode(check: Pick<CheckInfo, 'id' | 'family' | 'admission'>): { mode: CheckMode; reason?: string } {
  if (check.family === 'drift') return { mode: 'ci-only', reason: 'compares the manifests with the model as a whole' };
  if (check.admission) return { mode: check.admission.mode, reason: check.admission.reason };
  return { mode: 'admission' };
}

export function coverageOf(bundle: DerivedBundle): Coverage {
  const controls: ControlCoverage[] = bundle.manifest.controls.map((mc) => {
    const checks: CheckCoverage[] = [...mc.checks].sort().map((id) => {
      const info = bundle.library.checks.get(id)!;
      const m = checkMode(info);
      return { id, title: info.title, severity: info.severity, mode: m.mode, ...(m.reason ? { reason: m.reason } : {}), kinds: checkKinds(bundle, id) };
    });
    return {
      control: mc.control,
      checks,
      mode: checks.some((c) => c.mode !== 'ci-only') ? 'admission' : 'ci-only',
      elements: [...new Set(mc.elements.map((e) => e.element))].sort(),
      threats: [...new Set(mc.elements.flatMap((e) => e.threats))].sort(),
    };
  });
  const drift = bundle.checks
    .filter((c) => c.family === 'drift')
    .map((c) => ({ id: c.id, title: c.title, reason: checkMode(c).reason! }));
  return { model: bundle.manifest.model, controls, drift };
}

/** One line per control for the CLI summary. */
export function coverageSummary(cov: Coverage): string {
  const adm = cov.controls.filter((c) => c.mode === 'admission');
  const ci = cov.controls.filter((c) => c.mode === 'ci-only');
  const ciChecks = cov.controls.flatMap((c) => c.checks.filter((k) => k.mode === 'ci-only').map((k) => k.id));
  const lines = [
    `admission: ${adm.length} control${adm.length === 1 ? '' : 's'} (${adm.map((c) => c.control).join(', ') || 'none'})`,
    `CI-only: ${ci.length} control${ci.length === 1 ? '' : 's'}${ci.length ? ` (${ci.map((c) => c.control).join(', ')})` : ''}; checks ${[...new Set(ciChecks)].sort().join(', ') || 'none'}, and ${cov.drift.length} drift check${cov.drift.length === 1 ? '' : 's'}`,
  ];
  return lines.join('\n') + '\n';
}
