// Loads an entry file and everything it imports with `use`. Imports are resolved here:
//   use "warden/<name>"   -> <package root>/models/warden/<name>.warden (the standard library)
//   use "./x.warden"      -> relative to the importing file, confined to the project root
// Confinement follows symbolic links (src/fs/confine.ts): the entry file and every import must
// resolve inside the project root, checked before the file is read, and the resolved path is read.
// A file imported twice is loaded once; a cycle is a diagnostic at the `use` that closes it.
// Every model implicitly imports the prelude first: "warden/std" (base kinds, controls and threat
// rules) when the library has it, else "warden/base"; so `actor`, `process`, `store` and `flow`
// are always known and a model gets the control and threat libraries without asking.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confine, findProjectRoot, outsideRootHint, projectRoot as findRoot, realPath, type ProjectRoot } from '../fs/confine.js';
import { readError, readRegularFile } from '../fs/read.js';
import { didYouMean, emptySpan, type Diagnostic, type Span } from '../diagnostics/index.js';
import type { SourceFile, UseDecl } from './ast.js';
import { parseSource } from './parser.js';

export interface LoadOptions {
  /** Imports must stay inside this directory. Default: the nearest ancestor of the entry file with package.json or .git, else the entry file's directory. */
  projectRoot?: string;
  /** Reads a file (absolute path); default readRegularFile (a FIFO or device is refused). Throwing means "unreadable". */
  readFile?: (path: string) => string;
  /**
   * Resolves a path (absolute, or relative to base) to the file it names, symbolic links followed;
   * default: the file system's (src/fs/confine.ts) when `readFile` is the default, else path text only.
   */
  realPath?: (path: string, base: string) => string;
  /** Directory that displayed paths are made relative to; default process.cwd(). */
  cwd?: string;
  /** Implicit import: true (default) for "warden/std" if present else "warden/base"; a module name such as "warden/base"; false for none. */
  prelude?: boolean | string;
}

export interface LoadedFile {
  /** Path as shown in diagnostics (relative to cwd where possible). */
  file: string;
  abs: string;
  text: string;
  ast: SourceFile;
  /** Part of the standard library (models/warden). */
  stdlib: boolean;
}

export interface LoadedProgram {
  /** Files in declaration order: a file's imports come before the file itself. */
  ordered: LoadedFile[];
  /** Files in resolution order: entry first, then imports as they were met. */
  resolutionOrder: string[];
  entry?: LoadedFile;
  diagnostics: Diagnostic[];
}

/** The package root: this module lives in src/dsl (tsx) or dist/dsl (built), two levels down. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const stdlibDir = join(packageRoot, 'models', 'warden');
const STDLIB_NAME = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

// Library files are parsed once per process (editors, tests and `validate a.warden b.warden` load
// them again and again), and their ASTs are kept on disk between runs: the library is ~70 KB of
// source that every model imports, and parsing it dominated `warden validate`'s start-up. The disk
// cache is content-addressed (file name, text, and the parser's own files' mtimes, so a changed
// parser never reads an old AST), holds only error-free parses, lives in the OS temp directory,
// and is skipped with WARDEN_NO_CACHE=1. A cache that cannot be read or written is ignored.
const stdlibCache = new Map<string, { file: string; text: string; parsed: ReturnType<typeof parseSource> }>();

let parserStamp: string | undefined;
function parserVersion(): string {
  if (parserStamp === undefined) {
    const here = dirname(fileURLToPath(import.meta.url));
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    parserStamp = ['ast', 'cst-to-ast', 'fast-parser', 'grammar', 'grammar-parse', 'keywords', 'lexer', 'limits', 'parser', 'span', 'strings']
      .map((n) => {
        try {
          const st = statSync(join(here, n + ext));
          return `${st.size}:${st.mtimeMs}`;
        } catch {
          return '?';
        }
      })
      .join('|');
  }
  return parserStamp;
}

function diskCachePath(file: string, text: string): string | undefined {
  if (process.env.WARDEN_NO_CACHE) return undefined;
  const key = createHash('sha256').update(`warden-ast-1\0${parserVersion()}\0${file}\0${text}`).digest('hex').slice(0, 40);
  return join(tmpdir(), 'warden-ast-cache', `${key}.json`);
}

function parseCached(file: string, abs: string, text: string, stdlib: boolean): ReturnType<typeof parseSource> {
  if (!stdlib) return parseSource(file, text);
  const hit = stdlibCache.get(abs);
  if (hit && hit.text === text && hit.file === file) return hit.parsed;
  const cachePath = diskCachePath(file, text);
  let parsed: ReturnType<typeof parseSource> | undefined;
  if (cachePath) {
    try {
      const value = JSON.parse(readFileSync(cachePath, 'utf8')) as SourceFile;
      if (value.file === file && Array.isArray(value.statements)) parsed = { value, diagnostics: [] };
    } catch {
      // Not cached yet (or unreadable): parse below.
    }
  }
  if (!parsed) {
    parsed = parseSource(file, text);
    if (cachePath && parsed.diagnostics.length === 0) {
      try {
        mkdirSync(dirname(cachePath), { recursive: true });
        const tmp = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(parsed.value));
        renameSync(tmp, cachePath);
      } catch {
        // A read-only or full temp directory only costs speed.
      }
    }
  }
  stdlibCache.set(abs, { file, text, parsed });
  return parsed;
}

function preludeFile(p: true | string | undefined): string | undefined {
  const names = typeof p === 'string' ? [p.replace(/^warden\//, '')] : ['std', 'base'];
  return names.map((n) => join(stdlibDir, `${n}.warden`)).find((f) => existsSync(f));
}

export function defaultProjectRoot(entryAbs: string): string {
  return findProjectRoot(entryAbs);
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

function stdlibNames(): string[] {
  try {
    return readdirSync(stdlibDir)
      .filter((f) => f.endsWith('.warden'))
      .map((f) => f.slice(0, -'.warden'.length))
      .sort();
  } catch {
    return [];
  }
}

/** Where a file to load is: its path as written (identity, display) and its resolved path (read). */
interface Located {
  abs: string;
  real: string;
  stdlib: boolean;
}

