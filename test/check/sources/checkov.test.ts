// Differential against Checkov (a peer, never a dependency): on the example's ARM templates, every
// AZ check whose METADATA names a Checkov id that Checkov runs on ARM must agree with it, resource
// by resource: Warden finds the check on a resource exactly where Checkov fails that id. Skipped,
// with the reason printed, when `checkov` is not installed (`pip install checkov`).
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../helpers/cli.js';
import { loadLibrary } from '../../../src/policy/library.js';

const DIR = 'examples/aks-devsecops/pipeline';

function checkov(file: string): { failed: Set<string>; ran: Set<string> } | undefined {
  const r = spawnSync('checkov', ['-f', file, '--framework', 'arm', '--compact', '-o', 'json'], { encoding: 'utf8', timeout: 300_000 });
  if (r.error || !r.stdout.trim().startsWith('{')) return undefined;
  type Check = { check_id: string; resource: string };
  const out = JSON.parse(r.stdout) as { results: { failed_checks?: Check[]; passed_checks?: Check[] } };
  // "Microsoft.ContainerRegistry/registries.contoso": the name follows the first dot after the type's slash
  const key = (c: Check) => `${c.check_id} ${c.resource.slice(c.resource.indexOf('.', c.resource.indexOf('/')) + 1)}`;
  const failed = new Set((out.results.failed_checks ?? []).map(key));
  const ran = new Set([...(out.results.failed_checks ?? []), ...(out.results.passed_checks ?? [])].map((c) => c.check_id));
  return { failed, ran };
}

/** Where Warden differs from Checkov on purpose: `set check resource` -> why. */
const DIFFERS: Record<string, string> = {
  'violations AZ-011 aks-payments': 'CKV_AZURE_7 only asks that networkPolicy be set; "none" is set, and no engine enforces NetworkPolicies',
};

const installed = spawnSync('checkov', ['--version'], { encoding: 'utf8' }).status === 0;

(installed ? test : test.skip)('AZ checks agree with the Checkov ids they alias on the example templates', async (t) => {
  const aliases = new Map([...loadLibrary().value.checks.values()].filter((c) => c.id.startsWith('AZ-') && c.aliases.checkov).map((c) => [c.id, c.aliases.checkov!]));
  let compared = 0;
  for (const set of ['clean', 'violations']) {
    const peer = checkov(`${DIR}/${set}/infra/main.json`);
    if (!peer) return t.fail('checkov gave no JSON');
    const r = await runCli(['check', `${DIR}/model.warden`, `${DIR}/${set}/infra`, '--format', 'json']);
    const findings = JSON.parse(r.stdout).findings as Array<{ check: string; message: string }>;
    for (const [id, ckv] of aliases) {
      if (!peer.ran.has(ckv)) continue; // Checkov has that id for Terraform only
      for (const name of ['kv-payments', 'contoso', 'aks-payments', 'agw-payments', 'cosmos-payments']) {
        const warden = findings.some((f) => f.check === id && f.message.includes(` ${name} `));
        const theirs = peer.failed.has(`${ckv} ${name}`);
        const why = DIFFERS[`${set} ${id} ${name}`];
        t.is(warden, why ? !theirs : theirs, `${set}: ${id} (${ckv}) on ${name}${why ? ` (differs on purpose: ${why})` : ''}`);
        compared++;
      }
    }
  }
  t.log(`${compared} verdicts compared`);
  t.true(compared >= 80);
});

if (!installed) test('Checkov differential: skipped', (t) => t.log('checkov is not installed (pip install checkov); the differential did not run'));
