// A small, deterministic ustar writer and reader, and gzip framing with fixed header bytes.
//
// OPA bundles are tar.gz files. Warden writes them itself so the bytes depend only on the content:
// every entry has mtime 0, uid/gid 0, mode 0644, no user or group names, entries sorted by path,
// and the gzip header carries no timestamp and a fixed OS byte (255, "unknown"), whatever the
// platform Node's zlib was built for.
import { gunzipSync, gzipSync, constants } from 'node:zlib';

export interface TarEntry {
  /** Path inside the archive, '/'-separated (OPA bundles use a leading slash, as `opa build` does). */
  path: string;
  content: Uint8Array;
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  // width includes the terminating NUL.
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function writeString(buf: Uint8Array, offset: number, width: number, text: string): void {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > width) throw new Error(`tar header field too long: ${text}`);
  buf.set(bytes, offset);
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes) fields. */
function splitPath(path: string): { prefix: string; name: string } {
  const bytes = new TextEncoder().encode(path).length;
  if (bytes <= 100) return { prefix: '', name: path };
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (new TextEncoder().encode(prefix).length <= 155 && new TextEncoder().encode(name).length <= 100) return { prefix, name };
  }
  throw new Error(`path too long for a ustar archive: ${path}`);
}

function header(path: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const { prefix, name } = splitPath(path);
  writeString(h, 0, 100, name);
  writeString(h, 100, 8, octal(0o644, 8));
  writeString(h, 108, 8, octal(0, 8));
  writeString(h, 116, 8, octal(0, 8));
  writeString(h, 124, 12, octal(size, 12));
  writeString(h, 136, 12, octal(0, 12));
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h[156] = 0x30; // '0': regular file
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** The tar archive (uncompressed) of the entries, sorted by path. Duplicate paths are an error. */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) if (sorted[i].path === sorted[i - 1].path) throw new Error(`duplicate tar entry ${sorted[i].path}`);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const e of sorted) {
    const h = header(e.path, e.content.length);
    const padded = Math.ceil(e.content.length / BLOCK) * BLOCK;
    const body = new Uint8Array(padded);
    body.set(e.content);
    parts.push(h, body);
    total += BLOCK + padded;
  }
  parts.push(new Uint8Array(BLOCK * 2)); // end-of-archive marker
  total += BLOCK * 2;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** gzip with a header that never varies: mtime 0 (zlib's default), OS byte 255. */
export function gzipDeterministic(data: Uint8Array): Uint8Array {
  const gz = new Uint8Array(gzipSync(data, { level: constants.Z_BEST_COMPRESSION }));
  gz[4] = gz[5] = gz[6] = gz[7] = 0;
  gz[9] = 255;
  return gz;
}

export function writeTarGz(entries: readonly TarEntry[]): Uint8Array {
  return gzipDeterministic(writeTar(entries));
}

function readString(buf: Uint8Array, offset: number, width: number): string {
  let end = offset;
  while (end < offset + width && buf[end] !== 0) end++;
  return new TextDecoder().decode(buf.subarray(offset, end));
}

/**
 * Bounds on reading an archive that came from elsewhere (`warden check --bundle` in CI reads a
 * bundle a pull request can replace): a gzip bomb of 1.5 MB can unpack to gigabytes, so the
 * unpacked size is capped while inflating, never after.
 */
export interface TarLimits {
  /** Largest unpacked archive (and largest archive file) in bytes. */
  maxBytes: number;
  /** Most members (files, directories, links) in the archive. */
  maxEntries: number;
}

/** 64 MiB unpacked and 10,000 members: a Warden bundle is a few hundred KiB and a few dozen files. */
export const DEFAULT_TAR_LIMITS: TarLimits = { maxBytes: 64 * 1024 * 1024, maxEntries: 10_000 };

/** An archive over a limit of TarLimits; the message says which limit and how large. */
export class TarLimitError extends Error {
  constructor(
    message: string,
    /** The limit option to raise: 'maxBytes' or 'maxEntries'. */
    readonly limit: keyof TarLimits,
  ) {
    super(message);
  }
}

/** n bytes, readable: "64 MiB", "1.5 GiB", "512 bytes". */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** The archive's tar bytes: gunzipped with the output capped at limits.maxBytes. */
function unpacked(bytes: Uint8Array, limits: TarLimits): Uint8Array {
  const over = () => new TarLimitError(`it unpacks to more than ${formatBytes(limits.maxBytes)}, the limit`, 'maxBytes');
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    if (bytes.length > limits.maxBytes) throw over();
    return bytes;
  }
  try {
    const out = gunzipSync(bytes, { maxOutputLength: limits.maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.length); // a view, not a second copy
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw over();
    throw new Error(`damaged gzip data: ${(err as Error).message}`);
  }
}

/** A header's size field: octal digits (ustar), or GNU base-256 for sizes past 8 GiB (refused: over any limit). */
function memberSize(h: Uint8Array, off: number): number {
  if (h[124] & 0x80) throw new TarLimitError(`a member at offset ${off} declares a size over 8 GiB`, 'maxBytes');
  const text = readString(h, 124, 12).trim();
  if (!/^[0-7]*$/.test(text)) throw new Error(`bad size field in the tar header at offset ${off}`);
  return text === '' ? 0 : parseInt(text, 8);
}

/**
 * Reads regular-file entries of a (gzipped or plain) ustar archive; verifies header checksums and
 * that every member fits in the archive. Throws TarLimitError past `limits`, Error when damaged.
 */
export function readTar(bytes: Uint8Array, limits: TarLimits = DEFAULT_TAR_LIMITS): TarEntry[] {
  const data = unpacked(bytes, limits);
  const out: TarEntry[] = [];
  let off = 0;
  let members = 0;
  while (off + BLOCK <= data.length) {
    const h = data.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    if (++members > limits.maxEntries) throw new TarLimitError(`it holds more than ${limits.maxEntries} members, the limit`, 'maxEntries');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    const stored = parseInt(readString(h, 148, 8).trim(), 8);
    if (stored !== sum) throw new Error(`bad tar header checksum at offset ${off}`);
    const name = readString(h, 0, 100);
    const prefix = readString(h, 345, 155);
    const size = memberSize(h, off);
    const type = h[156];
    const path = prefix ? `${prefix}/${name}` : name;
    off += BLOCK;
    if (off + size > data.length) throw new Error(`member ${JSON.stringify(path)} declares ${size} bytes but the archive ends first`);
    if (type === 0x30 || type === 0) out.push({ path, content: data.slice(off, off + size) });
    off += Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
