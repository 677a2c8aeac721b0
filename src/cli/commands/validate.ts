// `warden validate <files...>`: parse and check models; print diagnostics with source excerpts
// (or JSON). Exit 0 clean (warnings allowed), 1 model errors, 2 usage error or unreadable file.
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import { loadModel } from '../../dsl/index.js';
import { diffRegisters, generateThreats } from '../../threats/index.js';
import type { ThreatRegister } from '../../threats/types.js';
import { loadRegister } from './threats.js';
import { lintDecisions, lintModel, type DecidedThreat } from '../../model/lint.js';

export const command: Command = {
  name: 'validate',
  summary: 'check models for syntax, name and type errors',
  usage: 'validate <files...> [--format text|json] [--root dir] [--against old-model]',
  description: [
    'Each file is an entry model; its imports (use "...") are checked with it, and so are the threat',
    'rules it loads (conditions and statement templates), its references to threats (mitigate, accept,',
    'notApplicable) and the expiry dates of its acceptances (against --today).',
    'Warnings (exit 0) for modelling mistakes: exposure implied by a flow from an untrusted boundary (WD3030),',
    'self-loops (WD3031), duplicate flows (WD3032), elements without flows (WD3033), unused data (WD3034),',
    'decisions on a flow told apart only by position (WD3035).',
    '--against <old> (a file or REV:path, e.g. HEAD:model.warden) compares with an earlier version of the one',
    'model given and warns (WD3036) where a decision now covers a threat whose subject changed.',
    'Exit codes: 0 no errors (warnings allowed), 1 errors in a model, 2 usage error or unreadable file.',
    '--format json prints {"ok", "files": [{"file", "ok", "elements", "flows"}], "diagnostics": [...]} on stdout.',
  ].join('\n'),
  options: [
    { name: 'format', type: 'string', choices: ['text', 'json'], default: 'text', description: 'output format' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root imports must stay inside (default: nearest directory with package.json or .git)' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date acceptances expire against (default: today, UTC)' },
    { name: 'against', type: 'string', valueName: 'old-model', description: 'earlier version (file or REV:path): warn where a decision now covers a changed subject (WD3036)' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length === 0) throw new UsageError('validate needs at least one model file');
    const against = typeof options.against === 'string' ? options.against : undefined;
    if (against !== undefined && positionals.length !== 1) throw new UsageError('--against compares one model: give exactly one file');
    for (const f of positionals) {
      try {
        accessSync(resolve(io.cwd, f), constants.R_OK);
      } catch {
        io.stderr(`warden: cannot read ${f}: no such file or not readable\n`);
        return EXIT_USAGE;
      }
    }
    const all: Diagnostic[] = [];
    const seen = new Set<string>();
    const sources = new Map<string, string>();
    const files: { file: string; ok: boolean; elements: number; flows: number }[] = [];
    for (const f of positionals) {
      const r = loadModel(f, { cwd: io.cwd, ...(typeof options.root === 'string' ? { projectRoot: options.root } : {}) });
      for (const [k, v] of r.sources) sources.set(k, v);
      // A model that resolves is also run through the threat engine: its rules' conditions are
      // type-checked there, and threat references and acceptance dates can only be judged there.
      if (r.value) {
        const threats = generateThreats(r.value, typeof options.today === 'string' ? { today: options.today } : {});
        r.diagnostics.push(...threats.diagnostics);
        // Modelling mistakes that are legal but almost always wrong: warnings only (WD3030-WD3035).
        const decided: DecidedThreat[] = threats.value.threats.flatMap((t) =>
          [t.acceptance?.source, t.notApplicable?.source, ...t.evidence.map((e) => (e.kind === 'statement' ? e.source : undefined))]
            .filter((s) => s !== undefined)
            .map((decision) => ({ id: t.id, target: t.target, decision })),
        );
        r.diagnostics.push(...lintModel(r.value), ...lintDecisions(r.value, decided));
        if (against !== undefined) {
          const old = loadRegister(against, io, { ...(typeof options.today === 'string' ? { today: options.today } : {}), ...(typeof options.root === 'string' ? { root: options.root } : {}) });
          if (old.register) r.diagnostics.push(...movedDecisions(old.register, threats.value));
          else r.diagnostics.push(...old.diagnostics);
        }
      }
      // Diagnostics from a library file imported by several entries are reported once.
      for (const d of r.diagnostics) {
        const key = JSON.stringify([d.file, d.code, d.span.offset, d.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        all.push(d);
      }
      files.push({ file: f, ok: r.value !== undefined && !hasErrors(r.diagnostics), elements: r.value?.elements.length ?? 0, flows: r.value?.flows.length ?? 0 });
    }
    const failed = hasErrors(all);
    if (options.format === 'json') {
      const shown = io.quiet ? all.filter((d) => d.severity === 'error') : all;
      io.stdout(JSON.stringify({ ok: !failed, files, diagnostics: sortDiagnostics(shown) }, null, 2) + '\n');
    } else {
      reportDiagnostics(io, sortDiagnostics(all), sources);
      if (!io.quiet) for (const f of files) if (f.ok) io.stdout(`${f.file}: ok (${f.elements} elements, ${f.flows} flows)\n`);
    }
    return failed ? EXIT_FINDINGS : EXIT_OK;
  },
};

/**
 * WD3036: a threat decided on in both versions whose fingerprint differs from the one the old
 * decision recorded: the decision now covers something else (another boundary, other ends, other data).
 */
function movedDecisions(before: ThreatRegister, after: ThreatRegister): Diagnostic[] {
  const byId = new Map(after.threats.map((t) => [t.id, t]));
  const out: Diagnostic[] = [];
  for (const c of diffRegisters(before, after).changed) {
    if (!c.decidedOn) continue;
    const t = byId.get(c.id)!;
    let src = t.notApplicable?.source ?? t.acceptance?.source ?? t.source;
    for (const e of t.evidence) if (e.kind === 'statement' && !t.notApplicable && !t.acceptance) src = e.source;
    out.push({
      code: 'WD3036',
      severity: 'warning',
      message: `the decision on ${t.id} (${t.title}, ${t.target.id}) was made when the threat was different (fingerprint ${c.decidedOn.before}, now ${c.decidedOn.after})`,
      file: src.file,
      span: { line: src.line, column: src.column, endLine: src.endLine, endColumn: src.endColumn, offset: 0, endOffset: 0 },
      hint: 'review the decision against the threat as it is now (`warden threats`), then keep, change or remove it',
    });
  }
  return out;
}
