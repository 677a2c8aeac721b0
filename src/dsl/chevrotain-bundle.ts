// Where chevrotain's single-file bundle is, and where parser.ts leaves it on Node versions that
// cannot require() ES modules. Free of chevrotain itself: parser.ts imports this eagerly.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** globalThis key under which parser.ts leaves the imported bundle for chevrotain.ts (older Node only). */
export const PRELOADED_KEY = Symbol.for('warden.dsl.chevrotain');

/** The bundle's path (lib/chevrotain.mjs next to the package entry), or undefined if chevrotain cannot be resolved. */
export function chevrotainBundlePath(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('chevrotain')), '..', 'chevrotain.mjs');
  } catch {
    return undefined;
  }
}
