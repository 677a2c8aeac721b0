// `warden threats <model>`: the model's STRIDE threat register as text, JSON, Markdown, SARIF or
// CSV. Exit 1 when the model (or its threat rules and decisions) has errors, or when an
// outstanding threat (open, or accepted on an expired acceptance) is at or above --fail-on.
// Also home of the loading shared by `diff` and `checklist`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics, type CliIO } from '../io.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import { loadModel } from '../../dsl/index.js';
import type { ResolvedModel, Severity } from '../../model/types.js';
import { generateThreats, isOutstanding, renderCsv, renderJson, renderMarkdown, renderSarif, renderText, severityRank } from '../../threats/index.js';
import type { ThreatRegister } from '../../threats/types.js';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const FAIL_ON = ['low', 'medium', 'high', 'critical'] as const;

export interface LoadedRegister {
  model?: ResolvedModel;
  register?: ThreatRegister;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

/** `REV:path` names a file in a git revision (`HEAD~1:model.warden`), unless a file of that name exists. */
export function parseRevisionSpec(spec: string, cwd: string): { rev: string; path: string } | undefined {
  const m = /^([^:]+):(.+)$/.exec(spec);
  // A one-letter "revision" is a Windows drive (C:\model.warden); a leading dash would read as a git option.
  if (!m || existsSync(resolve(cwd, spec)) || /^[A-Za-z]$/.test(m[1])) return undefined;
  if (m[1].startsWith('-')) throw new UsageError(`"${m[1]}" is not a git revision`);
  return { rev: m[1], path: m[2] };
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/**
 * Materialises the `.warden` files of a git revision in a temporary directory, so a model and its
 * relative imports load as they were. Read-only for the repository: only `git ls-tree`/`git show`.
 */
function checkoutModels(rev: string, path: string, cwd: string): { dir: string; entry: string } {
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  } catch {
    throw new UsageError(`cannot read ${rev}:${path}: ${cwd} is not inside a git repository`);
  }
  // git's `REV:./x` is relative to the working directory, `REV:x` to the repository root.
  const inRepo = path.startsWith('./') || path.startsWith('../') ? relative(top, resolve(cwd, path)).replace(/\\/g, '/') : path;
  let files: string[];
  try {
    files = git(['ls-tree', '-r', '--name-only', '-z', rev], top).split('\0').filter((f) => f.endsWith('.warden'));
  } catch {
    throw new UsageError(`unknown git revision "${rev}"`);
  }
  if (!files.includes(inRepo)) throw new UsageError(`${inRepo} does not exist in revision ${rev}`);
  const dir = mkdtempSync(join(tmpdir(), 'warden-rev-'));
  for (const f of files) {
    const target = join(dir, f);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, execFileSync('git', ['show', `${rev}:${f}`], { cwd: top, maxBuffer: 256 * 1024 * 1024 }));
  }
  // Mark the root so imports may reach anything the repository held.
  writeFileSync(join(dir, 'package.json'), '{}\n');
  return { dir, entry: join(dir, inRepo) };
}

