// `warden rego test`: runs test_* rules like `opa test`.
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { leafCount, runRegoTests, type SubResult, type TestFilter } from '../../rego/index.js';
import { compileRegexp, RegexpSyntaxError } from '../../rego/re2/index.js';
import { UsageError } from '../args.js';
import { collectRego, printDiagnostics } from './rego-shared.js';

export const command: Command = {
  name: 'rego test',
  summary: 'Run Rego unit tests (test_* rules) through the Wasm compiler',
  usage: 'rego test <files/dirs...> [--format text|json] [-v]',
  options: [
    { name: 'format', type: 'string', choices: ['text', 'json'], default: 'text', description: 'Output format' },
    { name: 'verbose', short: 'v', type: 'boolean', description: 'List every test, not only failures' },
    { name: 'run', short: 'r', type: 'string', description: 'Only tests whose data path matches this regular expression (Go syntax, as opa test -r)', valueName: 're' },
    { name: 'v0-compatible', type: 'boolean', description: 'Accept Rego v0 syntax' },
  ],
  async run({ positionals, options }, io) {
    if (!positionals.length) {
      io.stderr('rego test: give at least one file or directory\n');
      return EXIT_USAGE;
    }
    const modules = collectRego(positionals, io);
    const run = options['run'] ? testFilter(options['run'] as string) : undefined;
    const r = await runRegoTests(modules, { v0Compatible: options['v0-compatible'] === true, ...(run ? { run } : {}) });
    printDiagnostics(r.diagnostics, io);
    if (r.diagnostics.some((d) => d.severity === 'error')) return EXIT_FINDINGS;
    // a parameterised test counts its leaf sub-tests, as opa does
    let total = 0;
    let passed = 0;
    let skipped = 0;
    for (const t of r.results) {
      if (t.skipped) {
        total++;
        skipped++;
        continue;
      }
      const c = leafCount(t.subResults);
      total += c.total || 1;
      passed += c.total ? c.passed : t.pass ? 1 : 0;
    }
    if (options['format'] === 'json') {
      io.stdout(JSON.stringify(r.results.map((t) => ({ ...t, durationMs: Math.round(t.durationMs * 1000) / 1000 })), null, 2) + '\n');
    } else {
      let lastFile = '';
      for (const t of r.results) {
        if (!options['verbose'] && t.pass && !t.skipped) continue;
        if (t.file !== lastFile) {
          io.stdout(`${t.file}:\n`);
          lastFile = t.file;
        }
        if (t.skipped) {
          io.stdout(`${t.package}.${t.name}: SKIPPED\n`);
          continue;
        }
        const status = t.pass ? 'PASS' : t.error ? 'ERROR' : 'FAIL';
        io.stdout(`${t.package}.${t.name}: ${status} (${t.durationMs.toFixed(3)}ms)${t.error ? `\n  ${t.error}` : ''}\n`);
        printSubResults(t.subResults, '  ', options['verbose'] === true, io.stdout);
      }
      if (r.results.length) io.stdout('-'.repeat(80) + '\n');
      const failed = total - passed - skipped;
      if (passed === total) io.stdout(`PASS: ${passed}/${total}\n`);
      else {
        if (passed) io.stdout(`PASS: ${passed}/${total}\n`);
        if (failed) io.stdout(`FAIL: ${failed}/${total}\n`);
        if (skipped) io.stdout(`SKIPPED: ${skipped}/${total}\n`);
      }
    }
    // as opa test: a todo_test_ (skipped) makes the run fail too
    return r.results.every((t) => t.pass) ? EXIT_OK : EXIT_FINDINGS;
  },
};

/** `  name: PASS|FAIL` per sub-test, nested ones indented further; only failures unless verbose. */
function printSubResults(subs: SubResult[] | undefined, indent: string, verbose: boolean, out: (s: string) => void): void {
  for (const s of subs ?? []) {
    if (!verbose && s.pass) continue;
    out(`${indent}${s.name}: ${s.pass ? 'PASS' : 'FAIL'}\n`);
    printSubResults(s.subResults, indent + '  ', verbose, out);
  }
}

/** `--run`: Go's regular expression syntax and semantics (src/rego/re2), as `opa test -r` reads it. */
function testFilter(pattern: string): TestFilter {
  try {
    const re = compileRegexp(pattern);
    return { test: (path) => re.matchString(path) };
  } catch (e) {
    if (e instanceof RegexpSyntaxError) throw new UsageError(`--run: ${e.message}`);
    throw e;
  }
}
