// The JavaScript value of one document composed by the `yaml` package, built here instead of by
// the package's toJS() because manifests may come from an attacker (a pull request CI checks):
//
// - Plain scalars resolve as Kubernetes reads them (`scalars: 'kubernetes'`, for manifests: YAML
//   1.1's booleans and numbers, src/text/kube-scalars.ts) or by the package's YAML 1.2 core
//   schema (`'core'`, for GitHub workflows, whose `on:` is a key named "on").
// - Merge keys apply: `<<: {k: v}`, `<<: *anchor`, `<<: [*a, *b]`. For manifests, in go-yaml v2's
//   order, as kubectl applies them: entries write in document order, a merge over the keys before
//   it and a later key over the merge; in a merge list the earlier source wins. In core mode,
//   explicit keys win over merged ones wherever they stand and the first merged source giving a key
//   wins (go-yaml v3). Only a plain `<<` (or `!!merge`) is a merge key: `"<<"` and `!!str <<` are
//   ordinary keys, as in go-yaml.
// - Aliases resolve in one pass (the package's own resolution scans the document for every alias:
//   quadratic), to the value of the last anchor of that name before them in the same document; an
//   alias to an anchor of another document, or inside its own anchor, is an error, as YAML says.
// - Expansion is paid for in bytes, not counted in aliases: every alias (and every merge through
//   one) charges the expanded size of what it names (JSON bytes, the form the policy input takes,
//   measured by ValueMeter as the fast reader measures it) to a budget shared by the whole run.
//   Sizes are kept per shared object, so a bomb of any depth is refused after work linear in its
//   text, before anything is expanded.
// - A key given twice in a mapping (after conversion to a string key) is an error: which one
//   wins differs between readers.
// - Nesting depth counts through aliases (a shallow alias to a deep anchor is deep).
//
// Aliased values are shared (the same object), as toJS() shares them; merges copy entries.
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import type { Scalars } from '../text/fast-yaml.js';
import { kubeKeyText, kubeScalarValue, noJsonForm, resolveKubePlain, resolveKubeTagged, type KubeScalar } from '../text/kube-scalars.js';
import { ValueMeter } from '../text/value-meter.js';

/** Bytes that aliases may still add to the run's input; decremented as documents are read. */
export interface ExpansionBudget {
  remaining: number;
  /** The limit as a user set it or as the defaults made it, for messages. */
  limit: number;
  /** How the limit was set, for messages ("10 × the input size + 1 MiB, at most 64 MiB"). */
  describe: string;
}

export interface ValueError {
  code: 'WD5001' | 'WD5003' | 'WD5005';
  message: string;
  offset: number;
  endOffset: number;
  hint?: string;
}

interface Info {
  value: unknown;
}

class Stop extends Error {
  constructor(readonly error: ValueError) {
    super(error.message);
  }
}

const IN_PROGRESS: Info = { value: undefined };

const rangeOf = (node: { range?: readonly number[] | null } | null | undefined): [number, number] => {
  const r = node?.range;
  return r ? [r[0]!, r[1]!] : [0, 0];
};

/** Whether a pair's key is a YAML merge key (plain `<<` or `!!merge`; the schema makes it a symbol). */
export function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

class Converter {
  /** Anchor name -> the node it names now (a later anchor of the same name replaces it). */
  private readonly anchors = new Map<string, YamlNode>();
  /** Converted anchored nodes; IN_PROGRESS while their own content is read. */
  private readonly done = new Map<YamlNode, Info>();
  /** Where each alias of the document points, for positions. */
  readonly aliasTargets = new Map<YamlNode, YamlNode>();
  private readonly meter = new ValueMeter();

  constructor(
    private readonly budget: ExpansionBudget,
    private readonly maxDepth: number,
    private readonly scalars: Scalars = 'core',
  ) {}

  /** How many flow collections (`{...}`, `[...]`) the node being read is inside. */
  private flowDepth = 0;

  /** A plain, untagged scalar read as Kubernetes reads it (kube-scalars.ts); undefined in core mode or for other scalars. */
  private kubePlain(n: unknown): { scalar: KubeScalar; text: string } | undefined {
    if (this.scalars !== 'kubernetes' || !isScalar(n)) return undefined;
    const text = String((n as { source?: unknown }).source ?? n.value ?? '');
    // in a flow collection go-yaml v2 takes a leading `?` for the key indicator, YAML 1.2 for text:
    // `{?privileged: true}` sets privileged to the cluster and a key "?privileged" to others
    if (this.flowDepth > 0 && n.type === 'PLAIN' && text.startsWith('?')) {
      this.fail('WD5001', `${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)} in a flow collection: Kubernetes' YAML reader (go-yaml v2) takes its \`?\` for a key indicator, others for text`, n, 'write `? ` with a space for an explicit key, or quote the text');
    }
    const r = kubeScalarOf(n);
    if (r && 'error' in r) this.fail('WD5001', r.error, n);
    return r;
  }

