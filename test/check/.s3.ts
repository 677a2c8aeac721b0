import { runCli } from '../helpers/cli.js';
const r = await runCli(['check', 'test/check/fixtures/cli/model.warden', 'test/check/fixtures/cli/manifests/violations', '--today', '2026-11-22'], { env: { WARDEN_POLICY_ENGINE: 'opa:/root/go/bin/opa' } });
console.log(r.code); console.log(r.stdout); console.log(r.stderr);
const c = await runCli(['check', 'test/check/fixtures/cli/model.warden', 'test/check/fixtures/cli/manifests/clean'], { env: { WARDEN_POLICY_ENGINE: 'opa:/root/go/bin/opa' } });
console.log(c.code); console.log(c.stdout); console.log(c.stderr);
