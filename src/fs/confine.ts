// The one rule for files Warden reads or writes on behalf of its input (model imports, the models
// and SVG files named by `warden docs` regions, and the entry files themselves): the path is
// resolved the way the operating system would resolve it, following every symbolic link, and the
// result must lie inside the project root. Input comes from pull requests an attacker can edit, and
// git stores symbolic links, so comparing path text is not enough: `use "./link.warden"` with
// link.warden -> /etc/passwd is plain text inside the project.
//
// The project root is `--root` when given; otherwise the nearest ancestor directory of the entry
// file (the model, or the Markdown file for `warden docs`) that holds `.git` or `package.json`;
// otherwise the entry file's own directory. The search walks the entry's path as written, so a
// symbolic link on the way cannot move the root elsewhere; the root found is then resolved too.
//
// A path outside the root is refused before anything is read from it, so its contents never reach
// a diagnostic. Callers then read and write the resolved path, never the path as written, so what
// was checked is what is touched.
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';

/** More links than this in one resolution is a loop (Linux allows 40 as well). */
const MAX_LINKS = 40;

const SEPARATORS = sep === '\\' ? /[\\/]+/ : /\/+/;

/**
 * The real path of `p` (absolute, or relative to `base`): every symbolic link followed, including
 * a final link whose target does not exist (writing through it would create the target), and `..`
 * applied after the link before it is resolved, as the kernel does. Components that do not exist
 * are kept as written. Throws an error with code ELOOP for a symbolic-link loop.
 */
export function realPath(p: string, base: string = process.cwd()): string {
  const start = isAbsolute(p) ? p : `${resolve(base)}${sep}${p}`;
  const root = parse(start).root;
  // A stack of the components still to walk: the next one is at the end.
  const pending = start.slice(root.length).split(SEPARATORS).reverse();
  let current = root;
  let links = 0;
  while (pending.length > 0) {
    const part = pending.pop()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    let target: string | undefined;
    try {
      if (lstatSync(next).isSymbolicLink()) target = readlinkSync(next);
    } catch {
      // Does not exist (or cannot be inspected): kept as written.
    }
    if (target === undefined) {
      current = next;
      continue;
    }
    if (++links > MAX_LINKS) throw Object.assign(new Error(`too many levels of symbolic links at ${next}`), { code: 'ELOOP' });
    if (isAbsolute(target)) current = parse(target).root;
    const parts = target.slice(isAbsolute(target) ? parse(target).root.length : 0).split(SEPARATORS);
    for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]);
  }
  return current;
}

/** The project root of an entry file: `explicit` (relative to cwd) when given, else the rule above. */
export interface ProjectRoot {
  /** The root as found or given (absolute), for messages. */
  dir: string;
  /** The root with its symbolic links resolved: what paths are compared with. */
  real: string;
}

/** The nearest ancestor of `entryAbs`'s directory, as written, holding .git or package.json; else that directory. */
export function findProjectRoot(entryAbs: string): string {
  const start = dirname(resolve(entryAbs));
  for (let dir = start; ; ) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
}

/** The project root for `entry` (relative to `cwd`): `explicit` when given, else found from the entry. */
export function projectRoot(entry: string, cwd: string, explicit?: string, realpath: (p: string) => string = realPath): ProjectRoot {
  const dir = explicit !== undefined ? resolve(cwd, explicit) : findProjectRoot(resolve(cwd, entry));
  let real: string;
  try {
    real = realpath(dir);
  } catch {
    real = dir;
  }
  return { dir, real };
}

/** True when `p` is `root` or below it (both absolute, compared as resolved text). */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!isAbsolute(rel) && rel.split(SEPARATORS)[0] !== '..');
}

export type Confined = { inside: true; real: string } | { inside: false; real?: string; loop?: boolean };

/**
 * Resolves `requested` (absolute, or relative to `base`) and says whether it stays inside `root`.
 * `real` is the path to read or write; it is given for an outside path only so a caller can tell
 * the user where a link led (never read it).
 */
export function confine(root: ProjectRoot, base: string, requested: string, realpath: (p: string, base: string) => string = realPath): Confined {
  let real: string;
  try {
    real = realpath(requested, base);
  } catch {
    return { inside: false, loop: true };
  }
  return isInside(root.real, real) ? { inside: true, real } : { inside: false, real };
}

/** The hint every "outside the project root" diagnostic carries. */
export function outsideRootHint(rootShown: string): string {
  return `what a model or Markdown file reads or writes must stay inside the project root (${rootShown}), symbolic links followed; pass --root <dir> to widen it`;
}
