import { parseYamlFast } from '../src/text/fast-yaml.ts';
for (const t of ['kind: T\nf: {w: 0, <<: {z: 4}}\n', 'kind: T\ng:\n  <<:\n    - {p: 1}\n    - q: 2\n  r: 3\n', 'kind: T\ng:\n  <<:\n    - {p: 1}\n  r: 3\n', 'kind: T\ng:\n  x:\n    - {p: 1}\n  r: 3\n', 'kind: T\ng:\n  <<: {p: 1}\n  r: 3\n'])
  console.log(JSON.stringify(t), JSON.stringify(parseYamlFast(t)?.documents[0]?.value));
