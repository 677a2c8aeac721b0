// `warden docs <markdown files...> [--check]`: regenerates the marked regions of Markdown files
// (diagrams, threat tables, checklists) from their models; --check lists stale regions for CI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import { ModelCache, updateMarkdown, type DocsFileResult } from '../../report/index.js';
import { ISO_DATE } from './diagram.js';

export const command: Command = {
  name: 'docs',
  summary: 'regenerate the warden-marked regions (diagrams, threat tables, checklists) of Markdown files',
  usage: 'docs <markdown files...> [--check] [--today yyyy-mm-dd]',
  description: [
    'Regions (paths relative to the Markdown file; docs/diagrams.md has the details):',
    '  <!-- warden:diagram model=m.warden [view=model|boundary:B|focus:E[:depth]] [format=mermaid|svg out=f.svg] [direction=LR|TB] [threats=false] -->',
    '  <!-- warden:threats model=m.warden [status=open,accepted] -->',
    '  <!-- warden:checklist model=m.warden [phase=plan|develop|build|deploy|operate] -->',
    '  ...generated...',
    '  <!-- /warden -->',
    'With --check nothing is written; stale regions are listed and the exit code is 1.',
    'Exit codes: 0 up to date (or updated); 1 stale regions (--check), malformed markers or model errors; 2 usage error.',
  ].join('\n'),
  options: [
    { name: 'check', type: 'boolean', description: 'do not write; exit 1 when a region is stale (for CI)' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date used to decide whether acceptances have expired (default: today, UTC)' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length === 0) throw new UsageError('docs needs at least one Markdown file');
    const today = options.today as string | undefined;
    if (today !== undefined && !ISO_DATE.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);
    const texts: { file: string; abs: string; text: string }[] = [];
    for (const file of positionals) {
      const abs = resolve(io.cwd, file);
      try {
        texts.push({ file, abs, text: readFileSync(abs, 'utf8') });
      } catch {
        io.stderr(`warden: cannot read ${file}: no such file or not readable\n`);
        return EXIT_USAGE;
      }
    }
    const cache = new ModelCache({ cwd: io.cwd, today });
    const results: DocsFileResult[] = [];
    for (const t of texts) results.push(await updateMarkdown(t.text, t.file, t.abs, cache));
    const models = cache.diagnostics();
    const diagnostics: Diagnostic[] = [...models.diagnostics, ...results.flatMap((r) => r.diagnostics)];
    const sources = new Map([...models.sources, ...results.flatMap((r) => [...r.sources])]);
    reportDiagnostics(io, diagnostics, sources);
    const failed = hasErrors(diagnostics);
    const staleCount = results.reduce((n, r) => n + r.stale.length, 0);
    if (options.check) {
      for (const r of results) for (const s of r.stale) io.stdout(`${r.file}:${s.line}: stale region warden:${s.directive} (model ${s.attributes.model})\n`);
      if (staleCount > 0) io.stdout(`${staleCount} stale region${staleCount === 1 ? '' : 's'}: run 'warden docs ${positionals.join(' ')}' to update\n`);
      else if (!io.quiet && !failed) io.stdout('docs are up to date\n');
      return staleCount > 0 || failed ? EXIT_FINDINGS : EXIT_OK;
    }
    for (const r of results) {
      try {
        for (const [path, content] of r.writes) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, content);
        }
        if (r.changed) writeFileSync(resolve(io.cwd, r.file), r.text);
      } catch (err) {
        io.stderr(`warden: cannot write for ${r.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
        return EXIT_USAGE;
      }
      if (!io.quiet && r.stale.length > 0) io.stdout(`updated ${r.file} (${r.stale.length} region${r.stale.length === 1 ? '' : 's'})\n`);
    }
    if (!io.quiet && staleCount === 0 && !failed) io.stdout('docs are up to date\n');
    return failed ? EXIT_FINDINGS : EXIT_OK;
  },
};
