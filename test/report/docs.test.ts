import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRegions, rewriteRegions } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { mermaidError } from '../diagrams/mermaid-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const TODAY = ['--today', '2026-11-22'];

test('findRegions: directives, attributes (quoted too), lines; markers in code fences ignored', (t) => {
  const md = [
    '# Doc', // 1
    '<!-- warden:diagram model=m.warden view=boundary:Payments format=mermaid -->', // 2
    'old', // 3
    '```mermaid', // 4 (inside a region: not a fence that hides the close)
    '```', // 5
    '<!-- /warden -->', // 6
    '```md', // 7
    '<!-- warden:threats model=x.warden -->', // 8 (example in a fence: ignored)
    '<!-- /warden -->', // 9
    '```', // 10
    '<!-- warden:threats model="dir with space/m.warden" status=open -->', // 11
    '<!-- /warden -->', // 12
  ].join('\n');
  const { regions, diagnostics } = findRegions(md, 'doc.md');
  t.deepEqual(diagnostics, []);
  t.deepEqual(
    regions.map((r) => [r.directive, r.line, r.attributes]),
    [
      ['diagram', 2, { model: 'm.warden', view: 'boundary:Payments', format: 'mermaid' }],
      ['threats', 11, { model: 'dir with space/m.warden', status: 'open' }],
    ],
  );
  t.is(md.slice(regions[0].contentStart, regions[0].contentEnd), 'old\n```mermaid\n```\n');
  const out = rewriteRegions(md, regions, ['NEW', 'T']);
  t.is(out.split('\n').slice(1, 4).join('\n'), '<!-- warden:diagram model=m.warden view=boundary:Payments format=mermaid -->\nNEW\n<!-- /warden -->');
  t.true(out.endsWith('status=open -->\nT\n<!-- /warden -->'));
});

test('findRegions: malformed markers are diagnostics with file and line', (t) => {
  const cases: [string, string, number][] = [
    ['<!-- warden:diagram model=m.warden -->\nno close', 'WD7101', 1],
    ['x\n<!-- warden:picture model=m.warden -->\n<!-- /warden -->', 'WD7102', 2],
    ['<!-- warden:diagram model=m.warden view="unterminated -->\n<!-- /warden -->', 'WD7103', 1],
    ['\n\n<!-- warden:threats status=open -->\n<!-- /warden -->', 'WD7104', 3],
    ['<!-- warden:threats model=m.warden colour=red -->\n<!-- /warden -->', 'WD7105', 1],
    ['a\n<!-- /warden -->', 'WD7107', 2],
    ['<!-- warden:diagram model=a.warden -->\n<!-- warden:threats model=a.warden -->\n<!-- /warden -->', 'WD7101', 1],
    ['<!-- warden:threats model=a model=b -->\n<!-- /warden -->', 'WD7103', 1],
  ];
  for (const [md, code, line] of cases) {
    const { diagnostics } = findRegions(md, 'doc.md');
    t.is(diagnostics.length, 1, md);
    t.like(diagnostics[0], { code, file: 'doc.md', severity: 'error', span: { line } }, md);
  }
});

function sandbox(): string {
  mkdirSync(join(root, 'test', '.tmp'), { recursive: true }); // gitignored: absent in a fresh clone
  const dir = mkdtempSync(join(root, 'test', '.tmp', 'docs-'));
  cpSync(join(root, 'examples', 'aks-devsecops', 'model.warden'), join(dir, 'model.warden'));
  return dir;
}

