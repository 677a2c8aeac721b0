// Links a planned program into the prebuilt runtime module by editing the Wasm binary directly:
// it appends one passive data segment holding the program, sets the runtime's __prog_len global and
// gives __rt_prog_write a `memory.init` body. A section-level editor is enough for these edits, keeps
// output bytes deterministic and costs well under a millisecond.


interface Section {
  id: number;
  body: Uint8Array;
}

function readU32(buf: Uint8Array, pos: { p: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos.p++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
  }
  return result;
}

function readI32(buf: Uint8Array, pos: { p: number }): number {
  let result = 0;
  let shift = 0;
  let b = 0;
  do {
    b = buf[pos.p++]!;
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  if (shift < 32 && b & 0x40) result |= ~0 << shift;
  return result;
}

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function i32(n: number): number[] {
  const out: number[] = [];
  let more = true;
  n |= 0;
  while (more) {
    let b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) more = false;
    else b |= 0x80;
    out.push(b);
  }
  return out;
}

function concat(parts: ArrayLike<number>[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p as ArrayLike<number>, o);
    o += p.length;
  }
  return out;
}

function splitSections(wasm: Uint8Array): Section[] {
  const sections: Section[] = [];
  const pos = { p: 8 };
  while (pos.p < wasm.length) {
    const id = wasm[pos.p++]!;
    const size = readU32(wasm, pos);
    sections.push({ id, body: wasm.subarray(pos.p, pos.p + size) });
    pos.p += size;
  }
  return sections;
}

function readName(buf: Uint8Array, pos: { p: number }): string {
  const n = readU32(buf, pos);
  const s = new TextDecoder().decode(buf.subarray(pos.p, pos.p + n));
  pos.p += n;
  return s;
}

function globalExports(sections: Section[]): Map<string, number> {
  const out = new Map<string, number>();
  const sec = sections.find((s) => s.id === 7);
  if (!sec) return out;
  const pos = { p: 0 };
  const count = readU32(sec.body, pos);
  for (let i = 0; i < count; i++) {
    const name = readName(sec.body, pos);
    const kind = sec.body[pos.p++]!;
    const index = readU32(sec.body, pos);
    if (kind === 3) out.set(name, index);
  }
  return out;
}

interface GlobalEntry {
  head: Uint8Array; // valtype + mutability
  init: Uint8Array; // init expression including its end opcode
}

function readGlobals(sec: Section): GlobalEntry[] {
  const pos = { p: 0 };
  const count = readU32(sec.body, pos);
  const out: GlobalEntry[] = [];
  for (let i = 0; i < count; i++) {
    const head = sec.body.subarray(pos.p, pos.p + 2);
    pos.p += 2;
    const start = pos.p;
    // constant expressions in this runtime are single instructions; skip to the end opcode
    const op = sec.body[pos.p++]!;
    if (op === 0x41) readI32(sec.body, pos);
    else if (op === 0x42) readI32(sec.body, pos);
    else if (op === 0x44) pos.p += 8;
    else if (op === 0x43) pos.p += 4;
    else if (op === 0x23) readU32(sec.body, pos);
    if (sec.body[pos.p++] !== 0x0b) throw new Error('unsupported global initialiser in runtime module');
    out.push({ head, init: sec.body.subarray(start, pos.p) });
  }
  return out;
}

/** How many functions and globals the module imports: imported ones come first in each index space. */
function importCounts(sections: Section[]): { functions: number; globals: number } {
  const counts = { functions: 0, globals: 0 };
  const sec = sections.find((s) => s.id === 2);
  if (!sec) return counts;
  const pos = { p: 0 };
  const count = readU32(sec.body, pos);
  for (let i = 0; i < count; i++) {
    readName(sec.body, pos);
    readName(sec.body, pos);
    const kind = sec.body[pos.p++]!;
    if (kind === 0) {
      readU32(sec.body, pos); // type index
      counts.functions++;
    } else if (kind === 1) {
      pos.p++; // table element type
      const flags = sec.body[pos.p++]!;
      readU32(sec.body, pos);
      if (flags & 1) readU32(sec.body, pos);
    } else if (kind === 2) {
      const flags = sec.body[pos.p++]!;
      readU32(sec.body, pos);
      if (flags & 1) readU32(sec.body, pos);
    } else if (kind === 3) {
      pos.p += 2; // value type, mutability
      counts.globals++;
    }
  }
  return counts;
}

