// End to end on examples/*/model.warden through the CLI (in-process): golden DOT and Mermaid per
// example, Mermaid validated by mermaid's parser, SVG and HTML byte-identical across runs.
import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { golden } from './golden.js';
import { mermaidError } from './mermaid-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const TODAY = ['--today', '2026-11-22'];
const examples = readdirSync(join(root, 'examples'))
  .filter((d) => existsSync(join(root, 'examples', d, 'model.warden')))
  .sort();

test('there are examples to test', (t) => {
  t.true(examples.includes('aks-devsecops'), examples.join(', '));
});

for (const ex of examples) {
  const model = `examples/${ex}/model.warden`;
  test(`${ex}: DOT and Mermaid goldens, Mermaid parses`, async (t) => {
    const dot = await runCli(['diagram', model, '--format', 'dot', ...TODAY], { cwd: root });
    t.is(dot.code, 0, dot.stderr);
    golden(t, `examples/${ex}.dot`, dot.stdout);
    const mm = await runCli(['diagram', model, '--format', 'mermaid', ...TODAY], { cwd: root });
    t.is(mm.code, 0, mm.stderr);
    t.is(await mermaidError(mm.stdout), undefined);
    golden(t, `examples/${ex}.mmd`, mm.stdout);
  });
}

test('aks-devsecops: SVG and HTML report byte-identical across runs; SVG golden; views', async (t) => {
  const model = 'examples/aks-devsecops/model.warden';
  const svg1 = await runCli(['diagram', model, ...TODAY], { cwd: root });
  const svg2 = await runCli(['diagram', model, ...TODAY], { cwd: root });
  t.is(svg1.code, 0, svg1.stderr);
  t.true(svg1.stdout.startsWith('<?xml'));
  t.is(svg1.stdout, svg2.stdout);
  golden(t, 'examples/aks-devsecops.svg', svg1.stdout);
  mkdirSync(join(root, 'test', '.tmp'), { recursive: true }); // gitignored: absent in a fresh clone
  const dir = mkdtempSync(join(root, 'test', '.tmp', 'report-'));
  try {
    const r1 = await runCli(['report', model, '-o', join(dir, 'a.html'), ...TODAY], { cwd: root });
    const r2 = await runCli(['report', model, '-o', join(dir, 'b.html'), ...TODAY], { cwd: root });
    t.is(r1.code, 0, r1.stderr);
    t.is(r2.code, 0);
    t.is(readFileSync(join(dir, 'a.html'), 'utf8'), readFileSync(join(dir, 'b.html'), 'utf8'));
    t.regex(readFileSync(join(dir, 'a.html'), 'utf8'), /^<!doctype html>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const view of [['--boundary', 'Payments'], ['--focus', 'Api', '--depth', '2'], ['--direction', 'TB', '--no-threats']]) {
    const r = await runCli(['diagram', model, '--format', 'mermaid', ...view, ...TODAY], { cwd: root });
    t.is(r.code, 0, r.stderr);
    t.is(await mermaidError(r.stdout), undefined, view.join(' '));
  }
});

test('diagram CLI: usage errors and view diagnostics', async (t) => {
  const model = 'examples/aks-devsecops/model.warden';
  const unknown = await runCli(['diagram', model, '--boundary', 'Paymnts', ...TODAY], { cwd: root });
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /error WD7001: the model has no boundary "Paymnts"/);
  t.regex(unknown.stderr, /did you mean "Payments"/);
  t.is(unknown.stdout, '');
  const both = await runCli(['diagram', model, '--boundary', 'Payments', '--focus', 'Api'], { cwd: root });
  t.is(both.code, 2);
  t.regex(both.stderr, /--boundary and --focus/);
  t.is((await runCli(['diagram', model, '--depth', '2'], { cwd: root })).code, 2);
  t.is((await runCli(['diagram', model, '--focus', 'Api', '--depth', 'x'], { cwd: root })).code, 2);
  t.is((await runCli(['diagram', model, '--format', 'png'], { cwd: root })).code, 2);
  t.is((await runCli(['diagram'], { cwd: root })).code, 2);
  const plain = await runCli(['diagram', model, '--format', 'dot', '--no-threats', ...TODAY], { cwd: root });
  t.is(plain.code, 0);
  t.notRegex(plain.stdout, /⚠|✓/);
});