test('warden docs: fills regions, --check passes after and fails (exit 1, file:line) when stale', async (t) => {
  const dir = sandbox();
  try {
    const md = [
      '# Architecture',
      '<!-- warden:diagram model=model.warden -->',
      '<!-- /warden -->',
      'text between',
      '<!-- warden:threats model=./model.warden status=open -->',
      'stale content',
      '<!-- /warden -->',
      '<!-- warden:checklist model=model.warden phase=deploy -->',
      '<!-- /warden -->',
      '<!-- warden:diagram model=model.warden view=focus:Api format=svg out=img/api.svg -->',
      '<!-- /warden -->',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'arch.md'), md);
    const check1 = await runCli(['docs', 'arch.md', '--check', ...TODAY], { cwd: dir });
    t.is(check1.code, 1, check1.stderr);
    t.deepEqual(check1.stdout.split('\n').filter((l) => l.startsWith('arch.md:')).map((l) => l.split(':')[1]), ['2', '5', '8', '10']);
    t.throws(() => readFileSync(join(dir, 'img', 'api.svg')), undefined, '--check writes nothing');

    const run = await runCli(['docs', 'arch.md', ...TODAY], { cwd: dir });
    t.is(run.code, 0, run.stderr);
    t.regex(run.stdout, /updated arch\.md \(4 regions\)/);
    const updated = readFileSync(join(dir, 'arch.md'), 'utf8');
    t.true(updated.startsWith('# Architecture\n<!-- warden:diagram model=model.warden -->\n```mermaid\nflowchart LR\n'));
    t.true(updated.includes('\n```\n<!-- /warden -->\ntext between\n'));
    t.false(updated.includes('stale content'));
    t.regex(updated, /\| ID \| Target \| STRIDE \| Severity \| Status \| Threat \|/);
    t.notRegex(updated.split('<!-- warden:threats')[1].split('<!-- /warden -->')[0], /\| (mitigated|accepted) \|/, 'status filter applied');
    t.regex(updated, /!\[Contoso Payments on AKS: data\\-flow diagram\]\(img\/api\.svg\)/);
    t.regex(readFileSync(join(dir, 'img', 'api.svg'), 'utf8'), /^<\?xml/);
    const mermaid = updated.split('```mermaid\n')[1].split('```')[0];
    t.is(await mermaidError(mermaid), undefined);

    const check2 = await runCli(['docs', 'arch.md', '--check', ...TODAY], { cwd: dir });
    t.is(check2.code, 0, check2.stdout + check2.stderr);
    t.regex(check2.stdout, /up to date/);
    // Idempotent: a second run changes nothing.
    await runCli(['docs', 'arch.md', ...TODAY], { cwd: dir });
    t.is(readFileSync(join(dir, 'arch.md'), 'utf8'), updated);

    // A model edit makes the regions stale again.
    writeFileSync(join(dir, 'model.warden'), readFileSync(join(dir, 'model.warden'), 'utf8').replace('"Payments API"', '"Payments API v2"'));
    const check3 = await runCli(['docs', 'arch.md', '--check', ...TODAY], { cwd: dir });
    t.is(check3.code, 1);
    // Lines are those of the file as it is now (regions hold generated text).
    const staleLines = check3.stdout.split('\n').filter((l) => /^arch\.md:\d+: stale region warden:diagram/.test(l));
    t.is(staleLines.length, 2, check3.stdout);
    t.true(staleLines[0].startsWith('arch.md:2:'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('warden docs: bad marker values and broken models are diagnostics; the region is left alone', async (t) => {
  const dir = sandbox();
  try {
    writeFileSync(join(dir, 'broken.warden'), 'model "x" {}\nprocess A in Nowhere\n');
    const md = [
      '<!-- warden:diagram model=model.warden view=boundary:Paymnts -->',
      'keep 1',
      '<!-- /warden -->',
      '<!-- warden:diagram model=broken.warden -->',
      'keep 2',
      '<!-- /warden -->',
      '<!-- warden:checklist model=model.warden phase=shipping -->',
      'keep 3',
      '<!-- /warden -->',
      '<!-- warden:threats model=missing.warden -->',
      'keep 4',
      '<!-- /warden -->',
    ].join('\n');
    writeFileSync(join(dir, 'bad.md'), md);
    const r = await runCli(['docs', 'bad.md', ...TODAY], { cwd: dir });
    t.is(r.code, 1);
    t.regex(r.stderr, /bad\.md:1:1: error WD7001: the model has no boundary "Paymnts"/);
    t.regex(r.stderr, /hint: did you mean "Payments"\?/);
    t.regex(r.stderr, /broken\.warden:2:\d+: error WD2/);
    t.regex(r.stderr, /bad\.md:4:1: error WD7108: model broken\.warden has errors/);
    t.regex(r.stderr, /bad\.md:7:1: error WD7106: unknown phase "shipping"/);
    t.regex(r.stderr, /bad\.md:10:1: error WD7108: model file not found: missing\.warden/);
    t.is(readFileSync(join(dir, 'bad.md'), 'utf8'), md);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docs/example-architecture.md is up to date with the AKS example', async (t) => {
  // The AKS example has acceptances with dates; the docs are generated with this fixed date.
  const r = await runCli(['docs', 'docs/example-architecture.md', '--check', ...TODAY], { cwd: root });
  t.is(r.code, 0, r.stdout + r.stderr + '\nrun: npx tsx src/cli/main.ts docs docs/example-architecture.md --today 2026-11-22');
  // Every Mermaid block in the page is valid for mermaid's parser (what GitHub renders).
  const blocks = readFileSync(join(root, 'docs', 'example-architecture.md'), 'utf8').split('```mermaid\n').slice(1).map((b) => b.split('```')[0]);
  t.is(blocks.length, 3);
  for (const b of blocks) t.is(await mermaidError(b), undefined);
});

test('usage errors: no files, unreadable file, bad --today', async (t) => {
  t.is((await runCli(['docs'])).code, 2);
  const missing = await runCli(['docs', 'nope.md'], { cwd: root });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /cannot read nope\.md/);
  t.is((await runCli(['docs', 'docs/example-architecture.md', '--today', 'tomorrow'], { cwd: root })).code, 2);
  mkdirSync(join(root, 'test', '.tmp'), { recursive: true });
});
