// Loads an entry file and everything it imports with `use`. Imports are resolved here:
//   use "warden/<name>"   -> <package root>/models/warden/<name>.warden (the standard library)
//   use "./x.warden"      -> relative to the importing file, confined to the project root
// A file imported twice is loaded once; a cycle is a diagnostic at the `use` that closes it.
// Every model implicitly imports the prelude first: "warden/std" (base kinds, controls and threat
// rules) when the library has it, else "warden/base"; so `actor`, `process`, `store` and `flow`
// are always known and a model gets the control and threat libraries without asking.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, emptySpan, type Diagnostic, type Span } from '../diagnostics/index.js';
import type { SourceFile, UseDecl } from './ast.js';
import { parseSource } from './parser.js';

export interface LoadOptions {
  /** Imports must stay inside this directory. Default: the nearest ancestor of the entry file with package.json or .git, else the entry file's directory. */
  projectRoot?: string;
  /** Reads a file (absolute path); default fs.readFileSync. Throwing means "unreadable". */
  readFile?: (path: string) => string;
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
  const start = dirname(entryAbs);
  for (let dir = start; ; ) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
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

/**
 * Loads `entry` (path as given) and its imports. `entryText` overrides reading the entry file, for
 * in-memory checking. Never throws for user mistakes.
 */
export function loadProgram(entry: string, options: LoadOptions = {}, entryText?: string): LoadedProgram {
  const cwd = options.cwd ?? process.cwd();
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const entryAbs = resolve(cwd, entry);
  const projectRoot = resolve(cwd, options.projectRoot ?? defaultProjectRoot(entryAbs));
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

  /** Resolves the target of a `use`, or reports why it cannot be. */
  const target = (from: LoadedFile, use: UseDecl): { abs: string; stdlib: boolean } | undefined => {
    const p = use.path.value;
    if (p.startsWith('warden/')) {
      const name = p.slice('warden/'.length).replace(/\.warden$/, '');
      const abs = join(stdlibDir, `${name}.warden`);
      if (!STDLIB_NAME.test(name) || !existsSync(abs)) {
        const guess = didYouMean(name, stdlibNames());
        importError(from, use.path.span, 'WD2022', `unknown standard library module "${p}"`, guess ? `did you mean "warden/${guess}"?` : `available: ${stdlibNames().map((n) => `warden/${n}`).join(', ')}`);
        return undefined;
      }
      return { abs, stdlib: true };
    }
    if (isAbsolute(p)) {
      importError(from, use.path.span, 'WD2021', `import "${p}" is an absolute path`, 'write imports relative to the importing file, e.g. "./shared/assets.warden"');
      return undefined;
    }
    const abs = resolve(dirname(from.abs), p);
    const root = from.stdlib ? stdlibDir : projectRoot;
    if (!inside(root, abs)) {
      importError(
        from,
        use.path.span,
        'WD2021',
        `import "${p}" is outside the ${from.stdlib ? 'standard library' : 'project root'}`,
        from.stdlib ? undefined : `imports must stay inside the project root (${display(projectRoot)}); pass --root to widen it`,
      );
      return undefined;
    }
    return { abs, stdlib: from.stdlib };
  };

  const load = (abs: string, stdlib: boolean, text: string | undefined, via?: { from: LoadedFile; use: UseDecl }): void => {
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
        text = read(abs);
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((e as Error).message ?? 'unreadable');
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
      if (prelude) load(prelude, true, undefined);
    }
    for (const s of parsed.value.statements) {
      if (s.kind !== 'use') continue;
      const t = target(lf, s);
      if (t) load(t.abs, t.stdlib, undefined, { from: lf, use: s });
    }
    stack.pop();
    state.set(abs, 'done');
    ordered.push(lf);
  };

  const entryIsStdlib = inside(stdlibDir, entryAbs);
  load(entryAbs, entryIsStdlib, entryText);
  return { ordered, resolutionOrder, entry: byAbs.get(entryAbs), diagnostics };
}
