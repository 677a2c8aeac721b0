import { parseManifests, scanNestingDepth } from '../../src/check/manifests.js';
const t = `# Source: chart/templates/dep.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: pay
spec:
  template:
    spec:
      containers:
        - name: app
          image: x
          securityContext:
            privileged: true
---
kind: List
items:
  - kind: Service
    metadata: {name: s}
  - kind: Pod
    metadata: {name: p}
---
a: [1, 2
---
- 1
`;
const r = parseManifests('a.yaml', t);
console.log(r.diagnostics);
for (const x of r.value) console.log(x.index, x.kind, x.name, x.template, x.position(['spec','template','spec','containers',0,'securityContext','privileged']), x.position(['metadata','name']));
let t0=Date.now(); console.log(scanNestingDepth('a: ' + '['.repeat(10000), 256), Date.now()-t0);
