// `warden rego test`: runs test_* rules like `opa test`.
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { runRegoTests } from '../../rego/index.js';
import { collectRego, printDiagnostics } from './rego-shared.js';

export const command: Command = {
  name: 'rego test',
  summary: 'Run Rego unit tests (test_* rules) through the Wasm compiler',
  usage: 'rego test <files/dirs...> [--format text|json] [-v]',
  options: [
    { name: 'format', type: 'string', choices: ['text', 'json'], default: 'text', description: 'Output format' },
    { name: 'verbose', short: 'v', type: 'boolean', description: 'List every test, not only failures' },
    { name: 'run', short: 'r', type: 'string', description: 'Only tests whose data path matches this regular expression', valueName: 're' },
    { name: 'v0-compatible', type: 'boolean', description: 'Accept Rego v0 syntax' },
  ],
  async run({ positionals, options }, io) {
    if (!positionals.length) {
      io.stderr('rego test: give at least one file or directory\n');
      return EXIT_USAGE;
    }
    const modules = collectRego(positionals, io);
    const run = options['run'] ? new RegExp(options['run'] as string) : undefined;
    const r = await runRegoTests(modules, { v0Compatible: options['v0-compatible'] === true, ...(run ? { run } : {}) });
    printDiagnostics(r.diagnostics, io);
    if (r.diagnostics.some((d) => d.severity === 'error')) return EXIT_FINDINGS;
    const passed = r.results.filter((t) => t.pass).length;
    if (options['format'] === 'json') {
      io.stdout(JSON.stringify(r.results.map((t) => ({ ...t, durationMs: Math.round(t.durationMs * 1000) / 1000 })), null, 2) + '\n');
    } else {
      let lastFile = '';
      for (const t of r.results) {
        if (!options['verbose'] && t.pass) continue;
        if (t.file !== lastFile) {
          io.stdout(`${t.file}:\n`);
          lastFile = t.file;
        }
        const status = t.pass ? 'PASS' : t.error ? 'ERROR' : 'FAIL';
        io.stdout(`${t.package}.${t.name}: ${status} (${t.durationMs.toFixed(3)}ms)${t.error ? `\n  ${t.error}` : ''}\n`);
      }
      if (r.results.length) io.stdout('-'.repeat(80) + '\n');
      if (passed === r.results.length) io.stdout(`PASS: ${passed}/${r.results.length}\n`);
      else {
        if (passed) io.stdout(`PASS: ${passed}/${r.results.length}\n`);
        io.stdout(`FAIL: ${r.results.length - passed}/${r.results.length}\n`);
      }
    }
    return passed === r.results.length ? EXIT_OK : EXIT_FINDINGS;
  },
};
