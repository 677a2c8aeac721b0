// The bundle surface: the .tar.gz `warden export bundle` writes for the AKS example, damaged at
// three levels: the gzip bytes (truncated, bytes flipped), the tar bytes (flipped inside headers and
// contents, truncated, then gzipped again or left plain), and the members (dropped, renamed,
// duplicated, added, their content truncated or flipped, .manifest and data.json edited as JSON).
// Properties: bundleCheckPolicy never throws and locates its diagnostics; `warden check --bundle`
// on a manifest exits 0/1/2 without a stack trace or an internal error, in bounded time.
import fc from 'fast-check';
import { gunzipSync, gzipSync } from 'node:zlib';
import { bundleCheckPolicy } from '../../../src/export/bundle.js';
import { readTar, type TarEntry } from '../../../src/export/tar.js';
import { exportedBundle } from '../lib/bundle-fixture.js';
import { cli, readRepo, scratchDir, writeScratch } from '../lib/mutate.js';
import { clock, cliFailures, diagnosticFailures, slowFailure, thrown, TIME_BOUND_MS, type Failure, type Surface } from '../lib/surface.js';

type ByteOp = { op: 'flip'; at: number; mask: number } | { op: 'truncate'; at: number } | { op: 'insert'; at: number; bytes: number[] };
type JsonOp = { at: number; to: 'delete' | 'null' | 'number' | 'string' | 'array' | 'object' | 'bool' | 'huge' };
type MemberOp =
  | { op: 'drop'; member: number }
  | { op: 'rename'; member: number; name: string }
  | { op: 'duplicate'; member: number }
  | { op: 'add'; name: string; content: string }
  | { op: 'bytes'; member: number; ops: ByteOp[] }
  | { op: 'json'; member: number; ops: JsonOp[] };

export type BundleInput =
  | { level: 'gz'; ops: ByteOp[] }
  | { level: 'tar'; ops: ByteOp[]; gzip: boolean }
  | { level: 'members'; ops: MemberOp[]; gzip: boolean };

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }) },
);
const byteOps = fc.array(byteOp, { minLength: 1, maxLength: 6 });
const memberName = fc.constantFrom('/.manifest', '.manifest', '/policy.wasm', 'policy.wasm', '/data.json', 'data.json', '/policies/x.rego', '../escape.json', '/a/../.manifest', '', '/x'.repeat(80), 'dir/');
const jsonOp: fc.Arbitrary<JsonOp> = fc.record({ at: fc.nat(), to: fc.constantFrom('delete', 'null', 'number', 'string', 'array', 'object', 'bool', 'huge') });
const memberOp: fc.Arbitrary<MemberOp> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), member: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), member: fc.nat(), name: memberName }),
  fc.record({ op: fc.constant('duplicate' as const), member: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), name: memberName, content: fc.constantFrom('', '{}', '[]', 'null', '{"wasm": []}', '\u0000asm', 'not json') }),
  fc.record({ op: fc.constant('bytes' as const), member: fc.nat(), ops: byteOps }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('json' as const), member: fc.nat(), ops: fc.array(jsonOp, { minLength: 1, maxLength: 4 }) }) },
);

export const bundleInput: fc.Arbitrary<BundleInput> = fc.oneof(
  fc.record({ level: fc.constant('gz' as const), ops: byteOps }),
  fc.record({ level: fc.constant('tar' as const), ops: byteOps, gzip: fc.boolean() }),
  { weight: 3, arbitrary: fc.record({ level: fc.constant('members' as const), ops: fc.array(memberOp, { minLength: 1, maxLength: 5 }), gzip: fc.boolean() }) },
);

function applyBytes(bytes: Uint8Array, ops: readonly ByteOp[]): Uint8Array {
  let b = new Uint8Array(bytes);
  for (const o of ops) {
    const at = o.at % (b.length + 1);
    if (o.op === 'flip') {
      if (b.length > 0) b[at % b.length]! ^= o.mask;
    } else if (o.op === 'truncate') b = b.slice(0, at);
    else {
      const inserted = new Uint8Array(b.length + o.bytes.length);
      inserted.set(b.subarray(0, at), 0);
      inserted.set(o.bytes, at);
      inserted.set(b.subarray(at), at + o.bytes.length);
      b = inserted;
    }
  }
  return b;
}

/** Every node of a JSON value as [parent, key] pairs, in a fixed order. */
function nodes(v: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), nodes(x, out)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([v as Record<string, unknown>, k]), nodes(x, out);
  return out;
}

const REPLACEMENT: Record<Exclude<JsonOp['to'], 'delete'>, () => unknown> = {
  null: () => null,
  number: () => -1,
  string: () => 'x',
  array: () => [],
  object: () => ({}),
  bool: () => true,
  huge: () => 'y'.repeat(100_000),
};

