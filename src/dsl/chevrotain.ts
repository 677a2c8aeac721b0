// Chevrotain's runtime, loaded from the package's single-file ESM bundle (lib/chevrotain.mjs)
// rather than its entry point (lib/src/api.js), which pulls in hundreds of lodash-es modules:
// that costs ~1 s of start-up on a busy machine and `warden validate` must start fast.
// Falls back to the regular entry point if the bundle is not where this version keeps it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

async function load(): Promise<typeof Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    return (await import(pathToFileURL(join(dirname(entry), '..', 'chevrotain.mjs')).href)) as typeof Chevrotain;
  } catch {
    return await import('chevrotain');
  }
}

const chevrotain = await load();

export const { createToken, Lexer, CstParser, EOF } = chevrotain;
