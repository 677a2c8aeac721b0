// `warden check --bundle` reads a bundle a pull request can replace: a gzip bomb, too many members,
// lying tar headers and a policy.wasm that is not WebAssembly are each one WD5012 naming the file,
// with bounded memory and no stack trace.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DEFAULT_TAR_LIMITS, readTar, TarLimitError, writeTar, writeTarGz } from '../../src/export/index.js';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MODEL = 'examples/aks-devsecops/model.warden';
const CLEAN = 'examples/aks-devsecops/manifests/clean';
const dir = mkdtempSync(join(tmpdir(), 'warden-bundle-limits-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const bundle = join(dir, 'bundle.tar.gz');
const exported = runCli(['export', 'bundle', MODEL, '-o', bundle], { cwd: root });

/** A ustar header for a regular file of `size` bytes (checksum included). */
function tarHeader(path: string, size: number): Uint8Array {
  const one = writeTar([{ path, content: new Uint8Array(0) }]).slice(0, 512);
  one.set(new TextEncoder().encode(size.toString(8).padStart(11, '0') + '\0'), 124);
  one.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of one) sum += b;
  one.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
  return one;
}

/**
 * A gzip bomb: one member of `gib` GiB of zeros in a few hundred KB, built from concatenated gzip
 * members (gunzip reads them as one stream), so making it costs one 64 MiB compression.
 */
function gzipBomb(gib: number): Uint8Array {
  const chunk = 64 * 1024 * 1024;
  const zeros = gzipSync(Buffer.alloc(chunk), { level: 9 });
  const n = Math.round((gib * 1024 ** 3) / chunk);
  return Buffer.concat([gzipSync(tarHeader('policy.wasm', n * chunk)), ...Array.from({ length: n }, () => zeros), gzipSync(Buffer.alloc(1024))]);
}

test('a 1.5 GiB gzip bomb is refused while inflating: WD5012, bounded memory', async (t) => {
  const bomb = join(dir, 'bomb.tar.gz');
  writeFileSync(bomb, gzipBomb(1.5));
  t.true(readFileSync(bomb).length < 2 * 1024 * 1024, 'the bomb is small on disk');
  // In a child process of its own, so its peak memory is the check's alone.
  const script = `import('./src/cli/main.ts').then(async (m) => { const code = await m.main(${JSON.stringify(['check', '--bundle', bomb, CLEAN])}); process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = code; })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  t.is(r.status, 2, r.stderr);
  t.regex(r.stderr, /bomb\.tar\.gz.*WD5012: bundle .*bomb\.tar\.gz: it unpacks to more than 64 MiB, the limit; not read/);
  t.regex(r.stderr, /hint: .*--max-bundle-bytes/);
  const maxRssMiB = Number(/MAXRSS (\d+)/.exec(r.stderr)![1]) / 1024;
  t.log(`peak RSS ${maxRssMiB.toFixed(0)} MiB`);
  t.true(maxRssMiB < 600, `peak RSS ${maxRssMiB} MiB`);
});

test('--max-bundle-bytes and --max-bundle-files lower (or raise) the limits; a genuine bundle passes', async (t) => {
  t.is((await exported).code, 0);
  const small = await runCli(['check', '--bundle', bundle, CLEAN, '--max-bundle-bytes', '1000'], { cwd: root });
  t.is(small.code, 2);
  t.regex(small.stderr, /WD5012: bundle .*: the file is .*, over the limit of 1000 bytes; not read/);
  const size = readFileSync(bundle).length;
  const inflated = await runCli(['check', '--bundle', bundle, CLEAN, '--max-bundle-bytes', String(size + 1)], { cwd: root });
  t.is(inflated.code, 2);
  t.regex(inflated.stderr, /it unpacks to more than .*, the limit; not read/);
  const few = await runCli(['check', '--bundle', bundle, CLEAN, '--max-bundle-files', '3'], { cwd: root });
  t.is(few.code, 2);
  t.regex(few.stderr, /it holds more than 3 members, the limit; not read/);
  t.regex(few.stderr, /--max-bundle-files/);
  const ok = await runCli(['check', '--bundle', bundle, CLEAN, '--max-bundle-bytes', String(256 * 1024 * 1024)], { cwd: root });
  t.is(ok.code, 0, ok.stderr);
  const bad = await runCli(['check', '--bundle', bundle, CLEAN, '--max-bundle-bytes', 'lots'], { cwd: root });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--max-bundle-bytes must be a positive integer/);
});

test('readTar: limits and lying headers', (t) => {
  const many = writeTarGz(Array.from({ length: 12 }, (_, i) => ({ path: `f${i}`, content: new Uint8Array(1) })));
  t.throws(() => readTar(many, { ...DEFAULT_TAR_LIMITS, maxEntries: 11 }), { instanceOf: TarLimitError, message: /more than 11 members/ });
  t.is(readTar(many, { ...DEFAULT_TAR_LIMITS, maxEntries: 12 }).length, 12);
  // A header that claims more bytes than the archive has.
  const lying = new Uint8Array(2048);
  lying.set(tarHeader('x', 1_000_000));
  t.throws(() => readTar(lying), { message: /declares 1000000 bytes but the archive ends first/ });
  const plainBig = new Uint8Array(4096);
  t.throws(() => readTar(plainBig, { maxBytes: 1024, maxEntries: 10 }), { instanceOf: TarLimitError });
  t.throws(() => readTar(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3])), { message: /damaged gzip data/ });
});

test('a bundle whose policy.wasm is garbage is WD5012 naming the module, not an internal error', async (t) => {
  await exported;
  const entries = readTar(new Uint8Array(readFileSync(bundle))).map((e) => (e.path === '/policy.wasm' ? { ...e, content: new TextEncoder().encode('garbage, not wasm') } : e));
  const broken = join(dir, 'garbage-wasm.tar.gz');
  writeFileSync(broken, writeTarGz(entries));
  const r = await runCli(['check', '--bundle', broken, CLEAN], { cwd: root });
  t.is(r.code, 2);
  t.regex(r.stderr, /WD5012: bundle .*garbage-wasm\.tar\.gz: its Wasm module \/policy\.wasm is not valid WebAssembly/);
  t.notRegex(r.stderr, /WD9999|internal error|\n\s+at /);
  // A valid but empty WebAssembly module: loads nowhere as an OPA policy either.
  const empty = readTar(new Uint8Array(readFileSync(bundle))).map((e) => (e.path === '/policy.wasm' ? { ...e, content: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) } : e));
  writeFileSync(broken, writeTarGz(empty));
  const r2 = await runCli(['check', '--bundle', broken, CLEAN], { cwd: root });
  t.is(r2.code, 2);
  t.regex(r2.stderr, /WD5012: .*\/policy\.wasm is WebAssembly but not an OPA policy/);
  t.notRegex(r2.stderr, /WD9999/);
});