/**
 * Loads `entry` (path as given) and its imports. `entryText` overrides reading the entry file, for
 * in-memory checking. Never throws for user mistakes.
 */
export function loadProgram(entry: string, options: LoadOptions = {}, entryText?: string): LoadedProgram {
  const cwd = options.cwd ?? process.cwd();
  const read = options.readFile ?? readRegularFile;
  // A custom reader is a custom file system: the real disk's links say nothing about it.
  const realpath = options.realPath ?? (options.readFile ? (p: string, base: string) => resolve(base, p) : realPath);
  const entryAbs = resolve(cwd, entry);
  const root = findRoot(entry, cwd, options.projectRoot, (p) => realpath(p, cwd));
  const stdRoot: ProjectRoot = findRoot(stdlibDir, cwd, stdlibDir, (p) => realpath(p, cwd));
  const diagnostics: Diagnostic[] = [];
  const state = new Map<string, 'loading' | 'done'>();
  const byAbs = new Map<string, LoadedFile>();
  const ordered: LoadedFile[] = [];
  const resolutionOrder: string[] = [];
  const stack: string[] = [];

  const display = (abs: string) => {
    if (abs === entryAbs) return entry;
    const rel = relative(cwd, abs);
    if (rel === '') return '.'; // the working directory itself (e.g. the project root): never an absolute path in messages
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs;
  };

  const importError = (from: LoadedFile, span: Span, code: string, message: string, hint?: string) =>
    diagnostics.push({ code, severity: 'error', message, file: from.file, span, hint });

  const roots = { project: root, stdlib: stdRoot, realpath, rootShown: display(root.dir) };
  const target = (from: LoadedFile, use: UseDecl) => importTarget(from, use, roots, (code, message, hint) => importError(from, use.path.span, code, message, hint));

  const load = (at: Located, text: string | undefined, via?: { from: LoadedFile; use: UseDecl }): void => {
    const { abs, stdlib } = at;
    const st = state.get(abs);
    if (st === 'done') return;
    if (st === 'loading') {
      if (via) {
        const chain = [...stack.slice(stack.indexOf(abs)), abs].map(display).join(' -> ');
        importError(via.from, via.use.path.span, 'WD2020', `import cycle: ${chain}`, 'move the shared declarations into a file both can import');
      }
      return;
    }
    if (text === undefined) {
      try {
        text = read(at.real);
      } catch (e) {
        const why = readError(e);
        if (via) importError(via.from, via.use.path.span, 'WD2019', `cannot read import "${via.use.path.value}": ${why}`, `looked for ${display(abs)}`);
        else diagnostics.push({ code: 'WD2019', severity: 'error', message: `cannot read ${display(abs)}: ${why}`, file: display(abs), span: emptySpan });
        return;
      }
    }
    state.set(abs, 'loading');
    stack.push(abs);
    const file = display(abs);
    resolutionOrder.push(file);
    const parsed = parseCached(file, abs, text, stdlib);
    diagnostics.push(...parsed.diagnostics);
    const lf: LoadedFile = { file, abs, text, ast: parsed.value, stdlib };
    byAbs.set(abs, lf);
    if (abs === entryAbs && options.prelude !== false && !stdlib) {
      const prelude = preludeFile(options.prelude);
      if (prelude) load({ abs: prelude, real: prelude, stdlib: true }, undefined);
    }
    for (const s of parsed.value.statements) {
      if (s.kind !== 'use') continue;
      const t = target(lf, s);
      if (t) load(t, undefined, { from: lf, use: s });
    }
    stack.pop();
    state.set(abs, 'done');
    ordered.push(lf);
  };

  const entryIsStdlib = inside(stdlibDir, entryAbs);
  const entryAt = entryText === undefined ? locateEntry(entry, cwd, entryIsStdlib ? stdRoot : root, realpath, diagnostics) : { abs: entryAbs, real: entryAbs };
  if (entryAt) load({ ...entryAt, stdlib: entryIsStdlib }, entryText);
  return { ordered, resolutionOrder, entry: byAbs.get(entryAbs), diagnostics };
}