  private fail(code: ValueError['code'], message: string, node: { range?: readonly number[] | null } | null | undefined, hint?: string): never {
    const [offset, endOffset] = rangeOf(node);
    throw new Stop({ code, message, offset, endOffset: Math.max(endOffset, offset + 1), ...(hint ? { hint } : {}) });
  }

  /** `level` is the textual nesting of the node (the document's root is 1). */
  node(node: unknown, level: number): Info {
    if (node === null || node === undefined) return { value: null };
    if (isAlias(node)) return this.alias(node, level);
    const n = node as YamlNode;
    if (level > this.maxDepth && (isMap(n) || isSeq(n))) this.fail('WD5005', `nesting deeper than ${this.maxDepth} levels`, n);
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) {
      this.anchors.set(anchor, n);
      this.done.set(n, IN_PROGRESS);
    }
    const flow = (isMap(n) || isSeq(n)) && (n as { flow?: boolean }).flow === true;
    if (flow) this.flowDepth++;
    const info = isMap(n) ? this.map(n.items, level) : isSeq(n) ? this.seq(n.items, level) : this.scalar(n);
    if (flow) this.flowDepth--;
    if (anchor) this.done.set(n, info);
    return info;
  }

  private alias(node: YamlNode & { source: string }, level: number): Info {
    const target = this.anchors.get(node.source);
    if (!target) {
      this.fail('WD5001', `unknown alias *${node.source}: no anchor &${node.source} before it in this document`, node, 'an alias names an anchor set earlier in the same document; anchors do not cross `---`');
    }
    const info = this.done.get(target)!;
    if (info === IN_PROGRESS) this.fail('WD5001', `alias *${node.source} is inside the node its anchor names (a cycle)`, node);
    this.aliasTargets.set(node, target);
    const m = this.meter.measure(info.value);
    this.budget.remaining -= m.size;
    if (this.budget.remaining < 0) {
      this.fail(
        'WD5003',
        `YAML aliases expand the input beyond the limit of ${this.budget.limit} bytes (${this.budget.describe}); *${node.source} alone adds ${m.size} bytes`,
        node,
        'an alias bomb? If this input is genuine, raise the limit with --max-expansion <bytes>',
      );
    }
    if (level - 1 + m.depth > this.maxDepth) this.fail('WD5005', `alias *${node.source} nests the document deeper than ${this.maxDepth} levels`, node);
    return info;
  }

  private scalar(n: YamlNode): Info {
    if (!isScalar(n)) this.fail('WD5001', 'unsupported YAML node', n);
    const kube = this.kubePlain(n);
    if (kube) {
      const why = noJsonForm(kube.scalar);
      if (why) this.fail('WD5001', `${kube.text} is ${why}: kubectl cannot turn this document into JSON`, n, 'quote it if a string is meant');
      return { value: kubeScalarValue(kube.scalar) };
    }
    const v = n.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: v };
    if (typeof v === 'bigint') return { value: Number(v) };
    return this.fail('WD5001', 'a merge key `<<` can only be a mapping key', n);
  }

  private seq(items: readonly unknown[], level: number): Info {
    const arr: unknown[] = [];
    for (const item of items) arr.push((isPair(item) ? this.map([item], level + 1) : this.node(item, level + 1)).value);
    return { value: arr };
  }

  /** A mapping's entries in document order; merge pairs insert the keys not already present. */
  private map(items: readonly Pair[], level: number): Info {
    const obj: Record<string, unknown> = {};
    // Explicit keys seen, for duplicates (the package's own uniqueKeys check is quadratic).
    const explicit = new Set<string>();
    // For manifests with merge keys, the mapping as go-yaml v3 (kustomize, Flux, opa) reads it too:
    // where it differs from go-yaml v2's reading (kubectl, Helm), the document is refused below
    const firstMerge = this.scalars === 'kubernetes' ? items.find((p) => isMergePair(p)) : undefined;
    const v3: Record<string, unknown> | undefined = firstMerge ? {} : undefined;
    for (const pair of items) {
      if (isMergePair(pair)) {
        const sources = this.mergeSources(pair, level);
        if (this.scalars === 'kubernetes') {
          // go-yaml v2, as kubectl reads YAML: a merge writes its keys over what the mapping has so
          // far (a later explicit key writes over it in turn); in a list the earlier source wins,
          // being written last
          for (let i = sources.length - 1; i >= 0; i--) for (const [k, v] of Object.entries(sources[i]!.value as Record<string, unknown>)) define(obj, k, v);
        }
        // go-yaml v3: explicit keys win wherever they stand, and the first source giving a key
        const target = v3 ?? obj;
        for (const src of sources) for (const [k, v] of Object.entries(src.value as Record<string, unknown>)) if (!Object.hasOwn(target, k)) define(target, k, v);
        continue;
      }
      const key = this.key(pair.key, level);
      if (explicit.has(key)) this.fail('WD5001', `duplicate key "${key.length > 60 ? key.slice(0, 60) + '…' : key}" in a mapping`, pair.key as YamlNode, 'Kubernetes keeps only one of them; remove the other');
      explicit.add(key);
      const value = this.node(pair.value, level + 1).value;
      define(obj, key, value);
      if (v3) define(v3, key, value);
    }
    if (v3) this.sameReadings(obj, v3, firstMerge!);
    return { value: obj };
  }

  /**
   * Refuses a mapping whose merge keys give a key one value in go-yaml v2's order (kubectl, Helm,
   * Argo CD) and another in go-yaml v3's (kustomize, Flux): `privileged: true` and then
   * `<<: {privileged: false}` is privileged to one and not to the other, so no single reading is safe.
   */
  private sameReadings(v2: Record<string, unknown>, v3: Record<string, unknown>, at: Pair): void {
    for (const k of Object.keys(v2)) {
      if (Object.is(v2[k], v3[k]) || isDeepStrictEqual(v2[k], v3[k])) continue;
      const shown = k.length > 60 ? k.slice(0, 60) + '…' : k;
      this.fail(
        'WD5001',
        `the merge keys of this mapping give "${shown}" one value in kubectl's reading (go-yaml v2: the last writer wins) and another in kustomize's and Flux's (go-yaml v3: an explicit key wins)`,
        at.key as YamlNode,
        'write the key once, or only after the merge: the cluster would get either value depending on the tool that applies it',
      );
    }
  }

  /** The mappings a merge pair's value names: a mapping, an alias to one, or a list of those. */
  private mergeSources(pair: Pair, level: number): Info[] {
    const v = pair.value as YamlNode | null;
    const wrong = (at: unknown): never =>
      this.fail('WD5001', 'a merge key `<<` needs a mapping, an alias to one, or a list of those', (at ?? pair.key) as YamlNode, 'Kubernetes rejects any other value; quote the key ("<<") for a literal `<<` key');
    const one = (n: unknown): Info => {
      const target = isAlias(n) ? this.anchors.get(n.source) : n;
      if (target !== undefined && !isMap(target)) return wrong(n);
      return this.node(n, level);
    };
    if (isSeq(v) && !isAlias(v)) return v.items.map((item) => one(item));
    return [one(v)];
  }

  private key(k: unknown, level: number): string {
    if (isAlias(k)) {
      const target = this.anchors.get(k.source);
      if (target && !isScalar(target)) this.fail('WD5001', 'a mapping key that is a mapping or a list is not supported (Kubernetes rejects it)', k);
    } else if (k !== null && !isScalar(k)) this.fail('WD5001', 'a mapping key that is a mapping or a list is not supported (Kubernetes rejects it)', k as YamlNode);
    const kube = this.kubePlain(k);
    if (kube) {
      const text = kubeKeyText(kube.scalar, kube.text);
      if ('error' in text) this.fail('WD5001', text.error, k as YamlNode, 'quote the key');
      return text.key;
    }
    const v = this.node(k, level + 1).value;
    if (v === null && this.scalars === 'kubernetes') this.fail('WD5001', 'a null mapping key: kubectl cannot convert it', (k ?? undefined) as YamlNode | undefined, 'give the key a name');
    return v === null ? '' : String(v);
  }
}

