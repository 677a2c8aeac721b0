// Golden registers of the examples (examples/*/model.warden): the Markdown register plus the
// threat diagnostics, as a reviewer would read them. Regenerate after an intended change with
//   UPDATE_GOLDEN=1 npx ava test/threats/golden.test.ts
// and review the diff like code.
import test from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../src/dsl/index.js';
import { formatDiagnostics } from '../../src/diagnostics/index.js';
import { generateThreats, renderMarkdown, renderJson } from '../../src/threats/index.js';
import { ROOT } from './library.js';

const GOLDEN = join(ROOT, 'test', 'threats', 'golden');
const examples = existsSync(join(ROOT, 'examples'))
  ? readdirSync(join(ROOT, 'examples')).filter((e) => existsSync(join(ROOT, 'examples', e, 'model.warden'))).sort()
  : [];

function render(example: string): { md: string; json: string } {
  const loaded = loadModel(join('examples', example, 'model.warden'), { cwd: ROOT });
  if (!loaded.value) return { md: `# ${example}: the model does not load\n\n${formatDiagnostics(loaded.diagnostics)}\n`, json: '' };
  const r = generateThreats(loaded.value, { today: '2026-11-22' });
  const diags = r.diagnostics.length ? `<!-- threat diagnostics:\n${formatDiagnostics(r.diagnostics).replace(/--/g, '- -')}\n-->\n\n` : '';
  return { md: diags + renderMarkdown(r.value), json: renderJson(r.value) };
}

test('there are examples to check', (t) => {
  t.true(examples.length > 0);
});

for (const example of examples) {
  test(`golden register: ${example}`, (t) => {
    const { md, json } = render(example);
    const mdFile = join(GOLDEN, `${example}.md`);
    const jsonFile = join(GOLDEN, `${example}.json`);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(mdFile, md);
      if (json) writeFileSync(jsonFile, json);
      t.pass();
      return;
    }
    t.true(existsSync(mdFile), `missing ${mdFile}: run UPDATE_GOLDEN=1 npx ava test/threats/golden.test.ts`);
    t.is(md, readFileSync(mdFile, 'utf8'), `${example}: Markdown register changed (UPDATE_GOLDEN=1 to accept)`);
    if (json) t.is(json, readFileSync(jsonFile, 'utf8'), `${example}: JSON register changed (UPDATE_GOLDEN=1 to accept)`);
  });
}