function applyJson(content: Uint8Array, ops: readonly JsonOp[]): Uint8Array {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(content));
  } catch {
    return content;
  }
  for (const o of ops) {
    const all = nodes(value);
    if (all.length === 0) {
      value = o.to === 'delete' ? undefined : REPLACEMENT[o.to]();
      continue;
    }
    const [parent, key] = all[o.at % all.length]!;
    if (o.to !== 'delete') (parent as Record<string | number, unknown>)[key] = REPLACEMENT[o.to]();
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  }
  return new TextEncoder().encode(JSON.stringify(value) ?? '');
}

function applyMembers(entries: TarEntry[], ops: readonly MemberOp[]): TarEntry[] {
  let es = entries.map((e) => ({ ...e }));
  const pick = (n: number) => (es.length ? n % es.length : -1);
  for (const o of ops) {
    if (o.op === 'add') {
      es.push({ path: o.name, content: new TextEncoder().encode(o.content) });
      continue;
    }
    const i = pick(o.member);
    if (i < 0) continue;
    if (o.op === 'drop') es = es.filter((_, j) => j !== i);
    else if (o.op === 'rename') es[i] = { ...es[i]!, path: o.name };
    else if (o.op === 'duplicate') es.push({ ...es[i]! });
    else if (o.op === 'bytes') es[i] = { ...es[i]!, content: applyBytes(es[i]!.content, o.ops) };
    else es[i] = { ...es[i]!, content: applyJson(es[i]!.content, o.ops) };
  }
  return es;
}

/** The damaged archive an input describes. */
export function damaged(original: Uint8Array, x: BundleInput): Uint8Array {
  if (x.level === 'gz') return applyBytes(original, x.ops);
  const tar = new Uint8Array(gunzipSync(original));
  if (x.level === 'tar') {
    const t = applyBytes(tar, x.ops);
    return x.gzip ? new Uint8Array(gzipSync(t, { level: 1 })) : t;
  }
  const t = laxTar(applyMembers(readTar(tar), x.ops));
  return x.gzip ? new Uint8Array(gzipSync(t, { level: 1 })) : t;
}

/**
 * A ustar writer that keeps the given order and allows what Warden's writer refuses (duplicate
 * paths, empty names, directories), so damaged archives can still be built. Long paths are cut.
 */
function laxTar(entries: readonly TarEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const h = new Uint8Array(512);
    const path = enc.encode(e.path);
    h.set(path.subarray(Math.max(0, path.length - 100)), 0);
    const field = (at: number, text: string) => h.set(enc.encode(text), at);
    field(100, '0000644\0');
    field(108, '0000000\0');
    field(116, '0000000\0');
    field(124, e.content.length.toString(8).padStart(11, '0') + '\0');
    field(136, '00000000000\0');
    h.fill(0x20, 148, 156);
    h[156] = 0x30;
    field(257, 'ustar\0' + '00');
    let sum = 0;
    for (const b of h) sum += b;
    field(148, sum.toString(8).padStart(6, '0') + '\0 ');
    const body = new Uint8Array(Math.ceil(e.content.length / 512) * 512);
    body.set(e.content);
    blocks.push(h, body);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((a, b) => a + b.length, 0));
  let off = 0;
  for (const b of blocks) out.set(b, (off += b.length) - b.length);
  return out;
}

const MANIFEST = readRepo('examples/aks-devsecops/manifests/violations/payments-api.yaml');

export async function bundleSurface(): Promise<Surface<BundleInput>> {
  const original = await exportedBundle();
  writeScratch('m.yaml', MANIFEST);
  return {
    name: 'bundle',
    arbitrary: bundleInput,
    async run(x) {
      const elapsed = clock();
      const failures: Failure[] = [];
      let bytes: Uint8Array;
      try {
        bytes = damaged(original, x);
      } catch (err) {
        return [thrown('fuzz harness (writing the damaged bundle)', err)];
      }
      try {
        failures.push(...diagnosticFailures('bundleCheckPolicy', bundleCheckPolicy(bytes, 'b.tar.gz').diagnostics));
      } catch (err) {
        failures.push(thrown('bundleCheckPolicy', err));
      }
      writeScratch('b.tar.gz', bytes);
      failures.push(...cliFailures('check --bundle', await cli(['check', '--bundle', 'b.tar.gz', 'm.yaml', '--format', 'json'], scratchDir())));
      failures.push(...slowFailure('bundle', elapsed(), TIME_BOUND_MS));
      return failures;
    },
    show: (x) => JSON.stringify(x),
  };
}
