// The `yaml` package, loaded on first use: the Rego front end and its builtins need it only for
// METADATA blocks and yaml.* calls, and loading it costs a command that has neither ~30 ms.
// (The package's entry point is CommonJS, so require() and import share one instance.)
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yaml(): typeof Yaml {
  return (loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}
