// Chevrotain's runtime, loaded from the package's single-file ESM bundle (lib/chevrotain.mjs)
// rather than its entry point (lib/src/api.js), which pulls in hundreds of lodash-es modules:
// that costs ~1 s of start-up on a busy machine and `warden validate` must start fast.
//
// Loaded synchronously with require() of an ES module (Node >= 20.19 and >= 22.12), so this module
// has no top-level await and can itself be require()d: parser.ts loads the chevrotain half of the
// front end only when a file leaves the fast path (see fast-parser.ts). On older Node, parser.ts
// imports the bundle ahead of time and hands it over (chevrotain-bundle.ts).
import { createRequire } from 'node:module';
import type * as Chevrotain from 'chevrotain';
import { chevrotainBundlePath, PRELOADED_KEY } from './chevrotain-bundle.js';

const require = createRequire(import.meta.url);

function load(): typeof Chevrotain {
  const preloaded = (globalThis as Record<symbol, unknown>)[PRELOADED_KEY];
  if (preloaded) return preloaded as typeof Chevrotain;
  const bundle = chevrotainBundlePath();
  if (bundle) {
    try {
      return require(bundle) as typeof Chevrotain;
    } catch {
      // Not there after all: the regular entry point below.
    }
  }
  return require('chevrotain') as typeof Chevrotain;
}

const chevrotain = load();

export const { createToken, Lexer, CstParser, EOF, tokenMatcher } = chevrotain;
