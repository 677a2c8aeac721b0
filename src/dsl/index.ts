// The DSL front end's door: source text in, ResolvedModel (or diagnostics) out.
//   parseSource  text -> AST (syntax only)
//   checkSource  text (+ its imports) -> ResolvedModel, for in-memory use (editors, tests)
//   loadModel    entry file on disk (+ imports) -> ResolvedModel
//   formatSource text -> canonical text
// All are synchronous and never throw for user mistakes: problems come back as diagnostics.
import { hasErrors, sortDiagnostics, type Result } from '../diagnostics/index.js';
import type { ResolvedModel } from '../model/types.js';
import { checkProgram } from './checker.js';
import { loadProgram, type LoadOptions } from './loader.js';

export type { LoadOptions } from './loader.js';
export { packageRoot, stdlibDir, defaultProjectRoot } from './loader.js';
export { parseSource, tokenize } from './parser.js';
export { formatSource } from './formatter.js';
export { inProfile } from './checker.js';
export type * as WardenAst from './ast.js';

export interface LoadModelResult extends Result<ResolvedModel | undefined> {
  /** Text of every file read (keyed by the path diagnostics use), for excerpts with a caret. */
  sources: Map<string, string>;
}

function finish(entry: string, options: LoadOptions, entryText?: string): LoadModelResult {
  const program = loadProgram(entry, options, entryText);
  const sources = new Map(program.ordered.map((f) => [f.file, f.text]));
  // Checking files whose syntax is broken would pile guesses on guesses; the checker still runs
  // when only some statements were lost, so name errors show up together with syntax errors.
  const checked = checkProgram(program.ordered, program.entry, program.resolutionOrder);
  const diagnostics = sortDiagnostics([...program.diagnostics, ...checked.diagnostics]);
  return { value: program.entry && !hasErrors(diagnostics) ? checked.model : undefined, diagnostics, sources };
}

/**
 * Loads, parses and checks a model file and everything it imports. `value` is the resolved model
 * when there are no errors (warnings allowed), else undefined.
 */
export function loadModel(entryFile: string, options: LoadOptions = {}): LoadModelResult {
  return finish(entryFile, options);
}

/** As loadModel, with the entry file's text given (imports are still read through `options.readFile` or the file system). */
export function checkSource(file: string, text: string, options: LoadOptions = {}): LoadModelResult {
  return finish(file, options, text);
}
