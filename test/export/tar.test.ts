import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar, writeTar, writeTarGz } from '../../src/export/index.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

const entries = [
  { path: '/b.txt', content: enc.encode('bee\n') },
  { path: '/a/' + 'x'.repeat(120) + '/long-name.rego', content: enc.encode('package a\n') },
  { path: '/.manifest', content: enc.encode('{}') },
  { path: '/empty', content: new Uint8Array(0) },
  { path: '/block', content: new Uint8Array(512).fill(7) },
];

test('round trip: paths (sorted, long ones split into prefix/name) and contents', (t) => {
  const back = readTar(writeTarGz(entries));
  t.deepEqual(
    back.map((e) => e.path),
    [...entries.map((e) => e.path)].sort(),
  );
  for (const e of entries) t.deepEqual(back.find((b) => b.path === e.path)!.content, e.content, e.path);
});

test('deterministic: same bytes whatever the input order; fixed gzip header (mtime 0, OS 255)', (t) => {
  const a = writeTarGz(entries);
  const b = writeTarGz([...entries].reverse());
  t.deepEqual(a, b);
  t.deepEqual([...a.subarray(0, 4)], [0x1f, 0x8b, 8, 0]);
  t.deepEqual([...a.subarray(4, 8)], [0, 0, 0, 0]);
  t.is(a[9], 255);
  const tar = writeTar(entries);
  t.deepEqual(new Uint8Array(gunzipSync(a)), tar);
  t.is(tar.length % 512, 0);
  // header fields: mode 0644, uid/gid 0, mtime 0, ustar magic
  t.is(dec.decode(tar.subarray(100, 107)), '0000644');
  t.is(dec.decode(tar.subarray(108, 115)), '0000000');
  t.is(dec.decode(tar.subarray(136, 147)), '00000000000');
  t.is(dec.decode(tar.subarray(257, 262)), 'ustar');
});

test('duplicate paths and corrupt headers are errors', (t) => {
  t.throws(() => writeTar([entries[0], entries[0]]), { message: /duplicate tar entry/ });
  const tar = writeTar(entries);
  tar[0] ^= 1;
  t.throws(() => readTar(tar), { message: /checksum/ });
});

test('the system tar lists and extracts the archive', (t) => {
  let tarBin = true;
  try {
    execFileSync('tar', ['--version'], { stdio: 'pipe' });
  } catch {
    tarBin = false;
  }
  if (!tarBin) {
    t.log('skipped: no tar binary on PATH');
    t.pass();
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'warden-tar-'));
  try {
    const f = join(dir, 'x.tar.gz');
    writeFileSync(f, writeTarGz(entries));
    const listed = execFileSync('tar', ['-tzf', f], { encoding: 'utf8', stdio: 'pipe' }).trim().split('\n');
    t.deepEqual(listed, [...entries.map((e) => e.path)].sort());
    const long = entries[1].path;
    t.is(execFileSync('tar', ['-xzOf', f, long], { encoding: 'utf8', stdio: 'pipe' }), 'package a\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
