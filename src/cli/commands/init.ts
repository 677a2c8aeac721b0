// `warden init [dir]`: scaffolds a commented starter model a newcomer can edit (model.warden and a
// README.md). `warden init --from <manifests...|->` writes model.warden from Kubernetes manifests
// instead: the model a model-less `warden check` stands for. Refuses to overwrite existing files.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics, type CliIO } from '../io.js';
import { DEFAULT_PROFILE, emptyInput, loadManifests, modelFromManifests, PROFILES, type ProfileName } from '../../check/index.js';
import { hasErrors, sortDiagnostics } from '../../diagnostics/index.js';
import { checkSource } from '../../dsl/index.js';

export const STARTER_MODEL = `// A starter Warden model: a web shop with a browser, an API and a database.
// Edit it, then run:  npx warden validate model.warden
// Syntax: docs/dsl.md. Kinds, controls and threat rules come from the standard library.

model "My web shop" { owner "my-team"  version "0.1" }

// Kubernetes and Azure kinds (workload, ingress, keyVault, ...); base kinds are always available.
use "warden/kubernetes"

// Data assets: what an attacker wants. classification: public, internal, confidential, restricted.
data Orders "Customer orders" { classification confidential }
data Credentials "User passwords and session tokens" { classification restricted }

// Trust boundaries, nested; trust: untrusted, low, medium, high, system (inherited when omitted).
boundary Internet { trust untrusted }
boundary Cloud "Our cloud subscription" {
  trust high
  boundary Shop "Kubernetes namespace shop" {
    namespace "shop"
    // Elements inside a boundary block belong to it.
    workload Api "Shop API" {
      workload "deployment/shop-api"
      exposure internal
      controls [nonRoot, readOnlyRootFilesystem, resourceLimits]
    }
  }
}

// Elements: <kind> Name ["title"] [in Boundary] { attributes }.
user Customer "Customer browser" in Internet
ingress Gateway "Ingress controller" in Shop { tls true  controls [waf, rateLimit] }
store Database "Orders database" in Cloud { encryptedAtRest true  stores [Orders, Credentials] }

// Flows: flow [Name:] From -> To ["title"] { attributes }.
flow Customer -> Gateway "browse and order" { protocol https  authn oidc  carries [Orders, Credentials] }
flow Gateway -> Api { protocol https }
flow ApiToDb: Api -> Database { protocol tls  authn managedIdentity  carries [Orders] }

// Risk decisions, kept next to the model (see \`warden threats\` for the threat ids):
// mitigate Api.spoofing by mtls "mutual TLS inside the mesh"
// accept Database.repudiation owner "my-team" until 2027-06-30 because "audit logs planned for Q2"
// notApplicable Customer.repudiation because "anonymous browsing is by design"
`;

export const STARTER_README = `# Threat model

This directory holds a [Warden](https://github.com/) threat model: \`model.warden\`.

    npx warden validate model.warden      # check it (exit 0 when clean)
    npx warden fmt --write model.warden   # canonical formatting
    npx warden export model model.warden  # the resolved model as JSON

Edit \`model.warden\`: add your data assets, boundaries, elements and flows; apply controls with
\`controls [...]\`; record decisions with \`mitigate\`, \`accept\` and \`notApplicable\`.
`;

export const command: Command = {
  name: 'init',
  summary: 'scaffold a starter model (model.warden + README.md)',
  usage: 'init [dir]\n       init --from <manifests...|-> [-o model.warden] [--profile baseline|restricted|all]',
  description: [
    'Creates the directory if needed. Never overwrites: exits 2 if model.warden or README.md already exists there.',
    'With --from, writes one model file from Kubernetes manifests (files, directories, - for stdin): a boundary',
    'per namespace, an element per workload bound by workload "kind/name" (StatefulSets as data stores),',
    'exposure and flows from LoadBalancer/NodePort Services, Ingresses and env values naming a Service, and the',
    "profile's controls on every element. `warden check model.warden <same manifests>` then reports the same",
    'hardening findings as `warden check <manifests>` without a model, plus the drift checks.',
  ].join('\n'),
  options: [
    { name: 'from', type: 'boolean', description: 'write model.warden from the manifests given as arguments' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'with --from: the model file to write (default model.warden)' },
    { name: 'profile', type: 'string', choices: PROFILES, description: `with --from: the controls put on every element (default ${DEFAULT_PROFILE})` },
  ],
  async run({ positionals, options }, io) {
    if (options.from === true) return initFrom(positionals, options, io);
    if (typeof options.out === 'string' || typeof options.profile === 'string') throw new UsageError('-o and --profile go with --from <manifests...>');
    if (positionals.length > 1) throw new UsageError('init takes at most one directory');
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const shown = positionals[0] ?? '.';
    const targets = [
      ['model.warden', STARTER_MODEL],
      ['README.md', STARTER_README],
    ] as const;
    const clash = targets.filter(([name]) => existsSync(join(dir, name))).map(([name]) => join(shown, name));
    if (clash.length > 0) {
      io.stderr(`warden: refusing to overwrite ${clash.join(', ')}\n  hint: choose another directory: warden init <dir>\n`);
      return EXIT_USAGE;
    }
    try {
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of targets) writeFileSync(join(dir, name), text, { flag: 'wx' });
    } catch (e) {
      io.stderr(`warden: cannot write to ${shown}: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (!io.quiet) io.stdout(`created ${join(shown, 'model.warden')} and ${join(shown, 'README.md')}\nnext: npx warden validate ${join(shown, 'model.warden')}\n`);
    return EXIT_OK;
  },
};

/** `warden init --from <manifests...|->`: model.warden written from the manifests. */
async function initFrom(inputs: string[], options: Record<string, unknown>, io: CliIO): Promise<number> {
  if (inputs.length === 0) throw new UsageError('init --from needs at least one manifest file, directory or -');
  const out = typeof options.out === 'string' ? options.out : 'model.warden';
  const profile = (typeof options.profile === 'string' ? options.profile : DEFAULT_PROFILE) as ProfileName;
  const target = resolve(io.cwd, out);
  if (existsSync(target)) {
    io.stderr(`warden: refusing to overwrite ${out}\n  hint: choose another file: warden init --from <manifests> -o <file>\n`);
    return EXIT_USAGE;
  }
  const loaded = await loadManifests(inputs, { cwd: io.cwd, readStdin: io.readStdin });
  const diagnostics = [...loaded.diagnostics];
  if (loaded.value.resources.length === 0 && !hasErrors(diagnostics)) diagnostics.push(emptyInput(inputs, loaded.value));
  reportDiagnostics(io, sortDiagnostics(diagnostics));
  if (hasErrors(diagnostics)) return EXIT_USAGE;
  const text = modelFromManifests(loaded.value.resources, { profile, sources: loaded.value.files });
  const checked = checkSource(out, text, { cwd: io.cwd });
  if (!checked.value) throw new Error(`the model written from the manifests does not check: ${checked.diagnostics.map((d) => d.message).join('; ')}`);
  try {
    writeFileSync(target, text, { flag: 'wx' });
  } catch (e) {
    io.stderr(`warden: cannot write ${out}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const m = checked.value;
  if (!io.quiet) {
    io.stdout(
      `created ${out}: ${m.elements.length} element${m.elements.length === 1 ? '' : 's'}, ${m.boundaries.length} boundar${m.boundaries.length === 1 ? 'y' : 'ies'}, ${m.flows.length} flow${m.flows.length === 1 ? '' : 's'} (profile ${profile})\n` +
        `next: npx warden check ${out} ${inputs.join(' ')}\n`,
    );
  }
  return EXIT_OK;
}
