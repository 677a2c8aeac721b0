// The readers of src/check/sources: recognition by content, positions per field, and the same
// limits as manifests (depth, alias expansion, malformed input) with located diagnostics.
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from '../../../src/check/manifests.js';
import { isDockerfile, parseDockerfile } from '../../../src/check/sources/dockerfile.js';
import { isWorkflow } from '../../../src/check/sources/workflow.js';

const stdin = (text: string) => ({ readStdin: async () => text });
const load = (text: string, limits = {}) => loadManifests(['-'], { ...stdin(text), limits });

const WORKFLOW = `# comment
name: ci
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: test
        run: npm test
`;

test('recognition: workflows and Dockerfiles by content, manifests left alone', (t) => {
  t.true(isWorkflow(WORKFLOW));
  t.false(isWorkflow('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: on}\ndata:\n  jobs: x\n  on: y\n'));
  t.true(isDockerfile('# syntax=docker/dockerfile:1\n\nFROM alpine:3.20\nRUN true\n'));
  t.true(isDockerfile('ARG BASE=alpine\nFROM ${BASE}\n'));
  t.false(isDockerfile('FROM: x\nkind: Pod\n'));
  t.false(isDockerfile('apiVersion: v1\nkind: Pod\n# FROM alpine\n'));
});

test('a workflow is one GitHubWorkflow resource with a position per field', async (t) => {
  const r = await load(WORKFLOW);
  t.deepEqual(r.diagnostics, []);
  const [res] = r.value.resources;
  t.is(res!.kind, 'GitHubWorkflow');
  t.is(res!.name, '<stdin>');
  t.deepEqual((res!.object.spec as { permissions: unknown }).permissions, { contents: 'read' });
  const at = (path: Array<string | number>) => {
    const p = res!.position(path);
    return [p.line, p.column, p.exact];
  };
  t.deepEqual(at(['spec', 'jobs', 'build', 'steps', 0, 'uses']), [10, 9, true]);
  t.deepEqual(at(['spec', 'jobs', 'build', 'steps', 1, 'run']), [12, 9, true]);
  t.deepEqual(at(['spec', 'permissions', 'contents']), [5, 3, true]);
  t.deepEqual(at(['spec', 'jobs', 'build', 'environment']), [7, 3, false]);
  t.deepEqual(at(['spec', 'nothing']), [2, 1, false]);
});

test('a workflow field written through a merge key points at the key where it is written', async (t) => {
  const text = 'on: push\nx-defaults: &d\n  runs-on: ubuntu-latest\n  permissions: write-all\njobs:\n  a:\n    <<: *d\n    steps: []\n';
  const r = await load(text);
  t.deepEqual(r.diagnostics, []);
  const res = r.value.resources[0]!;
  t.is((res.object.spec as { jobs: { a: { permissions: string } } }).jobs.a.permissions, 'write-all');
  const p = res.position(['spec', 'jobs', 'a', 'permissions']);
  t.deepEqual([p.line, p.column, p.exact], [4, 3, true]);
});

