// `warden docs <markdown files...> [--check]`: regenerates the marked regions of Markdown files
// (diagrams, threat tables, checklists) from their models; --check lists stale regions for CI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readError, readRegularFile } from '../../fs/read.js';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { emptySpan, hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import { confine, outsideRootHint } from '../../fs/confine.js';
import { visibleControls } from '../../text/escape.js';
import { docsRoot, ModelCache, REGION_CODES, updateMarkdown, type DocsFileResult } from '../../report/index.js';
import { ISO_DATE } from './diagram.js';

export const command: Command = {
  name: 'docs',
  summary: 'regenerate the warden-marked regions (diagrams, threat tables, checklists) of Markdown files',
  usage: 'docs <markdown files...> [--check] [--today yyyy-mm-dd] [--root dir]',
  description: [
    'Regions (paths relative to the Markdown file; docs/diagrams.md has the details):',
    '  <!-- warden:diagram model=m.warden [view=model|boundary:B|focus:E[:depth]] [format=mermaid|svg out=f.svg] [direction=LR|TB] [threats=false] -->',
    '  <!-- warden:threats model=m.warden [status=open,accepted] -->',
    '  <!-- warden:checklist model=m.warden [phase=plan|develop|build|deploy|operate] -->',
    '  ...generated...',
    '  <!-- /warden -->',
    'Every file a region reads or writes (models, their imports, SVG files) and the Markdown file itself',
    'must resolve, symbolic links followed, inside the project root: --root, else the nearest directory',
    'above the Markdown file with .git or package.json, else the Markdown file\'s directory (WD7109).',
    'With --check nothing is written; stale regions are listed and the exit code is 1.',
    'Exit codes: 0 up to date (or updated); 1 stale regions (--check), malformed markers or model errors; 2 usage error.',
  ].join('\n'),
  options: [
    { name: 'check', type: 'boolean', description: 'do not write; exit 1 when a region is stale (for CI)' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date used to decide whether acceptances have expired (default: today, UTC)' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root everything the regions read or write must stay inside (default: nearest directory with .git or package.json)' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length === 0) throw new UsageError('docs needs at least one Markdown file');
    const today = options.today as string | undefined;
    if (today !== undefined && !ISO_DATE.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);
    const cache = new ModelCache({ cwd: io.cwd, today, ...(typeof options.root === 'string' ? { root: options.root } : {}) });
    const refused: Diagnostic[] = [];
    const texts: { file: string; real: string; text: string }[] = [];
    for (const file of positionals) {
      // The Markdown file is read and rewritten on behalf of its content too: confined like the rest.
      const root = docsRoot(resolve(io.cwd, file), cache.options);
      const c = confine(root, io.cwd, file);
      if (!c.inside) {
        const why = c.loop ? 'is a loop of symbolic links' : 'resolves through a symbolic link outside the project root';
        refused.push({ code: REGION_CODES.outsideRoot, severity: 'error', message: `${file} ${why}; not read`, file, span: emptySpan, hint: outsideRootHint(root.dir) });
        continue;
      }
      try {
        texts.push({ file, real: c.real, text: readRegularFile(c.real) });
      } catch (e) {
        io.stderr(`warden: cannot read ${visibleControls(file)}: ${readError(e)}\n`);
        return EXIT_USAGE;
      }
    }
    const results: DocsFileResult[] = [];
    for (const t of texts) results.push(await updateMarkdown(t.text, t.file, resolve(io.cwd, t.file), cache));
    const models = cache.diagnostics();
    const diagnostics: Diagnostic[] = [...refused, ...models.diagnostics, ...results.flatMap((r) => r.diagnostics)];
    const sources = new Map([...models.sources, ...results.flatMap((r) => [...r.sources])]);
    reportDiagnostics(io, diagnostics, sources);
    const failed = hasErrors(diagnostics);
    // Marker attributes and file names are input: shown, never obeyed (src/text/escape.ts).
    const say = (text: string) => io.stdout(visibleControls(text));
    const staleCount = results.reduce((n, r) => n + r.stale.length, 0);
    if (options.check) {
      for (const r of results) for (const s of r.stale) say(`${r.file}:${s.line}: stale region warden:${s.directive} (model ${s.attributes.model})\n`);
      if (staleCount > 0) say(`${staleCount} stale region${staleCount === 1 ? '' : 's'}: run 'warden docs ${positionals.join(' ')}' to update\n`);
      else if (!io.quiet && !failed) say('docs are up to date\n');
      return staleCount > 0 || failed ? EXIT_FINDINGS : EXIT_OK;
    }
    for (const [i, r] of results.entries()) {
      try {
        for (const [path, content] of r.writes) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, content);
        }
        if (r.changed) writeFileSync(texts[i].real, r.text);
      } catch (err) {
        io.stderr(`warden: cannot write for ${r.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
        return EXIT_USAGE;
      }
      if (!io.quiet && r.stale.length > 0) say(`updated ${r.file} (${r.stale.length} region${r.stale.length === 1 ? '' : 's'})\n`);
    }
    if (!io.quiet && staleCount === 0 && !failed) say('docs are up to date\n');
    return failed ? EXIT_FINDINGS : EXIT_OK;
  },
};
