// Errors of the GraphQL builtins, printed as opa prints gqlparser's: `input:<line>:<col>: <message>`
// per error, and a builtin reports them as "<message> in GraphQL string at location <line>:<col>".
import type { Position } from './ast.js';

/** One GraphQL error: a message and where it was found (no location when the node had none). */
export class GqlError extends Error {
  constructor(
    message: string,
    readonly locations: Array<{ line: number; column: number }> = [],
    readonly file = '',
  ) {
    super(message);
  }

  /** gqlparser's text: `<file>:<line>:<col>: <message>`, the file "input" when unnamed. */
  text(): string {
    const loc = this.locations[0];
    return `${this.file || 'input'}${loc ? `:${loc.line}:${loc.column}` : ''}: ${this.message}`;
  }
}

/** An error at a node's position, as gqlparser's ErrorPosf (line and column -1 without one). */
export function errorAt(pos: Position | null | undefined, message: string): GqlError {
  if (!pos) return new GqlError(message, [{ line: -1, column: -1 }]);
  return new GqlError(message, [{ line: pos.line, column: pos.column }], pos.src);
}

/**
 * The message opa gives for a list of errors (a parse error is a list of one): the text of all of
 * them, each followed by a newline, split at the third colon; a location that is not two unsigned
 * numbers leaves the whole text behind "GraphQL parse error: ".
 */
export function opaMessage(errors: GqlError[], list: boolean): string {
  const text = errors.map((e) => e.text()).join('\n') + (list ? '\n' : '');
  const parts = text.split(':');
  if (parts.length >= 4 && /^[0-9]+$/.test(parts[1]!) && /^[0-9]+$/.test(parts[2]!)) {
    let msg = parts.slice(3).join(':').replace(/^ +/, '');
    if (msg.endsWith('.\n')) msg = msg.slice(0, -2);
    return `${msg} in GraphQL string at location ${Number(parts[1])}:${Number(parts[2])}`;
  }
  return `GraphQL parse error: ${text}`;
}

/**
 * What Go would do as a panic (a nil node in a tree built from a Rego object): opa does not answer
 * with a value there, so Warden fails the evaluation (the builtin wrapper turns this into an error).
 */
export class GqlPanic extends Error {}
