// Building a .warden model from a foreign format: statements are collected as data, printed in a
// fixed order (model, use, data, boundaries, elements, flows, threat rules, decisions) and then
// put through the DSL's formatter, so an import is canonical Warden source, as `warden fmt` would
// write it. Names are made from the foreign ids (see `NameTable`), strings are quoted by the
// DSL's own `quote`, so nothing from the input can break out of a string or a name.
import { formatSource } from '../dsl/index.js';
import { quote } from '../dsl/strings.js';

/** A value as it will be written: a string, a bare name (enum member or reference), a number, a boolean, a date, a list. */
export type WValue = { s: string } | { id: string } | { n: number } | { b: boolean } | { date: string } | { list: WValue[] } | { call: string; args: WValue[] };
export type WAttrs = [string, WValue | undefined][];

export const s = (v: string): WValue => ({ s: v });
export const id = (v: string): WValue => ({ id: v });
export const b = (v: boolean): WValue => ({ b: v });
export const n = (v: number): WValue => ({ n: v });
export const ids = (v: readonly string[]): WValue | undefined => (v.length ? { list: v.map(id) } : undefined);
export const strs = (v: readonly string[]): WValue | undefined => (v.length ? { list: v.map(s) } : undefined);

function value(v: WValue): string {
  if ('s' in v) return quote(v.s);
  if ('id' in v) return v.id;
  if ('n' in v) return String(v.n);
  if ('b' in v) return String(v.b);
  if ('date' in v) return v.date;
  if ('call' in v) return `${v.call}(${v.args.map(value).join(', ')})`;
  return `[${v.list.map(value).join(', ')}]`;
}

