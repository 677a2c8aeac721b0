import { parseYamlFast } from '../src/text/fast-yaml.ts';
for (const t of ['kind: A\nbase: &b\n  x: 1\n', 'kind: A\nlist:\n  - &first\n    n: 1\n', 'kind: A\nlist:\n  - &third {n: 3}\n', 'kind: A\nb: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n'])
  console.log(JSON.stringify(t), JSON.stringify(parseYamlFast(t)?.documents[0]?.value));