export class LinkError extends Error {}

function exportIndex(sections: Section[], name: string, kind: number): number | undefined {
  const sec = sections.find((s) => s.id === 7);
  if (!sec) return undefined;
  const pos = { p: 0 };
  const count = readU32(sec.body, pos);
  for (let i = 0; i < count; i++) {
    const n = readName(sec.body, pos);
    const k = sec.body[pos.p++]!;
    const index = readU32(sec.body, pos);
    if (n === name && k === kind) return index;
  }
  return undefined;
}

/** Replaces the body of defined function `index` in the code section. */
function replaceBody(sec: Section, index: number, body: Uint8Array): Uint8Array {
  const pos = { p: 0 };
  const count = readU32(sec.body, pos);
  const parts: ArrayLike<number>[] = [u32(count)];
  for (let i = 0; i < count; i++) {
    const start = pos.p;
    const size = readU32(sec.body, pos);
    const end = pos.p + size;
    if (i === index) parts.push(u32(body.length), body);
    else parts.push(sec.body.subarray(start, end));
    pos.p = end;
  }
  return concat(parts);
}

/**
 * Returns a copy of `runtime` with `program` (UTF-8 JSON) embedded and wired up.
 *
 * The program goes into a passive data segment, so its size never counts against the initial memory
 * the host provides; the runtime's `__rt_prog_write(dest)` gets the body `memory.init` and the runtime
 * copies the program into its heap on the first ABI call.
 */
export function linkProgram(runtime: Uint8Array, program: Uint8Array): Uint8Array {
  const sections = splitSections(runtime);
  const exports = globalExports(sections);
  const globalSec = sections.find((s) => s.id === 6);
  const dataSec = sections.find((s) => s.id === 11);
  const codeSec = sections.find((s) => s.id === 10);
  if (!globalSec || !dataSec || !codeSec || !sections.some((s) => s.id === 12)) throw new LinkError('runtime module lacks global, code, data or data count section');
  const base = importCounts(sections).globals;
  const globals = readGlobals(globalSec);
  const lenGlobal = exports.get('__prog_len');
  const writer = exportIndex(sections, '__rt_prog_write', 0);
  if (lenGlobal === undefined || writer === undefined) throw new LinkError('runtime module does not export __prog_len and __rt_prog_write');
  const expr = (n: number): Uint8Array => concat([[0x41], i32(n), [0x0b]]);
  globals[lenGlobal - base] = { head: globals[lenGlobal - base]!.head, init: expr(program.length) };
  const newGlobals = concat([u32(globals.length), ...globals.flatMap((g) => [g.head, g.init])]);

  const dpos = { p: 0 };
  const segCount = readU32(dataSec.body, dpos);
  const segIndex = segCount;
  const newData = concat([u32(segCount + 1), dataSec.body.subarray(dpos.p), [1], u32(program.length), program]);
  // (param $dest i32): memory.init $program (dest, 0, len); data.drop $program
  const body = concat([[0x00, 0x20, 0x00, 0x41, 0x00], [0x41], i32(program.length), [0xfc], u32(8), u32(segIndex), [0x00], [0xfc], u32(9), u32(segIndex), [0x0b]]);
  const newCode = replaceBody(codeSec, writer - importCounts(sections).functions, body);

  const out: ArrayLike<number>[] = [runtime.subarray(0, 8)];
  for (const s of sections) {
    let b = s.body;
    if (s.id === 6) b = newGlobals;
    else if (s.id === 11) b = newData;
    else if (s.id === 10) b = newCode;
    else if (s.id === 12) b = new Uint8Array(u32(segCount + 1));
    out.push([s.id], u32(b.length), b);
  }
  return concat(out);
}