function block(attrs: WAttrs): string {
  const parts = attrs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${value(v!)}`);
  return parts.length ? ` {\n${parts.map((p) => '  ' + p).join('\n')}\n}` : '';
}

const title = (t: string | undefined, name: string) => (t !== undefined && t !== '' && t !== name ? ' ' + quote(t) : '');

export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The id of an unnamed Warden flow (`A->B`, `A->B#2`) from `from` to `to`, if `text` is one. */
export function unnamedFlowId(text: string | undefined, from: string, to: string): string | undefined {
  return text !== undefined && (text === `${from}->${to}` || new RegExp(`^${from}->${to}#[2-9][0-9]*$`).test(text)) ? text : undefined;
}

/** Words the grammar reads as statement keywords at the start of a line: never used as generated names. */
const RESERVED = new Set(
  'model use data boundary flow kind control threat mitigate accept notApplicable waive in by owner until because for extends attr param required requires when and or not true false'.split(' '),
);

/**
 * Names for the model, made from foreign ids: `customer-portal` -> `CustomerPortal`. The function
 * is idempotent (a name it made maps to itself), so import -> export -> import keeps names. Names
 * share one namespace in Warden (elements, flows, data, boundaries): a clash gets `_2`, `_3`.
 */
export class NameTable {
  private used = new Set<string>();
  private byKey = new Map<string, string>();

  /** The name for the foreign id `foreign` in `space` (a format's own namespaces: "asset", "data", ...), made from `display`. */
  name(space: string, foreign: string, fallback = 'Item', display = foreign): string {
    const key = `${space}\0${foreign}`;
    const known = this.byKey.get(key);
    if (known) return known;
    // An id that is already a Warden name is kept as it is (ids exported by Warden come back unchanged).
    let base = IDENT.test(foreign) && foreign.length <= 80 ? foreign : toIdent(display) || fallback;
    if (RESERVED.has(base)) base += '_';
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    this.byKey.set(key, name);
    return name;
  }

  get(space: string, foreign: string): string | undefined {
    return this.byKey.get(`${space}\0${foreign}`);
  }
}

export function toIdent(text: string): string {
  const parts = text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').split(/[^A-Za-z0-9_]+/).filter(Boolean);
  if (parts.length === 1 && /^[A-Za-z_]/.test(parts[0])) return parts[0][0].toUpperCase() + parts[0].slice(1);
  let out = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  if (/^[0-9]/.test(out)) out = 'N' + out;
  return out.slice(0, 80);
}

export type Decision =
  | { kind: 'mitigate'; target: string; text: string }
  | { kind: 'accept'; target: string; owner: string; until: string; reason: string }
  | { kind: 'notApplicable'; target: string; reason: string };

export interface ThreatRuleSpec {
  name: string;
  title: string;
  on: string;
  category: string;
  /** Names of the elements or flows the rule is about. */
  targets: string[];
  severity?: string;
  likelihood?: string;
  impact?: string;
  statement: string;
  description?: string;
  cwe?: number[];
}

/** The statements of a model being imported; `print()` gives formatted Warden source. */
export class WardenWriter {
  readonly names = new NameTable();
  private header: string[] = [];
  private uses: string[] = [];
  private data: string[] = [];
  private boundaries: string[] = [];
  private elements: string[] = [];
  private flows: string[] = [];
  private rules: string[] = [];
  private decisions: { text: string; id?: string; onMissing?: (id: string) => void }[] = [];

  constructor(private comment: string) {}

  model(name: string, attrs: WAttrs): void {
    this.header.push(`model ${quote(name)}${block(attrs)}`);
  }

  use(path: string): void {
    if (!this.uses.includes(path)) this.uses.push(path);
  }

  dataAsset(name: string, titleText: string | undefined, attrs: WAttrs): void {
    this.data.push(`data ${name}${title(titleText, name)}${block(attrs)}`);
  }

  boundary(name: string, titleText: string | undefined, parent: string | undefined, attrs: WAttrs): void {
    this.boundaries.push(`boundary ${name}${title(titleText, name)}${parent ? ` in ${parent}` : ''}${block(attrs)}`);
  }

  element(kind: string, name: string, titleText: string | undefined, parent: string | undefined, attrs: WAttrs): void {
    this.elements.push(`${kind} ${name}${title(titleText, name)}${parent ? ` in ${parent}` : ''}${block(attrs)}`);
  }

  /** A flow; `name` undefined writes an unnamed flow (its id is `from->to`). */
  flow(name: string | undefined, from: string, to: string, titleText: string | undefined, attrs: WAttrs): void {
    const t = titleText !== undefined && titleText !== '' && titleText !== (name ?? `${from}->${to}`) ? ' ' + quote(titleText) : '';
    this.flows.push(`flow ${name ? `${name}: ` : ''}${from} -> ${to}${t}${block(attrs)}`);
  }

  threatRule(r: ThreatRuleSpec): void {
    const lines = [
      `threat ${r.name} ${quote(r.title)} {`,
      `  on ${r.on}`,
      `  category ${r.category}`,
      r.targets.length === 1 ? `  when name == ${quote(r.targets[0])}` : `  when name in [${r.targets.map(quote).join(', ')}]`,
      ...(r.severity ? [`  severity ${r.severity}`] : [`  likelihood ${r.likelihood ?? 'medium'}`, `  impact ${r.impact ?? 'medium'}`]),
      ...(r.cwe?.length ? [`  cwe [${r.cwe.join(', ')}]`] : []),
      `  phase plan`,
      `  statement ${quote(noHoles(r.statement || r.title))}`,
      ...(r.description ? [`  description ${quote(r.description)}`] : []),
      '}',
    ];
    this.rules.push(lines.join('\n'));
  }

  /**
   * A decision on a threat. `onMissing` is called (and the decision left out) when the target is a
   * threat id (`TH-...`, from a model Warden exported) that the imported model no longer gives rise
   * to: its rule needs a kind or an attribute the format could not carry.
   */
  decision(d: Decision, onMissing?: (id: string) => void): void {
    const text =
      d.kind === 'mitigate'
        ? `mitigate ${d.target} ${quote(d.text)}`
        : d.kind === 'accept'
          ? `accept ${d.target} owner ${quote(d.owner)} until ${d.until} because ${quote(d.reason)}`
          : `notApplicable ${d.target} because ${quote(d.reason)}`;
    this.decisions.push({ text, ...(/^TH-[0-9a-f]{8}$/.test(d.target) ? { id: d.target, onMissing } : {}) });
  }

  /** Leaves out the decisions by threat id for which `exists` is false (see `decision`). */
  keepDecisions(exists: (id: string) => boolean): void {
    this.decisions = this.decisions.filter((d) => {
      if (d.id === undefined || exists(d.id)) return true;
      d.onMissing?.(d.id);
      return false;
    });
  }

  /** Whether some decision names a threat by id. */
  hasIdDecisions(): boolean {
    return this.decisions.some((d) => d.id !== undefined);
  }

  /** The model as formatted Warden source. */
  print(options: { idDecisions?: boolean } = {}): string {
    const sections = [
      this.comment
        // Control characters (a file name may hold any) would end the comment early: shown as `?`.
        .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/g, '?')
        .split('\n')
        .map((l) => `// ${l}`.trimEnd())
        .join('\n'),
      this.header.join('\n'),
      this.uses.map((u) => `use ${quote(u)}`).join('\n'),
      this.data.join('\n'),
      this.boundaries.join('\n'),
      this.elements.join('\n'),
      this.flows.join('\n'),
      this.rules.join('\n\n'),
      this.decisions
        .filter((d) => options.idDecisions !== false || d.id === undefined)
        .map((d) => d.text)
        .sort()
        .join('\n'),
    ].filter((x) => x !== '');
    const text = sections.join('\n\n') + '\n';
    const formatted = formatSource(text, '<import>');
    return formatted.value;
  }
}

/** A statement template fills `{name}` holes: foreign text must not contain one by accident. */
function noHoles(text: string): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_.]*)\}/g, '($1)');
}
