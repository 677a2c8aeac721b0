// The Rego type checker's door: parsed modules in, OPA-coded rego_type_error diagnostics out.
import type { Diagnostic } from '../../diagnostics/index.js';
import type { Module } from '../parse/ast.js';
import { TypeChecker } from './check.js';

export { SIGNATURES, type Signature } from './signatures.js';
export { typeName, type Mask } from './types.js';

/** Type-checks all modules together (rules may refer to rules of other modules). */
export function typeCheck(modules: Module[]): Diagnostic[] {
  return new TypeChecker(modules).check();
}
