// `warden diagram <model>`: the model's data-flow diagram as SVG (Graphviz in Wasm, no `dot`
// binary), DOT or Mermaid, for the whole model, one boundary, or one element's neighbourhood.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors } from '../../diagnostics/index.js';
import { dotToSvg, renderDot, renderMermaid, type Direction, type ViewSpec } from '../../diagrams/index.js';
import { loadForPresent } from '../../report/load.js';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The view options shared by `diagram` and `report`. */
export function viewFromOptions(options: Record<string, string | boolean | string[] | undefined>): ViewSpec {
  const boundary = options.boundary as string | undefined;
  const focus = options.focus as string | undefined;
  const depthText = options.depth as string | undefined;
  const collapse = options.collapse === true;
  if (boundary !== undefined && focus !== undefined) throw new UsageError('--boundary and --focus choose different views: give one of them');
  if (collapse && focus !== undefined) throw new UsageError('--collapse draws the whole model or a boundary: it does not combine with --focus');
  if (depthText !== undefined && focus === undefined && !collapse) throw new UsageError('--depth needs --focus <element> or --collapse');
  if (collapse) {
    if (depthText !== undefined && (!/^\d+$/.test(depthText) || Number(depthText) > 1000)) throw new UsageError(`--depth must be a whole number from 0 to 1000 (got "${depthText}")`);
    const depth = depthText === undefined ? 'auto' : Number(depthText);
    return boundary !== undefined ? { kind: 'boundary', boundary, collapse: depth } : { kind: 'model', collapse: depth };
  }
  if (focus !== undefined) {
    const depth = depthText === undefined ? 1 : Number(depthText);
    if (!/^\d+$/.test(depthText ?? '1') || depth > 1000) throw new UsageError(`--depth must be a whole number from 0 to 1000 (got "${depthText}")`);
    return { kind: 'focus', element: focus, depth };
  }
  if (boundary !== undefined) return { kind: 'boundary', boundary };
  return { kind: 'model' };
}

export const command: Command = {
  name: 'diagram',
  summary: 'draw the data-flow diagram (SVG, DOT or Mermaid) with trust boundaries and threat badges',
  usage: 'diagram <model> [--format svg|dot|mermaid] [-o file] [--direction LR|TB] [--boundary B | --focus E [--depth N]] [--collapse [--depth N]] [--no-threats]',
  description: [
    'Boundaries are nested clusters coloured by trust; flows crossing a boundary are thick (red when',
    'they enter a more trusted one); elements with open threats are outlined red with a badge',
    '"⚠ open/total" (✓ total when all are handled). docs/diagrams.md explains the picture.',
    '--collapse draws an overview for large models: boundaries nested deeper than --depth N (default:',
    'the deepest level that keeps the picture to about 40 nodes) become one node each with counts;',
    'drill down with --boundary B --collapse. The SVG has a viewBox and no fixed size: it fits its window.',
    'Without -o the diagram is printed on stdout.',
    'Exit codes: 0 ok; 1 errors in the model; 2 usage error (unknown boundary or element, bad option).',
  ].join('\n'),
  options: [
    { name: 'format', short: 'f', type: 'string', choices: ['svg', 'dot', 'mermaid'], default: 'svg', description: 'output format' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'write to this file instead of stdout' },
    { name: 'direction', type: 'string', choices: ['LR', 'TB'], default: 'LR', description: 'layout direction: left-to-right or top-to-bottom' },
    { name: 'boundary', type: 'string', valueName: 'id', description: 'draw only this boundary (and what its flows touch, greyed)' },
    { name: 'focus', type: 'string', valueName: 'element', description: "draw only this element's neighbourhood" },
    { name: 'depth', type: 'string', valueName: 'n', description: 'with --focus: how many flows away to include (default: 1); with --collapse: boundary levels kept as frames' },
    { name: 'collapse', type: 'boolean', description: 'overview: draw boundaries below --depth as nodes with counts (SVG or DOT)' },
    { name: 'no-threats', type: 'boolean', description: 'plain data-flow diagram: no threat badges or highlights' },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date used to decide whether acceptances have expired (default: today, UTC)' },
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('diagram needs exactly one model file');
    const today = options.today as string | undefined;
    if (today !== undefined && !ISO_DATE.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);
    const view = viewFromOptions(options);
    const noThreats = options['no-threats'] === true;
    if (options.collapse === true && options.format === 'mermaid') throw new UsageError('--collapse draws SVG or DOT, not Mermaid');
    const loaded = loadForPresent(positionals[0], io.cwd, { cwd: io.cwd, today, withoutThreats: noThreats });
    reportDiagnostics(io, loaded.diagnostics, loaded.sources);
    if (!loaded.model) return hasErrors(loaded.diagnostics) ? EXIT_FINDINGS : EXIT_USAGE;
    const diagramOptions = { direction: options.direction as Direction, view, threats: loaded.threats, showThreats: !noThreats };
    const rendered = options.format === 'mermaid' ? renderMermaid(loaded.model, diagramOptions) : renderDot(loaded.model, diagramOptions);
    reportDiagnostics(io, rendered.diagnostics);
    if (rendered.value === undefined) return EXIT_USAGE;
    const text = options.format === 'svg' ? await dotToSvg(rendered.value) : rendered.value;
    const out = options.out as string | undefined;
    if (out === undefined) {
      io.stdout(text);
      return EXIT_OK;
    }
    const path = resolve(io.cwd, out);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } catch (err) {
      io.stderr(`warden: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (!io.quiet) io.stderr(`wrote ${out}\n`);
    return EXIT_OK;
  },
};