/** Resolves the target of a `use` in `from`, or reports why it cannot be. */
function importTarget(
  from: LoadedFile,
  use: UseDecl,
  roots: { project: ProjectRoot; stdlib: ProjectRoot; realpath: (p: string, base: string) => string; rootShown: string },
  report: (code: string, message: string, hint?: string) => void,
): Located | undefined {
  const p = use.path.value;
  if (p.startsWith('warden/')) return stdlibTarget(p, (message, hint) => report('WD2022', message, hint));
  if (isAbsolute(p)) {
    report('WD2021', `import "${p}" is an absolute path`, 'write imports relative to the importing file, e.g. "./shared/assets.warden"');
    return undefined;
  }
  const abs = resolve(dirname(from.abs), p);
  const root = from.stdlib ? roots.stdlib : roots.project;
  const c = confine(root, dirname(from.abs), p, roots.realpath);
  if (!c.inside) {
    const where = from.stdlib ? 'the standard library' : 'the project root';
    const how = c.loop ? 'is a loop of symbolic links' : inside(root.dir, abs) ? `resolves through a symbolic link outside ${where}` : `is outside ${where}`;
    report('WD2021', `import "${p}" ${how}`, from.stdlib ? undefined : outsideRootHint(roots.rootShown));
    return undefined;
  }
  return { abs, real: c.real, stdlib: from.stdlib };
}

/** A `use "warden/<name>"` target, or undefined after reporting an unknown module. */
function stdlibTarget(p: string, report: (message: string, hint: string) => void): Located | undefined {
  const name = p.slice('warden/'.length).replace(/\.warden$/, '');
  const abs = join(stdlibDir, `${name}.warden`);
  if (!STDLIB_NAME.test(name) || !existsSync(abs)) {
    const guess = didYouMean(name, stdlibNames());
    report(`unknown standard library module "${p}"`, guess ? `did you mean "warden/${guess}"?` : `available: ${stdlibNames().map((n) => `warden/${n}`).join(', ')}`);
    return undefined;
  }
  return { abs, real: abs, stdlib: true };
}

/**
 * The entry file's paths, or undefined after a WD2021 when it resolves outside the project root
 * (a model file committed as a symbolic link to /etc/passwd must not be read, let alone echoed).
 */
function locateEntry(entry: string, cwd: string, root: ProjectRoot, realpath: (p: string, base: string) => string, diagnostics: Diagnostic[]): { abs: string; real: string } | undefined {
  const c = confine(root, cwd, entry, realpath);
  if (c.inside) return { abs: resolve(cwd, entry), real: c.real };
  const rel = relative(cwd, root.dir);
  const rootShown = rel === '' ? '.' : !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : root.dir;
  const how = c.loop ? 'is a loop of symbolic links' : inside(root.dir, resolve(cwd, entry)) ? 'resolves through a symbolic link outside the project root' : 'is outside the project root';
  diagnostics.push({ code: 'WD2021', severity: 'error', message: `model file ${entry} ${how}`, file: entry, span: emptySpan, hint: outsideRootHint(rootShown) });
  return undefined;
}