test('workflow limits: depth, alias expansion, duplicate keys, several documents, malformed YAML', async (t) => {
  const deep = `on: push\njobs:\n  a: ${'['.repeat(40)}${']'.repeat(40)}\n`;
  t.deepEqual((await load(deep, { maxDepth: 20 })).diagnostics.map((d) => [d.code, d.span.line]), [['WD5005', 3]]);
  const bomb = ['on: push', 'a: &a ["xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(8).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'jobs: {}'].join('\n');
  const refused = await load(bomb, { maxExpansion: 100000 });
  t.deepEqual(refused.diagnostics.map((d) => d.code), ['WD5003']);
  t.is(refused.value.resources.length, 0);
  t.deepEqual((await load('on: push\njobs: {}\njobs: {}\n')).diagnostics.map((d) => [d.code, d.span.line]), [['WD5001', 3]]);
  t.deepEqual((await load('on: push\njobs: {}\n---\non: push\njobs: {}\n')).diagnostics.map((d) => d.code), ['WD5001']);
  const bad = await load('on: push\njobs:\n  a: [unclosed\n');
  t.deepEqual(bad.diagnostics.map((d) => d.code), ['WD5001']);
  t.is(bad.diagnostics[0]!.file, '<stdin>');
});

test('Dockerfile: continuations, comments inside them, flags, exec form, here-documents, escape directive', (t) => {
  const text = [
    '# escape=`',
    '# a comment',
    'FROM --platform=linux/amd64 mcr.microsoft.com/windows/servercore:ltsc2022 AS base',
    'RUN --mount=type=cache,target=/c `',
    '    # dropped',
    '    choco install git',
    'COPY <<EOF /app/config.ini',
    '[a]',
    'x = 1',
    'EOF',
    'CMD ["app.exe", "--serve"]',
    '  user ContainerUser',
  ].join('\n');
  const p = parseDockerfile(text);
  if ('error' in p) return t.fail(p.error);
  t.deepEqual(p.instructions.map((i) => i.instruction), ['FROM', 'RUN', 'COPY', 'CMD', 'USER']);
  t.deepEqual(p.instructions[0]!.flags, { platform: 'linux/amd64' });
  t.deepEqual(p.stages.map((x) => [x.image, x.name, x.instruction, x.user]), [['mcr.microsoft.com/windows/servercore:ltsc2022', 'base', 0, 'ContainerUser']]);
  t.is(p.instructions[1]!.value, 'choco install git');
  t.deepEqual(p.instructions[1]!.flags, { mount: 'type=cache,target=/c' });
  t.is(p.instructions[2]!.value, '<<EOF /app/config.ini\n[a]\nx = 1');
  t.deepEqual([p.instructions[3]!.args, p.instructions[3]!.json], [['app.exe', '--serve'], true]);
  t.deepEqual(p.positions.map((x) => [x.line, x.column]), [[3, 1], [4, 1], [7, 1], [11, 1], [12, 3]]);
});

test('Dockerfile resource: positions of instructions, their values and stages; errors are located', async (t) => {
  const r = await load('FROM node:22 AS build\nRUN npm ci\n\nFROM alpine:3.20\nUSER 10001\n');
  const res = r.value.resources[0]!;
  t.is(res.kind, 'Dockerfile');
  const at = (path: Array<string | number>) => {
    const p = res.position(path);
    return [p.line, p.column];
  };
  t.deepEqual(at(['spec', 'instructions', 1]), [2, 1]);
  t.deepEqual(at(['spec', 'instructions', 3, 'value']), [5, 6]);
  t.deepEqual(at(['spec', 'stages', 1]), [4, 1]);
  const bad = await load('FROM alpine:3.20\nRUNN make\n');
  t.deepEqual(bad.diagnostics.map((d) => [d.code, d.span.line, d.span.column]), [['WD5001', 2, 1]]);
  t.regex(bad.diagnostics[0]!.message, /unknown Dockerfile instruction "RUNN"/);
  const open = await load('FROM alpine:3.20\nRUN <<EOF\necho\n');
  t.deepEqual(open.diagnostics.map((d) => d.code), ['WD5001']);
});

test('a directory walk takes Dockerfiles, workflows and dot directories (as kubectl -R would); dot files that are no Kubernetes object are read quietly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-sources-'));
  try {
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    mkdirSync(join(dir, '.github', 'ISSUE_TEMPLATE'), { recursive: true });
    mkdirSync(join(dir, '.hidden'));
    writeFileSync(join(dir, '.github', 'workflows', 'ci.yml'), WORKFLOW);
    writeFileSync(join(dir, '.github', 'dependabot.yml'), 'version: 2\n');
    writeFileSync(join(dir, '.github', 'ISSUE_TEMPLATE', 'bug.yml'), 'name: bug\n');
    writeFileSync(join(dir, '.hidden', 'x.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
    writeFileSync(join(dir, 'api.Dockerfile'), 'FROM alpine:3.20\n');
    writeFileSync(join(dir, 'README.md'), '# x\n');
    const r = await loadManifests([dir], { cwd: dir });
    t.deepEqual(r.value.files, ['.github/ISSUE_TEMPLATE/bug.yml', '.github/dependabot.yml', '.github/workflows/ci.yml', '.hidden/x.yaml', 'Dockerfile', 'api.Dockerfile']);
    t.deepEqual(r.value.resources.map((x) => x.kind), ['GitHubWorkflow', 'Namespace', 'Dockerfile', 'Dockerfile']);
    t.deepEqual(r.diagnostics, [], 'dependabot.yml and the issue template have no kind: not reported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ARM templates and Terraform plans are recognised and read as one resource each, with positions', async (t) => {
  const arm = '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "resources": [\n    {"type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": {"enablePurgeProtection": false}}\n  ]\n}\n';
  const r = await load(arm);
  t.deepEqual(r.diagnostics, []);
  const res = r.value.resources[0]!;
  t.is(res.kind, 'ArmTemplate');
  const p = res.position(['spec', 'resources', 0, 'properties', 'enablePurgeProtection']);
  t.deepEqual([p.line, p.column, p.exact], [5, 72, true]);
  const plan = '{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{"root_module":{}}}';
  t.is((await load(plan)).value.resources[0]!.kind, 'TerraformPlan');
  const manifest = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "resources"}, "data": {"resources": "x"}}';
  t.is((await load(manifest)).value.resources[0]!.kind, 'ConfigMap');
  const broken = await load('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [,\n}\n');
  t.deepEqual(broken.diagnostics.map((d) => d.code), ['WD5001']);
});

test('Dockerfile stages: global ARG defaults substituted, earlier stages and their USER inherited', (t) => {
  const p = parseDockerfile('ARG BASE=node:22@sha256:abc\nARG TAG\nFROM ${BASE} AS build\nUSER 10001\nFROM build AS test\nFROM alpine:${TAG}\nFROM $BASE\nUSER root\n');
  if ('error' in p) return t.fail(p.error);
  t.deepEqual(
    p.stages.map((s) => [s.image, s.resolved, s.base, s.user, s.userInstruction]),
    [
      ['${BASE}', 'node:22@sha256:abc', -1, '10001', 3],
      ['build', 'build', 0, '10001', -1],
      ['alpine:${TAG}', undefined, -1, '', -1],
      ['$BASE', 'node:22@sha256:abc', -1, 'root', 7],
    ],
  );
});

test('Dockerfile reading stays linear on hostile input: many continuation lines, many flags', (t) => {
  const lines = parseDockerfile(`FROM a\nRUN x \\\n${'  y \\\n'.repeat(200000)}z\n`);
  if ('error' in lines) return t.fail(lines.error);
  t.is(lines.instructions[1]!.value.length, 2 + 2 * 200000 + 1);
  const flags = parseDockerfile(`FROM a\nRUN ${'--a=b '.repeat(200000)}x\n`);
  if ('error' in flags) return t.fail(flags.error);
  t.deepEqual([flags.instructions[1]!.flags, flags.instructions[1]!.value], [{ a: 'b' }, 'x']);
});
