// The example manifests against the whole check library, and docs/policies.md against the
// checks' METADATA. The clean set must pass every check; the violations set must trip every one.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { render } from '../../scripts/policy-docs.mjs';
import { checkSlugs, evaluateWithOpa, findOpa, manifests, resourcesOf, root } from './support.js';

const opa = findOpa();
if (!opa) console.log('policies/examples.test.ts: no `opa` binary (/root/go/bin/opa or PATH); skipping the manifest evaluations');
const evaluate = (resources: unknown[], params: Record<string, unknown> = {}) => evaluateWithOpa(opa!, resources, params);

const registries = { 'K8S-030': { registries: ['contoso.azurecr.io'] } };

test('docs/policies.md is generated from the current METADATA', (t) => {
  t.is(readFileSync(join(root, 'docs', 'policies.md'), 'utf8'), render(), 'run `node scripts/policy-docs.mjs`');
});

test('the example manifests cover the model\'s workloads and every workload kind of the contract', (t) => {
  const clean = resourcesOf(join(manifests, 'clean')).names;
  for (const w of ['Deployment/payments/payments-api', 'Deployment/payments/settlement-worker', 'DaemonSet/monitoring/otel-collector', 'Deployment/ingress/ingress-nginx-controller']) {
    t.true(clean.includes(w), `clean set lacks ${w}`);
  }
  const violations = resourcesOf(join(manifests, 'violations')).names;
  for (const kind of ['Pod', 'Deployment', 'DaemonSet', 'Job', 'CronJob']) t.true(violations.some((n) => n.startsWith(`${kind}/`)), kind);
  t.true(readFileSync(join(manifests, 'clean', 'ingress-nginx.yaml'), 'utf8').includes('# Source: ingress-nginx/templates/'));
});

(opa ? test : test.skip)('the clean manifests pass every check, with and without parameters', (t) => {
  const { resources, names } = resourcesOf(join(manifests, 'clean'));
  t.true(resources.length >= 30);
  for (const params of [{}, registries]) {
    const findings = evaluate(resources, params);
    t.deepEqual(findings.map((f) => `${f.check} ${names[f.resource]}: ${f.msg}`), []);
  }
});

(opa ? test : test.skip)('the violation manifests trip every check, at the offending fields', (t) => {
  const { resources, names } = resourcesOf(join(manifests, 'violations'));
  const findings = evaluate(resources, registries);
  const ids = new Set(findings.map((f) => f.check));
  t.is(ids.size, checkSlugs().length, `tripped ${ids.size} of ${checkSlugs().length}`);
  const at = (check: string, name: string) => findings.filter((f) => f.check === check && names[f.resource] === name).map((f) => f.path.join('.'));
  t.deepEqual(at('K8S-008', 'Deployment/payments/payments-api'), ['spec.template.spec.containers.0.securityContext.privileged']);
  t.deepEqual(at('K8S-008', 'Pod/default/debug-shell'), ['spec.ephemeralContainers.0.securityContext.privileged']);
  t.deepEqual(at('K8S-030', 'Deployment/payments/payments-api'), ['spec.template.spec.initContainers.0.image']);
  t.deepEqual(at('K8S-006', 'Deployment/payments/settlement-worker'), ['spec.template.spec.volumes.0.hostPath.path']);
  t.deepEqual(at('K8S-041', 'CronJob/payments/ledger-reconcile'), ['apiVersion']);
  t.deepEqual(at('K8S-036', 'Deployment/payments/payments-api').sort(), [
    'spec.template.spec.containers.0.env.0.valueFrom.secretKeyRef',
    'spec.template.spec.containers.0.env.1.value',
    'spec.template.spec.containers.0.envFrom.0.secretRef',
  ]);
  t.deepEqual(at('K8S-050', 'Namespace//monitoring'), ['metadata.name']);
  // cpu and memory are reported separately, both at the missing `resources` parent.
  t.deepEqual(at('K8S-032', 'CronJob/payments/ledger-reconcile'), Array(2).fill('spec.jobTemplate.spec.template.spec.containers.0.resources'));
  t.log(`${findings.length} findings from ${ids.size} checks over ${resources.length} resources`);
});
