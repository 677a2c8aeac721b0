// Reading and writing the files Warden touches on behalf of its input (model imports, docs regions'
// models and SVG files, trace sources) as regular files only. A FIFO opened for reading waits for a
// writer and one opened for writing waits for a reader: in CI, forever. git stores no FIFOs, but a
// build step, a checkout with a device link inside the root, or a user's mistake can put one where
// a model is expected, and the answer is an error that says what the path is, never a hang.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';

/** What a non-regular file is, in a user's words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** An error with code ENOTREG: `path` exists but is not a regular file. */
function notRegular(st: Stats): Error {
  return Object.assign(new Error(`is ${kindOf(st)}, not a regular file`), { code: 'ENOTREG' });
}

/**
 * The UTF-8 text of the regular file at `path`. Opened without blocking (a FIFO's open would wait
 * for a writer), then refused unless it is a regular file: the error's code is ENOTREG and its
 * message says what the path is. Other errors are the file system's (ENOENT, EACCES, ...).
 */
export function readRegularFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(st);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Why `path` cannot be written as a file: undefined when it does not exist or is a regular file
 * (links followed), else what it is ("a FIFO (named pipe)", "a directory", ...).
 */
export function unwritableKind(path: string): string | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    // missing (or a dangling link, which writing creates), or not inspectable: the write will say
    return undefined;
  }
  return st.isFile() ? undefined : kindOf(st);
}

/** A message for an error of readRegularFile: "no such file", "is a FIFO (named pipe), not a regular file", ... */
export function readError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'ENOTREG') return err.message;
  if (err.code === 'EACCES') return 'permission denied';
  return err.code ?? err.message ?? 'unreadable';
}
