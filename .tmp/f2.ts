import { parseYamlFast } from '../src/text/fast-yaml.ts';
for (const t of ['kind: A\na: &x 1\nb: *x\n', 'kind: A\nc: &m {p: 1}\n', 'kind: A\nd: [1, 2]\ne: &s\n  - 2\n', 'kind: A\na: &a {x: 1, y: 1}\nc: {<<: [*a], z: 3}\n','kind: A\na: &a {x: 1, y: 1}\nc: {<<: *a, z: 3}\n'])
  console.log(JSON.stringify(t), JSON.stringify(parseYamlFast(t)?.documents[0]?.value));
