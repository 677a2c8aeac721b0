// Plain scalars as Kubernetes reads them. kubectl, Helm, Argo CD, Flux and the API server's YAML
// endpoint all turn YAML into JSON through sigs.k8s.io/yaml, which parses with go-yaml v2, and
// go-yaml v2 resolves plain (unquoted, untagged) scalars by YAML 1.1's rules, not the YAML 1.2
// core schema most readers (the `yaml` package, go-yaml v3, opa) use:
//
// - `y`, `yes`, `on` (and `Y`, `Yes`, `YES`, `On`, `ON`) are true; `n`, `no`, `off` and their
//   capitalised forms are false, beside `true`/`false` in three spellings. `privileged: on`
//   runs a privileged container: a checker that reads the string "on" misses it.
// - An integer may carry `_` anywhere (`1_000`), a leading `0` makes it octal (`010000` is 4096,
//   where YAML 1.2 reads 10000), and `0x`, `0o` and `0b` prefixes and a sign are allowed; beyond
//   64 bits it is read as a float if it looks like one.
// - A float is `[-+]?(.d+|d+(.d*)?)([eE][-+]?d+)?` (so `1e3` is 1000), or `.inf`/`.nan` in their
//   spellings, which JSON cannot carry: such a document cannot be sent at all.
// - A YAML timestamp stays its text (go-yaml v2 keeps timestamps as strings in untyped values).
// - Mapping keys resolve the same way and are then written as JSON object keys: a boolean as
//   `true`/`false`, an integer in decimal; a null key makes the conversion fail (Warden also refuses
//   float keys, which go-yaml writes in float32 precision).
//
// The rules here are the facts of that behaviour, checked against the library itself
// (test/check/kube-scalars.test.ts, whose oracle runs sigs.k8s.io/yaml where Go is installed).

/** A plain scalar's value as go-yaml v2 resolves it. */
export type KubeScalar =
  | { kind: 'str'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number };

const WORDS = new Map<string, KubeScalar>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, { kind: 'bool', value: true });
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS.set(w, { kind: 'bool', value: false });
for (const w of ['~', 'null', 'Null', 'NULL']) WORDS.set(w, { kind: 'null' });
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, { kind: 'float', value: NaN });
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, { kind: 'float', value: Infinity });
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, { kind: 'float', value: -Infinity });

/** First characters after which a plain scalar may be something other than a string. */
const MAY_RESOLVE = /^[-+0-9yYnNtTfFoO~.]/;
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Go's strconv.ParseInt with base 0: a sign, then a 0x/0o/0b prefix, a leading 0 (octal) or decimal digits. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseInt(s, 0, 64), else strconv.ParseUint(s, 0, 64) (no sign), as a BigInt; undefined when neither reads it. */
function goInteger(s: string): bigint | undefined {
  const m = GO_INT.exec(s);
  if (!m) return undefined;
  const [, sign, hex, oct, bin, zeroOct, dec] = m;
  const magnitude =
    hex !== undefined ? BigInt(`0x${hex}`) : oct !== undefined ? BigInt(`0o${oct}`) : bin !== undefined ? BigInt(`0b${bin}`) : zeroOct !== undefined ? (zeroOct === '' ? 0n : BigInt(`0o${zeroOct}`)) : BigInt(dec!);
  const v = sign === '-' ? -magnitude : magnitude;
  if (v >= INT64_MIN && v <= INT64_MAX) return v;
  // ParseUint takes no sign at all
  return sign === '' && v <= UINT64_MAX ? v : undefined;
}