/**
 * A scalar node as Kubernetes reads it: a plain untagged one by YAML 1.1's rules, one with an
 * explicit standard tag (`!!bool on`, quoted or not) as go-yaml v2 resolves that tag, or an error
 * when the tag does not fit; undefined for quoted untagged scalars and other tags (their text).
 */
export function kubeScalarOf(n: Scalar): { scalar: KubeScalar; text: string } | { error: string } | undefined {
  const text = String((n as { source?: unknown }).source ?? n.value ?? '');
  if (n.tag === undefined) return n.type === 'PLAIN' ? { scalar: resolveKubePlain(text), text } : undefined;
  const tagged = resolveKubeTagged(n.tag, text);
  if (tagged === undefined || 'error' in tagged) return tagged;
  return { scalar: tagged, text };
}

/** `obj[key] = value`, also for `__proto__`, which must stay an ordinary key. */
function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

export interface DocumentValue {
  value: unknown;
  /** Alias node -> the anchored node it names, for positions. */
  aliasTargets: Map<YamlNode, YamlNode>;
}

/** The value of a document without errors; charges its alias expansion to `budget`. */
export function documentValue(doc: Document.Parsed, budget: ExpansionBudget, maxDepth: number, scalars: Scalars = 'core'): { value: DocumentValue } | { error: ValueError } {
  const c = new Converter(budget, maxDepth, scalars);
  try {
    const info = c.node(doc.contents, 1);
    return { value: { value: info.value, aliasTargets: c.aliasTargets } };
  } catch (err) {
    if (err instanceof Stop) return { error: err.error };
    throw err;
  }
}
