// Severity of a threat from its likelihood and impact: one 3x3 matrix, documented in
// docs/threats.md, so every rule and the STRIDE baseline rate the same way.
import type { Severity } from '../model/types.js';

export type Level = 'low' | 'medium' | 'high';
export const LEVELS: readonly Level[] = ['low', 'medium', 'high'];

/**
 * Rows are likelihood, columns impact (low, medium, high):
 *
 *                impact low  impact medium  impact high
 *   likely low   low         low            medium
 *   likely med   low         medium         high
 *   likely high  medium      high           critical
 */
const MATRIX: Record<Level, Record<Level, Severity>> = {
  low: { low: 'low', medium: 'low', high: 'medium' },
  medium: { low: 'low', medium: 'medium', high: 'high' },
  high: { low: 'medium', medium: 'high', high: 'critical' },
};

export function severityOf(likelihood: Level, impact: Level): Severity {
  return MATRIX[likelihood][impact];
}

/**
 * When a rule gives only a severity, the register still shows a likelihood and an impact: the
 * most central pair of the matrix that yields that severity (so re-deriving gives it back).
 */
export function levelsFor(severity: Severity): { likelihood: Level; impact: Level } {
  switch (severity) {
    case 'critical':
      return { likelihood: 'high', impact: 'high' };
    case 'high':
      return { likelihood: 'medium', impact: 'high' };
    case 'medium':
      return { likelihood: 'medium', impact: 'medium' };
    default:
      return { likelihood: 'low', impact: 'low' };
  }
}

const ORDER: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function severityRank(s: Severity): number {
  return ORDER[s];
}

/** SARIF `security-severity` score: GitHub maps >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
export function securityScore(s: Severity): string {
  return { info: '0.0', low: '3.0', medium: '5.5', high: '8.0', critical: '9.5' }[s];
}
