// parseSource: text -> AST with every syntax error found in one pass. Never throws for bad input.
//
// Two parsers stand behind it. The fast path (fast-parser.ts) answers for error-free files and is
// certain to build the AST the chevrotain parser would. Everything else goes to the chevrotain
// parser (grammar-parse.ts), the parser of record, whose error recovery reports every syntax error
// (codes WD1xxx) and keeps the statements around them. The chevrotain half is loaded on first need:
// `warden validate` on a correct model never pays for it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Result } from '../diagnostics/index.js';
import type { SourceFile } from './ast.js';
import { chevrotainBundlePath, PRELOADED_KEY } from './chevrotain-bundle.js';
import { fastParse } from './fast-parser.js';
import type * as GrammarParse from './grammar-parse.js';
import type { LexResult } from './lexer.js';
import { MAX_NESTING, MAX_SOURCE_LENGTH } from './limits.js';

export { MAX_NESTING, MAX_SOURCE_LENGTH } from './limits.js';

const require = createRequire(import.meta.url);

// Node >= 20.19 / 22.12 can require() ES modules: the chevrotain half is then loaded synchronously
// when first needed. Older Node imports it here, ahead of time (the bundle first: chevrotain.ts
// picks it up from globalThis instead of requiring it).
let half: typeof GrammarParse | undefined;
if (!(process.features as { require_module?: boolean }).require_module) {
  const bundle = chevrotainBundlePath();
  if (bundle) (globalThis as Record<symbol, unknown>)[PRELOADED_KEY] = await import(pathToFileURL(bundle).href);
  half = await import('./grammar-parse.js');
}

function grammarHalf(): typeof GrammarParse {
  return (half ??= require('./grammar-parse.js') as typeof GrammarParse);
}

/** Parses one file. The AST holds every statement that could be recovered, even when there are errors. */
export function parseSource(file: string, text: string): Result<SourceFile> {
  const quick = text.length <= MAX_SOURCE_LENGTH ? fastParse(file, text, MAX_NESTING) : undefined;
  if (quick) return { value: quick, diagnostics: [] };
  return grammarHalf().parseWithGrammar(file, text);
}

/** parseSource through the chevrotain parser only. Exported for the tests that hold the fast path to it. */
export function parseWithGrammar(file: string, text: string): Result<SourceFile> {
  return grammarHalf().parseWithGrammar(file, text);
}

/**
 * Tokenises `text` with the chevrotain lexer. Never throws: unknown characters, unterminated strings
 * and comments and bad escapes become WD1xxx diagnostics, and the token stream stays usable.
 */
export function tokenize(file: string, text: string): LexResult {
  return grammarHalf().tokenize(file, text);
}
