// Machine-readable report: the CheckReport itself, versioned, with stable key order.
import type { CheckReport } from '../types.js';

export const REPORT_JSON_VERSION = 1;

export function formatJson(report: CheckReport): string {
  return JSON.stringify({ version: REPORT_JSON_VERSION, ...report }, null, 2) + '\n';
}
