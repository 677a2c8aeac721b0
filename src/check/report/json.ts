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
  const text = stringifyNested(value, pad.length / 2);
  return first ? pad + text : text;
}

/**
 * JSON.stringify(value, null, 2) as it reads nested `depth` levels deep (every line but the first
 * indented by 2 x depth spaces): the value is stringified inside `depth` arrays and cut out, so the
 * engine indents it natively instead of a second pass over the text.
 */
export function stringifyNested(value: unknown, depth: number): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // each level opens with `[\n` and its indentation and closes with `\n`, the outer indentation, `]`
  let head = 0;
  let tail = 0;
  for (let i = 0; i < depth; i++) {
    head += 2 + 2 * (i + 1);
    tail += 2 + 2 * i;
  }
  return text.slice(head, text.length - tail);
}
