// uri.parse / uri.is_valid: the URL as Go's net/url.Parse (Go 1.26, the toolchain opa v1.22.2 is
// built with) splits it, since opa reports its fields. Byte-wise like Go: every delimiter is ASCII;
// a byte of a non-ASCII character is never one, and is always percent-escaped when re-encoding.
import { isIPv6 } from 'node:net';
import { builtinError, str, UnsupportedBuiltinInput } from './values.js';

type Mode = 'path' | 'host' | 'zone' | 'user' | 'fragment';

class UrlError extends Error {}

/** The ASCII characters besides letters and digits each mode leaves as they are (Go's shouldEscape). */
const KEEP: Record<Mode, string> = {
  path: "$&+,-./:;=@_~",
  host: "!\"$&'()*+,-.:;<=>[]_~",
  zone: "!\"$&'()*+,-.:;<=>[]_~",
  user: '$&+,-.;=_~',
  fragment: '!$&()*+,-./:;=?@_~',
};

const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const shouldEscape = (c: number, mode: Mode): boolean => !(c < 0x80 && (isAlnum(c) || KEEP[mode].includes(String.fromCharCode(c))));

const strict = new TextDecoder('utf-8', { fatal: true });

/** Set when an escape decoded to bytes that are not UTF-8: a Go string, but no Rego string. */
let notUtf8 = false;

/** Go's unescape: %XX decoded (checked per mode). */
function unescape(s: string, mode: Mode): string {
  const b = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x25) {
      if (i + 2 >= b.length || !isHex(b[i + 1]!) || !isHex(b[i + 2]!)) throw new UrlError('invalid URL escape');
      const v = parseInt(String.fromCharCode(b[i + 1]!, b[i + 2]!), 16);
      const pct25 = v === 0x25;
      if (mode === 'host' && v < 0x80 && !pct25) throw new UrlError('invalid URL escape');
      if (mode === 'zone' && !pct25 && v !== 0x20 && shouldEscape(v, 'host')) throw new UrlError('invalid URL escape');
      out.push(v);
      i += 2;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) throw new UrlError('invalid character in host name');
      out.push(c);
    }
  }
  try {
    return strict.decode(Uint8Array.from(out));
  } catch {
    notUtf8 = true;
    return '';
  }
}

/** Go's escape: bytes that should be escaped as %XX with upper-case hex digits. */
function escape(s: string, mode: Mode): string {
  let out = '';
  for (const c of Buffer.from(s, 'utf8')) out += shouldEscape(c, mode) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(c);
  return out;
}

const validOptionalPort = (p: string): boolean => p === '' || /^:[0-9]*$/.test(p);

interface GoUrl {
  scheme: string;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
  fragment: string;
}

/** Go's getScheme: letters, then letters, digits, "+", "-" or "." up to a ":". */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

/** Go's parseHost for a bracketed IP literal: an IPv6 address, optionally with a zone, then a port. */
function parseIpLiteral(host: string): string {
  const close = host.lastIndexOf(']');
  if (close < 0) throw new UrlError("missing ']' in host");
  const colonPort = host.slice(close + 1);
  if (!validOptionalPort(colonPort)) throw new UrlError('invalid port after host');
  const name = host.slice(1, close);
  const zone = name.indexOf('%25');
  const unescaped = zone >= 0 ? unescape(name.slice(0, zone), 'host') + unescape(name.slice(zone), 'zone') : unescape(name, 'host');
  const pct = unescaped.indexOf('%');
  const addr = pct >= 0 ? unescaped.slice(0, pct) : unescaped;
  // netip.ParseAddr: an IPv6 address (an IPv4 one is refused in brackets); a zone is not empty
  if (!isIPv6(addr) || (pct >= 0 && pct === unescaped.length - 1)) throw new UrlError('invalid host');
  return `[${unescaped}]${colonPort}`;
}

function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[');
  if (open > 0) throw new UrlError('invalid IP-literal');
  if (open === 0) return parseIpLiteral(host);
  let i = host.indexOf(':');
  if (i !== -1) {
    // several colons: only http(s) refuse them (Go's strict colons, the default)
    const last = host.lastIndexOf(':');
    if (last !== i && scheme !== 'http' && scheme !== 'https') i = last;
    if (!validOptionalPort(host.slice(i))) throw new UrlError('invalid port after host');
  }
  return unescape(host, 'host');
}

function parseAuthority(scheme: string, authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError('invalid userinfo');
    for (const part of userinfo.includes(':') ? userinfo.split(/:(.*)/s).slice(0, 2) : [userinfo]) unescape(part, 'user');
  }
  return host;
}

/** Go's url.Parse without the fragment (parse(rawURL, false)). */
function parseNoFragment(raw: string, u: GoUrl): void {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('invalid control character in URL');
  if (raw === '*') {
    u.path = '*';
    return;
  }
  let [scheme, rest] = splitScheme(raw);
  u.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes('?')) {
    u.rawQuery = rest.slice(rest.indexOf('?') + 1);
    rest = rest.slice(0, rest.indexOf('?'));
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') return; // an opaque URI (mailto:x): no host, no path
    if (rest.split('/')[0]!.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    u.host = parseAuthority(u.scheme, authority);
  }
  u.path = unescape(rest, 'path');
  u.rawPath = escape(u.path, 'path') === rest ? '' : rest;
}

function goParse(raw: string): GoUrl {
  notUtf8 = false;
  const u: GoUrl = { scheme: '', host: '', path: '', rawPath: '', rawQuery: '', fragment: '' };
  const hash = raw.indexOf('#');
  parseNoFragment(hash < 0 ? raw : raw.slice(0, hash), u);
  if (hash >= 0) u.fragment = unescape(raw.slice(hash + 1), 'fragment');
  return u;
}

/** Go's splitHostPort for URL.Hostname and URL.Port: a numeric port after the last colon. */
function hostAndPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) [host, port] = [host.slice(0, colon), host.slice(colon + 1)];
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

/** uri.parse: the non-empty components (raw_path whenever there is a path). */
function uriParse(s: unknown): Record<string, string> {
  const text = str('uri.parse', 1, s);
  let u: GoUrl;
  try {
    u = goParse(text);
  } catch (e) {
    if (e instanceof UrlError) return builtinError('uri.parse', `parse ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
  if (notUtf8) throw new UnsupportedBuiltinInput('uri.parse', 'a percent-escape that decodes to bytes which are not UTF-8');
  const [hostname, port] = hostAndPort(u.host);
  const out: Record<string, string> = {};
  if (u.scheme) out.scheme = u.scheme;
  if (hostname) out.hostname = hostname;
  if (port) out.port = port;
  if (u.path) {
    out.path = u.path;
    out.raw_path = u.rawPath || u.path;
  }
  if (u.rawQuery) out.raw_query = u.rawQuery;
  if (u.fragment) out.fragment = u.fragment;
  return out;
}

/** uri.is_valid: false for a non-string, the empty string, or what url.Parse refuses. */
function uriIsValid(s: unknown): boolean {
  if (typeof s !== 'string' || s === '') return false;
  try {
    goParse(s);
    return true;
  } catch (e) {
    if (e instanceof UrlError) return false;
    throw e;
  }
}

export const uriBuiltins: Record<string, (...args: any[]) => unknown> = {
  'uri.parse': uriParse,
  'uri.is_valid': uriIsValid,
};
