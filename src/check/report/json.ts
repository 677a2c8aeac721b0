// Machine-readable report: the CheckReport itself, versioned, with stable key order.
import type { CheckReport } from '../types.js';

export const REPORT_JSON_VERSION = 1;

export function formatJson(report: CheckReport): string {
  return [...jsonPieces(report)].join('');
}

/**
 * The JSON report in pieces, one finding at a time, so a findings-heavy report is written without
 * ever being one string. Joined, byte for byte what `JSON.stringify({version, ...report}, null, 2)`
 * gives plus a newline (JSON escapes newlines inside strings, so indenting by lines is safe).
 */
export function* jsonPieces(report: CheckReport): Generator<string> {
  const whole: Record<string, unknown> = { version: REPORT_JSON_VERSION, ...report };
  // the keys JSON.stringify keeps (not by stringifying each value: that is the whole report once more)
  const keys = Object.keys(whole).filter((k) => whole[k] !== undefined && typeof whole[k] !== 'function' && typeof whole[k] !== 'symbol');
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = whole[key];
    const end = i < keys.length - 1 ? ',\n' : '\n';
    if (key === 'findings' && Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let j = 0; j < value.length; j++) yield indented(value[j], '    ', true) + (j < value.length - 1 ? ',\n' : '\n');
      yield `  ]${end}`;
    } else yield `  ${JSON.stringify(key)}: ${indented(value, '  ', false)}${end}`;
  }
  yield '}\n';
}

/** JSON.stringify(value, null, 2) nested at `pad`: every line but the first (or every line) indented. */
function indented(value: unknown, pad: string, first: boolean): string {
  const text = (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${pad}`);
  return first ? pad + text : text;
}
