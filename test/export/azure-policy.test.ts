// `warden export azure-policy`: definitions with the documented Microsoft.Kubernetes.Data shape
// (Azure Policy "deny effect" / "audit effect" docs: templateInfo with sourceType Base64Encoded or
// PublicURL, apiGroups, kinds, namespaces, excludedNamespaces, values; effect as a parameter).
import test from 'ava';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { AZURE_SYSTEM_NAMESPACES } from '../../src/export/index.js';

const MODEL = 'examples/aks-devsecops/model.warden';
const dir = mkdtempSync(join(tmpdir(), 'warden-az-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const first = runCli(['export', 'azure-policy', MODEL, '-o', join(dir, 'a')]);

type Def = {
  properties: {
    displayName: string;
    policyType: string;
    mode: string;
    metadata: { category: string; warden: { control: string; checks: string[]; threats: string[] } };
    parameters: Record<string, { type: string; allowedValues?: string[]; defaultValue?: unknown }>;
    policyRule: {
      if: { field: string; in: string[] };
      then: { effect: string; details: { templateInfo: { sourceType: string; content?: string; url?: string }; apiGroups: string[]; kinds: string[]; namespaces: string; excludedNamespaces: string; values: Record<string, unknown> } };
    };
  };
};

const readDef = (sub: string, name: string) => JSON.parse(readFileSync(join(dir, sub, 'definitions', name), 'utf8')) as Def;

test('one definition per Gatekeeper template, documented AKS shape, template embedded', async (t) => {
  const r = await first;
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /17 policy definitions/);
  const defs = readdirSync(join(dir, 'a', 'definitions')).sort();
  t.is(defs.length, 17);
  const d = readDef('a', 'wardentrustedregistry.json').properties;
  t.is(d.mode, 'Microsoft.Kubernetes.Data');
  t.is(d.policyType, 'Custom');
  t.is(d.metadata.category, 'Kubernetes');
  t.is(d.metadata.warden.control, 'trustedRegistry');
  t.deepEqual(d.metadata.warden.checks, ['K8S-030']);
  t.is(d.policyRule.if.field, 'type');
  t.true(d.policyRule.if.in.includes('Microsoft.ContainerService/managedClusters'));
  t.is(d.policyRule.then.effect, "[parameters('effect')]");
  t.deepEqual(d.parameters.effect.allowedValues, ['Audit', 'Deny', 'Disabled']);
  t.is(d.parameters.effect.defaultValue, 'Deny');
  t.deepEqual(d.parameters.excludedNamespaces.defaultValue, AZURE_SYSTEM_NAMESPACES);
  t.deepEqual(d.parameters.namespaces.defaultValue, ['monitoring', 'payments']);
  const det = d.policyRule.then.details;
  t.is(det.namespaces, "[parameters('namespaces')]");
  t.is(det.excludedNamespaces, "[parameters('excludedNamespaces')]");
  t.deepEqual(det.apiGroups, ['', 'apps', 'batch']);
  t.deepEqual(det.kinds, ['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
  t.deepEqual((det.values as { params: unknown }).params, { 'K8S-030': { registries: ['contoso.azurecr.io'] } });
  t.is(det.templateInfo.sourceType, 'Base64Encoded');
  // The embedded template is byte-for-byte the one written beside it, and every value key is in its schema.
  const embedded = Buffer.from(det.templateInfo.content!, 'base64').toString('utf8');
  t.is(embedded, readFileSync(join(dir, 'a', 'templates', 'wardentrustedregistry.yaml'), 'utf8'));
  const tpl = parse(embedded) as { spec: { crd: { spec: { validation: { openAPIV3Schema: { properties: Record<string, unknown> } } } } } };
  for (const k of Object.keys(det.values)) t.truthy(tpl.spec.crd.spec.validation.openAPIV3Schema.properties[k], k);
  // Medium-severity controls audit (Azure has no warn).
  t.is(readDef('a', 'wardenseccompprofile.json').properties.parameters.effect.defaultValue, 'Audit');
  t.regex(readFileSync(join(dir, 'a', 'README.md'), 'utf8'), /Azure Policy for AKS/);
});

test('--template-base-url references the templates by PublicURL; deterministic bytes', async (t) => {
  await first;
  const r = await runCli(['export', 'azure-policy', MODEL, '-o', join(dir, 'b'), '--template-base-url', 'https://example.org/warden/']);
  t.is(r.code, 0, r.stderr);
  const det = readDef('b', 'wardennoprivileged.json').properties.policyRule.then.details;
  t.deepEqual(det.templateInfo, { sourceType: 'PublicURL', url: 'https://example.org/warden/templates/wardennoprivileged.yaml' });
  const again = await runCli(['export', 'azure-policy', MODEL, '-o', join(dir, 'c')]);
  t.is(again.code, 0);
  for (const f of readdirSync(join(dir, 'a', 'definitions'))) t.deepEqual(readFileSync(join(dir, 'c', 'definitions', f)), readFileSync(join(dir, 'a', 'definitions', f)), f);
});

test('a non-https template URL is a usage error', async (t) => {
  const r = await runCli(['export', 'azure-policy', MODEL, '-o', join(dir, 'd'), '--template-base-url', 'http://insecure']);
  t.is(r.code, 2);
  t.regex(r.stderr, /https:\/\//);
});
