// Diagrams bench: DOT generation and DOT->SVG layout (Graphviz in Wasm) for the AKS example and a
// generated 500-element model. Run with `npm run bench -- diagrams`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dotToSvg, graphvizVersion, renderDot, renderMermaid } from '../src/diagrams/index.js';
import { loadForPresent } from '../src/report/load.js';
import type { ResolvedModel } from '../src/model/types.js';
import type { ThreatRegister } from '../src/threats/types.js';
import { fixtureThreats, largeModel } from '../test/diagrams/builders.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** First call (cold: Wasm tier-up, memory growth) and the mean of `runs` further calls. */
async function time<T>(fn: () => Promise<T> | T, runs: number): Promise<{ first: number; ms: number; value: T }> {
  let started = performance.now();
  let value = await fn();
  const first = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < runs; i++) value = await fn();
  return { first, ms: (performance.now() - started) / runs, value };
}

async function measure(name: string, model: ResolvedModel, threats: ThreatRegister | undefined, runs: number): Promise<string[]> {
  const dot = await time(() => renderDot(model, { threats }).value!, runs * 5);
  const mermaid = await time(() => renderMermaid(model, { threats }).value!, runs * 5);
  const svg = await time(() => dotToSvg(dot.value), runs);
  return [
    `  ${name}: ${model.elements.length} elements, ${model.flows.length} flows, ${model.boundaries.length} boundaries`,
    `    DOT     ${dot.ms.toFixed(2)} ms  (${(dot.value.length / 1024).toFixed(0)} KiB)`,
    `    Mermaid ${mermaid.ms.toFixed(2)} ms`,
    `    SVG     ${svg.ms.toFixed(1)} ms warm, ${svg.first.toFixed(0)} ms first call  (${(svg.value.length / 1024).toFixed(0)} KiB, layout in Wasm Graphviz)`,
    `    DOT+SVG ${(dot.ms + svg.ms).toFixed(1)} ms`,
  ];
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const cold = performance.now();
  const version = await graphvizVersion();
  lines.push(`  Graphviz ${version} (Wasm): first load ${(performance.now() - cold).toFixed(0)} ms`);
  const aks = loadForPresent('examples/aks-devsecops/model.warden', root, { cwd: root, today: '2026-11-22' });
  if (aks.model) lines.push(...(await measure('AKS example', aks.model, aks.threats, 5)));
  else lines.push(`  AKS example: does not load (${aks.diagnostics.length} diagnostics)`);
  const big = largeModel(500);
  lines.push(...(await measure('generated model', big, fixtureThreats(big), 3)));
  return lines;
}
