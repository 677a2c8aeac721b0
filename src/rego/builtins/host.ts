import { createHash } from 'node:crypto';
import { EXACT_BUILTIN, exactNumbers } from './exact.js';

// Host-served builtins: ones a Wasm implementation would not pay for itself (regular expressions,
// globs, time, CIDR, encodings). The module declares them in its builtins() map; Warden's loader
// passes these functions to opa-wasm, which calls them through the opa_builtinN imports.

function globToRegExp(pattern: string, delimiters: string[] | null): RegExp {
  const delims = delimiters && delimiters.length ? delimiters : ['.'];
  const notDelim = `[^${delims.map((d) => d.replace(/[\\\]^-]/g, '\\$&')).join('')}]`;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += `${notDelim}*`;
    } else if (c === '?') re += notDelim;
    else if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) throw new Error('glob: unterminated [');
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      re += `[${cls}]`;
      i = end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) throw new Error('glob: unterminated {');
      re += '(?:' + pattern.slice(i + 1, end).split(',').map((a) => globToRegExp(a, delimiters).source.slice(1, -1)).join('|') + ')';
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Go's RE2 syntax is close to JS's for the patterns policies use; `(?i)` prefixes are translated. */
function goRegExp(pattern: string): RegExp {
  let flags = 'u';
  let p = pattern;
  const m = /^\(\?([ims]+)\)/.exec(p);
  if (m) {
    p = p.slice(m[0].length);
    if (m[1]!.includes('i')) flags += 'i';
    if (m[1]!.includes('m')) flags += 'm';
    if (m[1]!.includes('s')) flags += 's';
  }
  return new RegExp(p, flags);
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function cidrRange(cidr: string): [bigint, bigint, number] {
  if (!/^[0-9a-fA-F:.]+(\/\d+)?$/.test(cidr)) throw new Error(`invalid CIDR ${cidr}`);
  const [addr, bitsText] = cidr.split('/');
  const v6 = addr!.includes(':');
  const width = v6 ? 128 : 32;
  const bits = bitsText === undefined ? width : Number(bitsText);
  let n = 0n;
  if (v6) {
    const [a, b] = addr!.split('::');
    const left = a ? a.split(':') : [];
    const right = b !== undefined && b ? b.split(':') : [];
    const groups = b === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
    for (const g of groups) n = (n << 16n) | BigInt(parseInt(g || '0', 16));
  } else {
    for (const o of addr!.split('.')) n = (n << 8n) | BigInt(Number(o));
  }
  const host = BigInt(width - bits);
  const start = (n >> host) << host;
  const end = start + (1n << host) - 1n;
  return [start, end, width];
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`json.patch: invalid path ${path}`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 JSON Patch, as OPA's json.patch applies it (errors make the call undefined upstream). */
function jsonPatch(doc: unknown, ops: Array<Record<string, unknown>>): unknown {
  let root = structuredClone(doc);
  const parentOf = (keys: string[]): [any, string] => {
    let cur: any = root;
    for (const k of keys.slice(0, -1)) {
      if (cur === null || typeof cur !== 'object' || !(k in cur)) throw new Error(`json.patch: path not found`);
      cur = cur[Array.isArray(cur) ? Number(k) : k];
    }
    return [cur, keys[keys.length - 1]!];
  };
  const get = (keys: string[]): unknown => {
    let cur: any = root;
    for (const k of keys) {
      if (cur === null || typeof cur !== 'object' || !(k in cur)) throw new Error('json.patch: path not found');
      cur = cur[Array.isArray(cur) ? Number(k) : k];
    }
    return cur;
  };
  const add = (keys: string[], value: unknown): void => {
    if (!keys.length) {
      root = value;
      return;
    }
    const [parent, last] = parentOf(keys);
    if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
    else if (parent && typeof parent === 'object') parent[last] = value;
    else throw new Error('json.patch: path not found');
  };
  const remove = (keys: string[]): void => {
    const [parent, last] = parentOf(keys);
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else if (parent && typeof parent === 'object' && last in parent) delete parent[last];
    else throw new Error('json.patch: path not found');
  };
  for (const op of ops) {
    const path = pointer(String(op['path']));
    switch (op['op']) {
      case 'add':
        add(path, structuredClone(op['value']));
        break;
      case 'remove':
        remove(path);
        break;
      case 'replace':
        get(path);
        remove(path);
        add(path, structuredClone(op['value']));
        break;
      case 'move': {
        const from = pointer(String(op['from']));
        const v = get(from);
        remove(from);
        add(path, v);
        break;
      }
      case 'copy':
        add(path, structuredClone(get(pointer(String(op['from'])))));
        break;
      case 'test':
        if (JSON.stringify(get(path)) !== JSON.stringify(op['value'])) throw new Error('json.patch: test failed');
        break;
      default:
        throw new Error(`json.patch: unknown op ${String(op['op'])}`);
    }
  }
  return root;
}

const UNDEFINED = { __warden_undefined__: true };

function b64(s: string, alphabet: 'base64' | 'base64url'): string {
  const re = alphabet === 'base64' ? /^[A-Za-z0-9+/]*={0,2}$/ : /^[A-Za-z0-9_-]*={0,2}$/;
  if (!re.test(s) || (alphabet === 'base64' && s.length % 4 !== 0)) throw new Error('illegal base64 data');
  return Buffer.from(s, alphabet).toString('utf8');
}

/**
 * Wraps a builtin so that a failure makes the call undefined (OPA's default, non-strict behaviour);
 * the marker carries the failure's message, which the runtime reports when the policy was compiled
 * with strictBuiltinErrors (`eval_builtin_error: <builtin>: <message>`).
 */
export function undefinedOnError(fn: (...args: any[]) => unknown): (...args: any[]) => unknown {
  return (...args) => {
    try {
      const r = fn(...args);
      return r === undefined ? UNDEFINED : r;
    } catch (e) {
      return { ...UNDEFINED, __warden_error__: e instanceof Error ? e.message : String(e) };
    }
  };
}

const raw: Record<string, (...args: any[]) => unknown> = {
  walk: (x: unknown) => {
    const out: unknown[] = [];
    const visit = (path: unknown[], v: unknown): void => {
      out.push([path, v]);
      if (Array.isArray(v)) v.forEach((c, i) => visit([...path, i], c));
      else if (v !== null && typeof v === 'object') for (const k of Object.keys(v).sort()) visit([...path, k], (v as Record<string, unknown>)[k]);
    };
    visit([], x);
    return out;
  },
  'json.patch': (doc: unknown, ops: Array<Record<string, unknown>>) => jsonPatch(doc, ops),
  'regex.match': (pattern: string, value: string) => goRegExp(pattern).test(value),
  'regex.is_valid': (pattern: string) => {
    try {
      goRegExp(pattern);
      return true;
    } catch {
      return false;
    }
  },
  'regex.find_n': (pattern: string, value: string, n: number) => {
    const all = [...value.matchAll(new RegExp(goRegExp(pattern).source, goRegExp(pattern).flags + 'g'))].map((m) => m[0]);
    return n < 0 ? all : all.slice(0, n);
  },
  'regex.replace': (value: string, pattern: string, repl: string) => value.replace(new RegExp(goRegExp(pattern).source, goRegExp(pattern).flags + 'g'), repl.replace(/\$\{?(\d+)\}?/g, '$$$1')),
  'glob.match': (pattern: string, delimiters: string[] | null, value: string) => globToRegExp(pattern, delimiters).test(value),
  'glob.quote_meta': (pattern: string) => pattern.replace(/[*?\\[\]{}]/g, '\\$&'),
  'time.now_ns': () => Date.now() * 1e6,
  'time.parse_rfc3339_ns': (s: string) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw new Error(`time.parse_rfc3339_ns: invalid time ${s}`);
    const frac = /\.(\d+)/.exec(s);
    const extra = frac ? Number((frac[1]! + '000000000').slice(3, 9)) : 0;
    return t * 1e6 + extra;
  },
  'net.cidr_contains': (cidr: string, target: string) => {
    const [s, e, w] = cidrRange(cidr);
    const [ts, te, tw] = cidrRange(target);
    return w === tw && ts >= s && te <= e;
  },
  'net.cidr_intersects': (a: string, b: string) => {
    const [s1, e1] = cidrRange(a);
    const [s2, e2] = cidrRange(b);
    return s1 <= e2 && s2 <= e1;
  },
  'semver.is_valid': (v: unknown) => typeof v === 'string' && SEMVER.test(v),
  'semver.compare': (a: string, b: string) => {
    if (!SEMVER.test(a) || !SEMVER.test(b)) throw new Error('semver.compare: invalid semver');
    const pa = a.split(/[-+]/)[0]!.split('.').map(Number);
    const pb = b.split(/[-+]/)[0]!.split('.').map(Number);
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
    const ra = a.split('+')[0]!.split('-')[1];
    const rb = b.split('+')[0]!.split('-')[1];
    if (ra === rb) return 0;
    if (ra === undefined) return 1;
    if (rb === undefined) return -1;
    return ra < rb ? -1 : 1;
  },
  'base64.encode': (s: string) => Buffer.from(s, 'utf8').toString('base64'),
  'base64.decode': (s: string) => b64(s, 'base64'),
  'base64.is_valid': (s: string) => {
    try {
      b64(s, 'base64');
      return true;
    } catch {
      return false;
    }
  },
  'crypto.sha256': (s: string) => createHash('sha256').update(s).digest('hex'),
  'crypto.sha1': (s: string) => createHash('sha1').update(s).digest('hex'),
  'crypto.md5': (s: string) => createHash('md5').update(s).digest('hex'),
  'time.date': (ns: number | [number, string]) => {
    const n = Array.isArray(ns) ? ns[0] : ns;
    const d = new Date(Math.floor(n / 1e6));
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  },
  'time.clock': (ns: number | [number, string]) => {
    const n = Array.isArray(ns) ? ns[0] : ns;
    const d = new Date(Math.floor(n / 1e6));
    return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  },
  'time.weekday': (ns: number | [number, string]) => {
    const n = Array.isArray(ns) ? ns[0] : ns;
    return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][new Date(Math.floor(n / 1e6)).getUTCDay()];
  },
  'numbers.range_step': (a: number, b: number, step: number) => {
    if (!Number.isInteger(a) || !Number.isInteger(b) || !Number.isInteger(step) || step <= 0) throw new Error('numbers.range_step: step must be a positive integer');
    const out: number[] = [];
    if (a <= b) for (let x = a; x <= b; x += step) out.push(x);
    else for (let x = a; x >= b; x -= step) out.push(x);
    return out;
  },
  'regex.find_all_string_submatch_n': (pattern: string, value: string, n: number) => {
    const re = goRegExp(pattern);
    const all = [...value.matchAll(new RegExp(re.source, re.flags + 'g'))].map((m) => [...m].map((x) => x ?? ''));
    return n < 0 ? all : all.slice(0, n);
  },
  'base64url.encode': (s: string) => Buffer.from(s, 'utf8').toString('base64url'),
  'base64url.decode': (s: string) => b64(s, 'base64url'),
  'hex.encode': (s: string) => Buffer.from(s, 'utf8').toString('hex'),
  'hex.decode': (s: string) => Buffer.from(s, 'hex').toString('utf8'),
  'units.parse_bytes': (s: string) => {
    const m = /^\s*([0-9.]+)\s*([a-zA-Z]*)\s*$/.exec(s);
    if (!m) throw new Error(`units.parse_bytes: could not parse ${s}`);
    const units: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, ki: 1024, kib: 1024, m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2, g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3, t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4 };
    const f = units[m[2]!.toLowerCase()];
    if (f === undefined) throw new Error(`units.parse_bytes: unknown unit ${m[2]}`);
    return Math.round(Number(m[1]) * f);
  },
  'units.parse': (s: string) => {
    const m = /^\s*([0-9.]+)\s*([a-zA-Z]*)\s*$/.exec(s);
    if (!m) throw new Error(`units.parse: could not parse ${s}`);
    const units: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
    const f = units[m[2]!];
    if (f === undefined) throw new Error(`units.parse: unknown unit ${m[2]}`);
    return Number(m[1]) * f;
  },
  'strings.replace_n': (patterns: Record<string, string>, s: string) => {
    let out = s;
    for (const k of Object.keys(patterns).sort()) out = out.split(k).join(patterns[k]!);
    return out;
  },
  'urlquery.encode': (s: string) => encodeURIComponent(s).replace(/%20/g, '+'),
};

export const hostBuiltins: Record<string, (...args: any[]) => unknown> = Object.fromEntries(Object.entries(raw).map(([k, f]) => [k, undefinedOnError(f)]));
// exact arithmetic beyond the runtime's in-module range (reports its own errors in its answer)
hostBuiltins[EXACT_BUILTIN] = exactNumbers as (...args: any[]) => unknown;
