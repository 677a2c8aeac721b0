// Hover text (Markdown): for an element, its title, kind, boundary and threats (outstanding first);
// for a kind, its documentation and attributes with their types and defaults; for a boundary, data
// asset, control or flow, a one-paragraph summary. Model strings are shown inside code spans or
// escaped, so a title cannot inject Markdown links or HTML into the editor.
import { describeType } from '../dsl/builtins.js';
import { SEVERITIES, type AttrValue, type KindDef } from '../model/types.js';
import { escapeMarkdown, markdownCode } from '../text/escape.js';
import { isOutstanding } from '../threats/index.js';
import type { Analysis } from './analysis.js';
import type { NameSite } from './symbols.js';

const MAX_THREATS = 12;

/**
 * A code span for text made of DSL identifiers and punctuation (types such as `enum(a, b)`,
 * `list<ref<data>>`): plain backticks, which every client renders; anything else (a backtick,
 * a line break) goes through markdownCode.
 */
export function code(text: string): string {
  return /^[^`\n\r|]*$/.test(text) && text.trim() !== '' ? '`' + text + '`' : markdownCode(text);
}

function valueText(v: AttrValue | undefined): string {
  if (!v) return '';
  switch (v.type) {
    case 'list':
      return `[${v.items.map(valueText).join(', ')}]`;
    case 'ref':
      return v.target;
    case 'string':
      return JSON.stringify(v.value);
    default:
      return String((v as { value: unknown }).value);
  }
}

export function kindHover(kind: KindDef): string {
  const lines = [`**kind ${escapeMarkdown(kind.name)}**${kind.extends ? ` extends ${markdownCode(kind.extends)}` : ''} (base ${kind.base})`];
  if (kind.doc) lines.push('', escapeMarkdown(kind.doc));
  const attrs = Object.values(kind.attributes);
  if (attrs.length > 0) {
    lines.push('', '| attribute | type | default |', '|---|---|---|');
    for (const a of attrs) lines.push(`| ${markdownCode(a.name)}${a.required ? ' (required)' : ''} | ${code(describeType(a.valueType))} | ${a.default ? code(valueText(a.default)) : ''} |`);
  }
  return lines.join('\n');
}

function elementHover(analysis: Analysis, id: string): string | undefined {
  const e = analysis.model?.elements.find((x) => x.id === id);
  if (!e) return undefined;
  const lines = [`**${escapeMarkdown(e.title || e.id)}** \u2014 ${markdownCode(e.kind)} ${markdownCode(e.id)}${e.boundary ? ` in ${markdownCode(e.boundary)}` : ''}`];
  if (e.controls.length > 0) lines.push('', `controls: ${e.controls.map((c) => markdownCode(c.control)).join(', ')}`);
  const register = analysis.threats();
  if (!register) {
    lines.push('', '_Threats are shown once the model has no errors._');
    return lines.join('\n');
  }
  const mine = register.threats.filter((t) => t.target.id === id);
  const open = mine.filter(isOutstanding).sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
  lines.push('', `**Threats:** ${open.length} outstanding of ${mine.length}`);
  const shown = [...open, ...mine.filter((t) => !isOutstanding(t))].slice(0, MAX_THREATS);
  for (const t of shown) lines.push(`- ${markdownCode(t.id)} ${t.category} \u00b7 ${t.severity} \u00b7 ${t.status}: ${escapeMarkdown(t.title)}`);
  if (mine.length > shown.length) lines.push(`- \u2026 and ${mine.length - shown.length} more`);
  return lines.join('\n');
}

/** Hover text for the name at a site, or undefined when there is nothing to say. */
export function hoverFor(analysis: Analysis, site: NameSite): string | undefined {
  const model = analysis.model;
  switch (site.kind) {
    case 'element':
      return elementHover(analysis, site.name);
    case 'kind': {
      const kind = model?.kinds[site.name];
      return kind ? kindHover(kind) : undefined;
    }
    case 'boundary': {
      const b = model?.boundaries.find((x) => x.id === site.name);
      if (!b) return undefined;
      const inside = model!.elements.filter((e) => e.boundary === b.id).map((e) => markdownCode(e.id));
      return `**boundary ${escapeMarkdown(b.title || b.id)}** \u2014 trust ${markdownCode(b.trust)}${b.namespace ? `, namespace ${markdownCode(b.namespace)}` : ''}${b.parent ? `, inside ${markdownCode(b.parent)}` : ''}\n\n${inside.length} element${inside.length === 1 ? '' : 's'}${inside.length ? ': ' + inside.join(', ') : ''}`;
    }
    case 'data': {
      const d = model?.data.find((x) => x.id === site.name);
      return d ? `**data ${escapeMarkdown(d.title || d.id)}** \u2014 classification ${markdownCode(d.classification)}` : undefined;
    }
    case 'control': {
      const c = model?.controls.find((x) => x.id === site.name);
      if (!c) return undefined;
      return `**control ${escapeMarkdown(c.title)}** (${markdownCode(c.id)}) \u2014 phase ${c.phase}; mitigates ${c.mitigates.join(', ') || 'nothing by itself'}${c.policies.length ? `; enforced by ${c.policies.map(markdownCode).join(', ')}` : ''}${c.description ? `\n\n${escapeMarkdown(c.description)}` : ''}`;
    }
    case 'flow': {
      const f = model?.flows.find((x) => x.id === site.name);
      return f ? `**flow ${escapeMarkdown(f.title || f.id)}** ${markdownCode(f.from)} \u2192 ${markdownCode(f.to)}` : undefined;
    }
    default:
      return undefined;
  }
}
