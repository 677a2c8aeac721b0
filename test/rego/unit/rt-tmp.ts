import { runCli } from '../../helpers/cli.js';
const r = await runCli(['rego', 'test', 'policies', ...process.argv.slice(2)]);
console.log(r.code, r.stdout.slice(-3000), r.stderr.slice(0, 3000));
