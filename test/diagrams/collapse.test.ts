// Diagrams that stay readable: the overview of a large model (`--collapse`), drill-down into a
// boundary, the responsive SVG (viewBox, no fixed size) and flow labels kept off boundary titles.
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dotToSvg, renderDot } from '../../src/diagrams/index.js';
import { loadForPresent } from '../../src/report/load.js';
import { runCli } from '../helpers/cli.js';
import { largeModelSource } from './large-source.js';
import { labelOverlaps } from './overlap.js';
import { launch, svgToPng } from './browser.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const TODAY = ['--today', '2026-11-22'];

function largeFile(n: number): { dir: string; file: string } {
  mkdirSync(join(root, 'test', '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test', '.tmp', 'collapse-'));
  const file = join(dir, 'large.warden');
  writeFileSync(file, largeModelSource(n));
  return { dir, file };
}

const nodes = (dot: string): string[] => [...dot.matchAll(/^\s+("[^"]+"|\w+) \[id=/gm)].map((m) => m[1]);

test('--collapse: a 100-element model becomes a few boundary nodes with counts and merged flows', async (t) => {
  const { dir, file } = largeFile(100);
  try {
    const r = await runCli(['diagram', file, '--collapse', '--format', 'dot', ...TODAY], { cwd: root });
    t.is(r.code, 0, r.stderr);
    const drawn = nodes(r.stdout);
    t.true(drawn.length <= 40, `${drawn.length} nodes`);
    t.true(drawn.includes('"boundary B0"'), drawn.join(' '));
    t.regex(r.stdout, /30 elements · 29 flows · 2 boundaries/);
    t.regex(r.stdout, /overview at depth 0/);
    t.notRegex(r.stdout, /"E0_5"/, 'elements inside a collapsed boundary are not drawn');
    // --depth 1 keeps the top-level frames and collapses what is nested in them.
    const d1 = await runCli(['diagram', file, '--collapse', '--depth', '1', '--format', 'dot', ...TODAY], { cwd: root });
    t.is(d1.code, 0, d1.stderr);
    t.regex(d1.stdout, /subgraph "cluster_B0"/);
    t.regex(d1.stdout, /"boundary B1" \[id="bn-B1"/);
    t.regex(d1.stdout, /"E0_5" \[/);
    // Drill down: the boundary with its children collapsed.
    const drill = await runCli(['diagram', file, '--boundary', 'B0', '--collapse', '--depth', '0', '--format', 'dot', ...TODAY], { cwd: root });
    t.is(drill.code, 0, drill.stderr);
    t.regex(drill.stdout, /subgraph "cluster_B0"/);
    t.regex(drill.stdout, /"boundary B1" \[/);
    t.notRegex(drill.stdout, /"boundary B3"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--collapse usage errors', async (t) => {
  const model = 'examples/aks-devsecops/model.warden';
  for (const args of [['--collapse', '--focus', 'Api'], ['--collapse', '--depth', 'x'], ['--depth', '2'], ['--collapse', '--format', 'mermaid']]) {
    const r = await runCli(['diagram', model, ...args, ...TODAY], { cwd: root });
    t.is(r.code, 2, args.join(' '));
    t.notRegex(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('the SVG is responsive: a viewBox and no fixed width or height on the root', async (t) => {
  const r = await runCli(['diagram', 'examples/minimal/model.warden', ...TODAY], { cwd: root });
  t.is(r.code, 0, r.stderr);
  const tag = /<svg[^>]*>/.exec(r.stdout)![0];
  t.regex(tag, /viewBox="0\.00 0\.00 [\d.]+ [\d.]+"/);
  t.notRegex(tag, /\s(width|height)=/);
});

test('flow labels never overlap boundary titles (examples, both directions, views, large models)', async (t) => {
  const cases: [string, string][] = [];
  for (const ex of ['aks-devsecops', 'minimal', 'webapp']) {
    const l = loadForPresent(`examples/${ex}/model.warden`, root, { cwd: root, today: '2026-11-22' });
    for (const direction of ['LR', 'TB'] as const) {
      for (const view of [{ kind: 'model' as const }, { kind: 'model' as const, collapse: 0 }]) {
        cases.push([`${ex} ${direction} ${JSON.stringify(view)}`, await dotToSvg(renderDot(l.model!, { threats: l.threats, direction, view }).value!)]);
      }
    }
  }
  const aks = loadForPresent('examples/aks-devsecops/model.warden', root, { cwd: root, today: '2026-11-22' });
  cases.push(['aks boundary Cluster', await dotToSvg(renderDot(aks.model!, { threats: aks.threats, view: { kind: 'boundary', boundary: 'Cluster' } }).value!)]);
  const { dir, file } = largeFile(100);
  try {
    const big = loadForPresent(file, root, { cwd: root, today: '2026-11-22' });
    for (const collapse of [0, 1, 3] as const) cases.push([`large collapse ${collapse}`, await dotToSvg(renderDot(big.model!, { threats: big.threats, view: { kind: 'model', collapse } }).value!)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [name, svg] of cases) t.deepEqual(labelOverlaps(svg).map(([a, b]) => `${a.text} over ${b.text}`), [], name);
});

test('screenshot: the 100-element overview is readable at 1400 px (text at least 9 px high)', async (t) => {
  const browser = await launch();
  if (typeof browser === 'string') {
    t.log(`skipped: ${browser}`);
    t.pass();
    return;
  }
  const { dir, file } = largeFile(100);
  try {
    const r = await runCli(['diagram', file, '--collapse', ...TODAY], { cwd: root });
    t.is(r.code, 0, r.stderr);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.setContent(`<!doctype html><html><body style="margin:0">${r.stdout.slice(r.stdout.indexOf('<svg'))}</body></html>`);
    const box = await page.locator('svg').boundingBox();
    t.true(box !== null && box.width <= 1400 && box.width > 1000, `svg fits the window: ${JSON.stringify(box)}`);
    // Smallest rendered text height: labels must stay legible after the fit-to-width scaling.
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('text')].map((x) => x.getBoundingClientRect().height)));
    t.true(smallest >= 9, `smallest text ${smallest.toFixed(1)} px`);
    mkdirSync(join(root, 'test', '.tmp'), { recursive: true });
    await page.screenshot({ path: join(root, 'test', '.tmp', 'overview-100.png') });
    await page.close();
    await svgToPng(browser, r.stdout, join(root, 'test', '.tmp', 'overview-100-svg.png'));
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('drill-down into a nested boundary: its ancestors stay frames, its children become nodes', async (t) => {
  const r = await runCli(['diagram', 'examples/aks-devsecops/model.warden', '--boundary', 'Cluster', '--collapse', '--depth', '0', '--format', 'dot', ...TODAY], { cwd: root });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /subgraph "cluster_Azure"/, 'the ancestor frame');
  t.regex(r.stdout, /subgraph "cluster_Cluster"/, 'the boundary itself');
  t.regex(r.stdout, /"boundary Payments" \[id="bn-Payments"/, 'a child collapsed');
  t.notRegex(r.stdout, /subgraph "cluster_Payments"/);
  // Flows from outside into the collapsed child end at its node.
  t.regex(r.stdout, /-> "boundary Payments"/);
});
