// `warden rego build`: compile Rego to an OPA-ABI Wasm module.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { compileRego } from '../../rego/index.js';
import { collectRego, printDiagnostics } from './rego-shared.js';

export const command: Command = {
  name: 'rego build',
  summary: 'Compile Rego policies to an OPA WebAssembly module',
  usage: 'rego build <files/dirs...> -e <entrypoint>... [-o policy.wasm]',
  options: [
    { name: 'entrypoint', short: 'e', type: 'list', description: 'Entrypoint rule path, e.g. k8s/deny (repeatable)', valueName: 'path' },
    { name: 'output', short: 'o', type: 'string', default: 'policy.wasm', description: 'Output file', valueName: 'file' },
    { name: 'v0-compatible', type: 'boolean', description: 'Accept Rego v0 syntax' },
    {
      name: 'host-exact-numbers',
      type: 'boolean',
      description: "declare Warden's host helper for exact arithmetic beyond 64 bits (the module then needs Warden's loader or its hostBuiltins; without it, it runs in any OPA Wasm host and such arithmetic is an error)",
    },
  ],
  async run({ positionals, options }, io) {
    const eps = (options['entrypoint'] as string[] | undefined) ?? [];
    if (!positionals.length || !eps.length) {
      io.stderr('rego build: give at least one file or directory and one -e entrypoint\n');
      return EXIT_USAGE;
    }
    const modules = collectRego(positionals, io, { tests: false });
    const r = compileRego(modules, { entrypoints: eps, v0Compatible: options['v0-compatible'] === true, hostExactNumbers: options['host-exact-numbers'] === true });
    printDiagnostics(r.diagnostics, io);
    if (!r.value) return EXIT_FINDINGS;
    const out = resolve(io.cwd, (options['output'] as string | undefined) ?? 'policy.wasm');
    writeFileSync(out, r.value.wasm);
    if (!io.quiet) io.stdout(`wrote ${out} (${r.value.wasm.length} bytes, entrypoints: ${Object.keys(r.value.entrypoints).join(', ')})\n`);
    return EXIT_OK;
  },
};