/** A plain, untagged scalar's text as go-yaml v2 resolves it. */
export function resolveKubePlain(text: string): KubeScalar {
  if (text === '') return { kind: 'null' };
  if (!MAY_RESOLVE.test(text)) return { kind: 'str', text };
  const word = WORDS.get(text);
  if (word) return word;
  const c = text[0]!;
  if (c === '.') {
    // strconv.ParseFloat: a finite value, else (out of range) the text
    if (DOT_FLOAT.test(text)) {
      const f = Number(text);
      if (Number.isFinite(f)) return { kind: 'float', value: f };
    }
    return { kind: 'str', text };
  }
  if (c !== '+' && c !== '-' && (c < '0' || c > '9')) return { kind: 'str', text };
  // a timestamp (four digits and a dash first) stays text; no integer or float starts so anyway
  const plain = text.replace(/_/g, '');
  const i = goInteger(plain);
  if (i !== undefined) return { kind: 'int', value: i };
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return { kind: 'float', value: f };
  }
  return { kind: 'str', text };
}

const TAG = 'tag:yaml.org,2002:';
const KINDS_OF_TAG: Record<string, ReadonlyArray<KubeScalar['kind']>> = { bool: ['bool'], int: ['int'], float: ['float', 'int'], null: ['null'] };

/**
 * A scalar with an explicit standard tag (`!!bool on`, `!!int "0755"`, quoted or not), as go-yaml v2
 * reads it: `!!str` is the text; `!!bool`, `!!int`, `!!float` and `!!null` resolve the text as a
 * plain scalar, which must then be of that type (an integer is also a float), else kubectl cannot
 * convert the document (an error here). Other YAML tags (`!!timestamp`, `!!binary`) are refused
 * with an error too; undefined for a tag outside yaml.org's (the text, as before).
 */
export function resolveKubeTagged(tag: string, text: string): KubeScalar | { error: string } | undefined {
  if (!tag.startsWith(TAG)) return undefined;
  const name = tag.slice(TAG.length);
  if (name === 'str') return { kind: 'str', text };
  const kinds = KINDS_OF_TAG[name];
  if (!kinds) return { error: `the tag !!${name} is not supported in manifests; write the value without it` };
  const r = resolveKubePlain(text);
  if (!kinds.includes(r.kind)) return { error: `${JSON.stringify(text)} is not a !!${name} as Kubernetes reads YAML: kubectl cannot convert this document` };
  return r.kind === 'int' && name === 'float' ? { kind: 'float', value: Number(r.value) } : r;
}

/** Why a document cannot become JSON (kubectl fails on it), or undefined. */
export function noJsonForm(s: KubeScalar): string | undefined {
  return s.kind === 'float' && !Number.isFinite(s.value) ? `${Number.isNaN(s.value) ? 'NaN' : 'an infinity'}, which JSON cannot carry` : undefined;
}

/** The JavaScript value of a resolved scalar (integers past 2^53 are rounded, as every JSON number here is a double). */
export function kubeScalarValue(s: KubeScalar): unknown {
  switch (s.kind) {
    case 'str':
      return s.text;
    case 'bool':
      return s.value;
    case 'null':
      return null;
    case 'int':
      return Number(s.value);
    case 'float':
      return s.value;
  }
}

/** The JSON object key a resolved mapping key becomes, or an error saying why the conversion fails. */
export function kubeKeyText(s: KubeScalar, text: string): { key: string } | { error: string } {
  switch (s.kind) {
    case 'str':
      return { key: s.text };
    case 'bool':
      return { key: String(s.value) };
    case 'int':
      // go-yaml gives an unsigned 64-bit integer past int64, which sigs.k8s.io/yaml cannot use as a key
      return s.value <= INT64_MAX ? { key: s.value.toString() } : { error: `the mapping key ${JSON.stringify(text)} is an integer past 2^63 - 1 as Kubernetes reads YAML, and kubectl cannot convert it` };
    case 'null':
      return { error: `the mapping key ${JSON.stringify(text)} is null as Kubernetes reads YAML, and kubectl cannot convert a null key` };
    case 'float':
      return { error: `the mapping key ${JSON.stringify(text)} is a float as Kubernetes reads YAML; Warden does not convert float keys (quote the key)` };
  }
}
