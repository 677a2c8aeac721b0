import { runCli } from '../helpers/cli.js';
for (const set of ['clean', 'violations']) {
  const r = await runCli(['check', 'examples/aks-devsecops/model.warden', `examples/aks-devsecops/manifests/${set}`, '--today', '2026-11-22'], { env: { WARDEN_POLICY_ENGINE: 'opa:/root/go/bin/opa' } });
  console.log(set, r.code); console.log(r.stdout); console.log(r.stderr.slice(0, 3000));
}
