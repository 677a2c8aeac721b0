// AssemblyScript: builtin errors. OPA makes a failing builtin call undefined, or, with
// `--strict-builtin-errors`, an evaluation error. Builtins report the failure with `builtinError`
// (which returns null, the undefined result); the interpreter reads the message back when strict.
import { Value } from './value';
import { abort } from './interp';

/** Set from the program (`"strict": true`) when compiled with strictBuiltinErrors. */
export let STRICT_BUILTIN_ERRORS = false;
export function setStrictBuiltinErrors(on: bool): void {
  STRICT_BUILTIN_ERRORS = on;
}

/** The last failure a builtin reported, `<name>: <message>`, or null. */
export let LAST_BUILTIN_ERROR: string | null = null;
/** The OPA error code for it: eval_type_error for operand types, else eval_builtin_error. */
export let LAST_BUILTIN_CODE: string = 'eval_builtin_error';

export function clearBuiltinError(): void {
  LAST_BUILTIN_ERROR = null;
}

/** Records why a builtin failed; returns null, the call's undefined result. */
export function builtinError(name: string, message: string): Value | null {
  LAST_BUILTIN_ERROR = name + ': ' + message;
  LAST_BUILTIN_CODE = 'eval_builtin_error';
  return null;
}

/** As builtinError, for an operand of the wrong type (OPA's eval_type_error). */
export function builtinTypeError(name: string, message: string): Value | null {
  LAST_BUILTIN_ERROR = name + ': ' + message;
  LAST_BUILTIN_CODE = 'eval_type_error';
  return null;
}

/**
 * builtinError, or builtinTypeError for opa's operand errors: every message opa's builtins.NewOperandErr
 * words (`operand 2 must be string but got number`, `operand 2 missing required ...`) is an eval_type_error.
 */
export function builtinFailure(name: string, message: string): Value | null {
  const digit = message.length > 9 ? message.charCodeAt(8) : 0;
  return message.startsWith('operand ') && digit >= 0x30 && digit <= 0x39 ? builtinTypeError(name, message) : builtinError(name, message);
}

/**
 * Set by an in-module builtin whose answer for these arguments must come from the host builtin
 * declared for it (outside the inputs it can answer exactly as opa): the dispatcher (builtins.ts
 * orHost) then asks the host, which under the stock SDK is an error, never another value.
 */
let HOST_DEFER = false;

/** Defers this call to the host builtin; returns null (the call's result until the host answers). */
export function deferToHost(): Value | null {
  HOST_DEFER = true;
  return null;
}

/** Whether the builtin just called deferred to the host (and clears it). */
export function takeHostDefer(): bool {
  const d = HOST_DEFER;
  HOST_DEFER = false;
  return d;
}

/** Stops the evaluation: a builtin failed in a way Warden does not turn into undefined. */
export function abortBuiltin(name: string, message: string): void {
  abort('eval_builtin_error: ' + name + ': ' + message);
}
