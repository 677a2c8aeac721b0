// Threat engine bench: generateThreats on generated models of 1k, 10k and 100k elements (flows
// included), with the real standard library (kinds, controls, 88 rules) loaded through the DSL once.
// Target (issue 3): 10k elements under 1 s, growth linear. Run: npm run bench -- threats
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSource } from '../src/dsl/index.js';
import type { AttrValue, Boundary, Element, Flow, ResolvedModel, SourceRef } from '../src/model/types.js';
import { generateThreats } from '../src/threats/index.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

function library(): ResolvedModel {
  const r = checkSource(join(root, 'bench', 'threats-bench.warden'), 'model "Bench" { owner "bench" }\n');
  if (!r.value) throw new Error('the standard library does not load');
  return r.value;
}

const at = (line: number): SourceRef => ({ file: 'bench.warden', line, column: 1, endLine: line, endColumn: 20 });
const en = (value: string): AttrValue => ({ type: 'enum', value });
const b = (value: boolean): AttrValue => ({ type: 'bool', value });

/**
 * `size` elements plus flows (each block of 10: 4 workloads, a service, an ingress, a store, a
 * registry, a user and a pipeline; 6 flows), spread over namespaces of 10 blocks each.
 */
export function generatedModel(lib: ResolvedModel, size: number): ResolvedModel {
  const boundaries: Boundary[] = [
    { id: 'Internet', title: 'Internet', trust: 'untrusted', trustRank: 0, attributes: {}, source: at(1) },
    { id: 'Azure', title: 'Azure', trust: 'high', trustRank: 3, attributes: {}, source: at(2) },
  ];
  const elements: Element[] = [];
  const flows: Flow[] = [];
  let line = 10;
  const el = (id: string, kind: string, base: Element['base'], boundary: string, attributes: Record<string, AttrValue> = {}, controls: string[] = []) => {
    const defaults = Object.fromEntries(Object.values(lib.kinds[kind].attributes).filter((a) => a.default).map((a) => [a.name, a.default!]));
    elements.push({ id, title: id, kind, base, boundary, attributes: { ...defaults, ...attributes }, controls: controls.map((c) => ({ control: c, args: [], source: at(line) })), source: at(line++) });
  };
  const fl = (from: string, to: string, attributes: Record<string, AttrValue>) => flows.push({ id: `${from}->${to}`, title: `${from}->${to}`, kind: 'flow', from, to, data: [], attributes, controls: [], source: at(line++) });
  for (let i = 0; elements.length + flows.length < size; i++) {
    const ns = `Ns${Math.floor(i / 10)}`;
    if (i % 10 === 0) boundaries.push({ id: ns, title: ns, parent: 'Azure', trust: 'high', trustRank: 3, namespace: ns.toLowerCase(), attributes: {}, source: at(line++) });
    const p = `B${i}_`;
    for (let w = 0; w < 4; w++) el(`${p}W${w}`, 'workload', 'process', ns, { privileged: b(w === 0), runAsNonRoot: b(w % 2 === 0) }, w === 1 ? ['nonRoot', 'resourceLimits'] : []);
    el(`${p}Svc`, 'service', 'process', ns, { serviceType: en(i % 3 === 0 ? 'LoadBalancer' : 'ClusterIP') });
    el(`${p}In`, 'ingress', 'process', ns, { tls: b(i % 2 === 0) });
    el(`${p}Db`, 'store', 'store', 'Azure', { encryptedAtRest: b(i % 2 === 1) });
    el(`${p}Reg`, 'registry', 'store', 'Azure');
    el(`${p}User`, 'user', 'actor', 'Internet', { authn: en('password') });
    el(`${p}Ci`, 'pipeline', 'process', 'Azure');
    fl(`${p}User`, `${p}In`, { protocol: en('https') });
    fl(`${p}In`, `${p}Svc`, { protocol: en('http') });
    fl(`${p}Svc`, `${p}W0`, { protocol: en('http') });
    fl(`${p}W0`, `${p}W1`, { protocol: en('grpc'), authn: en('mtls') });
    fl(`${p}W1`, `${p}Db`, { protocol: en('tls'), authn: en('managedIdentity') });
    fl(`${p}Ci`, `${p}Reg`, { protocol: en('oci') });
  }
  return { ...lib, file: 'bench.warden', files: ['bench.warden', ...lib.files], boundaries: [...lib.boundaries, ...boundaries], elements, flows };
}

export async function run(): Promise<string[]> {
  const lib = library();
  const lines = [`  rules: ${lib.rules.length} (standard library), today fixed`];
  const perElement: number[] = [];
  for (const size of [1_000, 10_000, 100_000]) {
    const model = generatedModel(lib, size);
    generateThreats(generatedModel(lib, 200), { today: '2026-01-01' }); // warm-up (JIT)
    const runs = size >= 100_000 ? 1 : 3;
    let best = Infinity;
    let bestCpu = Infinity;
    let threats = 0;
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = generateThreats(model, { today: '2026-01-01' });
      best = Math.min(best, performance.now() - t0);
      const c = process.cpuUsage(c0);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
      threats = r.value.threats.length;
    }
    // CPU time is the figure to compare on a shared machine: wall time includes waiting for a core.
    perElement.push(bestCpu / size);
    lines.push(
      `  ${String(size).padStart(7)} elements+flows: ${best.toFixed(0).padStart(6)} ms wall, ${bestCpu.toFixed(0).padStart(6)} ms CPU, ${threats} threats, ${((bestCpu * 1000) / size).toFixed(1)} µs CPU/element`,
    );
  }
  const growth = perElement[2] / perElement[0];
  lines.push(`  per-element CPU cost 100k vs 1k: x${growth.toFixed(2)} (1.0 = perfectly linear); load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
  return lines;
}