/** Loads a model (a .warden file, a `REV:path`, or a resolved-model JSON export) and its register. */
export function loadRegister(spec: string, io: CliIO, options: { today?: string; root?: string } = {}): LoadedRegister {
  const rev = parseRevisionSpec(spec, io.cwd);
  if (!rev && !existsSync(resolve(io.cwd, spec))) throw new UsageError(`cannot read ${spec}: no such file`);
  const gen = (model: ResolvedModel, diagnostics: Diagnostic[], sources: Map<string, string>): LoadedRegister => {
    const r = generateThreats(model, options.today ? { today: options.today } : {});
    return { model, register: r.value, diagnostics: [...diagnostics, ...r.diagnostics], sources };
  };
  if (!rev && spec.endsWith('.json')) {
    let model: ResolvedModel;
    try {
      model = JSON.parse(readFileSync(resolve(io.cwd, spec), 'utf8')) as ResolvedModel;
    } catch (e) {
      throw new UsageError(`cannot read ${spec}: ${(e as Error).message}`);
    }
    if (model?.schemaVersion !== 1 || !Array.isArray(model.elements)) throw new UsageError(`${spec} is not a resolved model export (warden export model)`);
    return gen(model, [], new Map());
  }
  if (rev) {
    const { dir, entry } = checkoutModels(rev.rev, rev.path, io.cwd);
    try {
      const loaded = loadModel(entry, { cwd: dir, projectRoot: dir });
      if (!loaded.value) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
      const out = gen(loaded.value, loaded.diagnostics, loaded.sources);
      out.register!.file = spec;
      return out;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const loaded = loadModel(spec, { cwd: io.cwd, ...(options.root ? { projectRoot: options.root } : {}) });
  if (!loaded.value) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
  return gen(loaded.value, loaded.diagnostics, loaded.sources);
}

export function todayOption(options: Record<string, unknown>): string | undefined {
  const today = options.today as string | undefined;
  if (today !== undefined && !ISO_DATE.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);
  return today;
}

export function writeOutput(io: CliIO, out: string | undefined, text: string): void {
  if (out === undefined || out === '-') {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Outstanding threats at or above a severity. */
export function failing(register: ThreatRegister, failOn: Severity | undefined): number {
  if (!failOn) return 0;
  return register.threats.filter((t) => isOutstanding(t) && severityRank(t.severity) >= severityRank(failOn)).length;
}

const commonOptions = [
  { name: 'today', type: 'string' as const, valueName: 'yyyy-mm-dd', description: 'date acceptances are checked against (default: today, UTC)' },
  { name: 'root', type: 'string' as const, valueName: 'dir', description: 'project root imports must stay inside (default: nearest directory with package.json or .git)' },
];
export { commonOptions };

export const command: Command = {
  name: 'threats',
  summary: 'list the STRIDE threats of a model (text, JSON, Markdown, SARIF, CSV) and gate CI with --fail-on',
  usage: 'threats <model> [--format text|json|md|sarif|csv] [--fail-on low|medium|high|critical] [-o file]',
  description: [
    '<model> is a .warden file, a git revision REV:path, or a resolved-model JSON export.',
    'JSON follows docs/threats-schema.json; SARIF 2.1.0 is ready for GitHub code scanning.',
    'Exit codes: 0 ok; 1 model errors (including expired acceptances) or an outstanding threat at or',
    'above --fail-on; 2 usage error or unreadable file. docs/threats.md explains ids, severity and status.',
  ].join('\n'),
  options: [
    { name: 'format', short: 'f', type: 'string', choices: ['text', 'json', 'md', 'sarif', 'csv'], default: 'text', description: 'output format' },
    { name: 'fail-on', type: 'string', choices: FAIL_ON, description: 'exit 1 when an open (or expired-accepted) threat has at least this severity' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'write to this file instead of stdout' },
    { name: 'no-generic', type: 'boolean', description: 'leave out generic STRIDE-baseline threats (rule stride.*); --fail-on still counts them' },
    ...commonOptions,
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('threats needs exactly one model file');
    const today = todayOption(options);
    const loaded = loadRegister(positionals[0], io, { today, root: options.root as string | undefined });
    reportDiagnostics(io, loaded.diagnostics, loaded.sources);
    if (!loaded.register) return hasErrors(loaded.diagnostics) ? EXIT_FINDINGS : EXIT_USAGE;
    const full = loaded.register;
    // Generic threats are hidden from the report only: the gate below still judges the full register.
    const register = options['no-generic'] === true ? { ...full, threats: full.threats.filter((t) => !t.generic) } : full;
    const format = options.format as string;
    const text =
      format === 'json'
        ? renderJson(register)
        : format === 'md'
          ? renderMarkdown(register)
          : format === 'sarif'
            ? renderSarif(register, { baseDir: io.cwd })
            : format === 'csv'
              ? renderCsv(register)
              : renderText(register);
    writeOutput(io, options.out as string | undefined, text);
    const failOn = options['fail-on'] as Severity | undefined;
    const over = failing(full, failOn);
    if (over > 0 && !io.quiet) io.stderr(`warden: ${over} outstanding threat${over === 1 ? '' : 's'} at or above ${failOn}\n`);
    return hasErrors(loaded.diagnostics) || over > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
