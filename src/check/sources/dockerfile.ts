// Dockerfiles (and Containerfiles), recognised by content: the first instruction, after comments,
// parser directives and blank lines, is FROM or ARG, and the file has a FROM. Read as BuildKit's
// frontend reads them: parser directives (`# escape=`), line continuations (the escape character at
// the end of a line, comment lines inside a continuation dropped), flags (`--platform=...`), JSON
// (exec) form, and here-documents (`RUN <<EOF ... EOF`). The result is one `Dockerfile` resource:
//   spec.instructions[i] = {instruction, value, args, flags, stage, json}
//   spec.stages[k]       = {image, name, instruction, resolved, base, user, userInstruction}
// A finding's path `["spec", "instructions", i, ...]` points at instruction i (its arguments when
// the path goes further), `["spec", "stages", k]` at the FROM of stage k.
import { spanAt, type Result } from '../../diagnostics/index.js';
import type { FieldPath, ManifestResource } from '../manifests.js';
import { sourceResource } from './resource.js';

const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(\S*)\s*$/;

/** Whether `text` reads as a Dockerfile (never true of YAML or JSON). */
export function isDockerfile(text: string): boolean {
  const first = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*([A-Za-z]+)[ \t]+\S/.exec(text);
  return !!first && /^(?:FROM|ARG)$/i.test(first[1]) && /^[ \t]*FROM[ \t]+\S/im.test(text);
}

export interface DockerInstruction {
  instruction: string;
  /** Everything after the instruction word and its flags, continuations joined with a space; a here-document's body follows on new lines. */
  value: string;
  /** Shell-form words (split on blanks) or the exec-form JSON array. */
  args: string[];
  flags: Record<string, string>;
  /** Build stage (0-based); -1 for ARGs before the first FROM. */
  stage: number;
  /** Exec (JSON array) form. */
  json: boolean;
}

interface Located {
  line: number;
  column: number;
  /** Column where the value starts. */
  valueColumn: number;
}

/** Reads one Dockerfile into one resource, or none with a located WD5001. */
export function readDockerfile(file: string, text: string, index: number): Result<ManifestResource[]> {
  const parsed = parseDockerfile(text);
  if ('error' in parsed) {
    return { value: [], diagnostics: [{ code: 'WD5001', severity: 'error', message: `${parsed.error}; Dockerfile not checked`, file, span: spanAt(text, parsed.offset, 1), hint: 'docker build refuses this file too' }] };
  }
  const { instructions, stages, positions } = parsed;
  const locate = (path: FieldPath) => {
    const [list, i, ...rest] = path;
    const at = list === 'instructions' && typeof i === 'number' ? i : list === 'stages' && typeof i === 'number' ? stages[i]?.instruction : undefined;
    const pos = at === undefined ? undefined : positions[at];
    if (!pos) return { line: 1, column: 1, path: [] };
    const deep = list === 'instructions' && rest.length > 0;
    return { line: pos.line, column: deep ? pos.valueColumn : pos.column, path: deep ? path : path.slice(0, 2) };
  };
  return { value: [sourceResource('Dockerfile', file, index, { instructions, stages }, locate)], diagnostics: [] };
}

export interface DockerStage {
  /** The image as written after FROM. */
  image: string;
  /** The `AS` name, or "". */
  name: string;
  /** Index of the FROM instruction. */
  instruction: number;
  /** The image with global ARG defaults substituted; absent when a variable has no default. */
  resolved?: string;
  /** Index of the earlier stage this one builds on (`FROM build`), or -1. */
  base: number;
  /** The user the stage runs as: its last USER, else its base stage's; "" when none is set. */
  user: string;
  /** Index of the USER instruction that sets `user`, or -1 (none, or inherited from the base stage). */
  userInstruction: number;
}

interface Parsed {
  instructions: DockerInstruction[];
  stages: DockerStage[];
  positions: Located[];
}

/** Physical lines with their start offsets. */
function linesOf(text: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', start)) {
    const end = i < 0 ? text.length : i;
    out.push({ text: text.slice(start, end).replace(/\r$/, ''), offset: start });
    if (i < 0) break;
    start = i + 1;
  }
  return out;
}

export function parseDockerfile(text: string): Parsed | { error: string; offset: number } {
  const lines = linesOf(text);
  let escape = '\\';
  let k = 0;
  // Parser directives: only at the very top, before any comment, blank line or instruction.
  for (; k < lines.length; k++) {
    const m = DIRECTIVE.exec(lines[k].text);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape') escape = m[2] === '`' ? '`' : '\\';
  }
  const out: Parsed = { instructions: [], stages: [], positions: [] };
  const globalArgs = new Map<string, string | undefined>();
  const isComment = (s: string) => /^\s*#/.test(s);
  while (k < lines.length) {
    const first = lines[k];
    if (first.text.trim() === '' || isComment(first.text)) {
      k++;
      continue;
    }
    const m = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(first.text);
    const word = m?.[2].toUpperCase() ?? '';
    if (!m || !INSTRUCTIONS.has(word)) return { error: `unknown Dockerfile instruction "${first.text.trim().split(/\s/)[0].slice(0, 40)}"`, offset: first.offset + (m?.[1].length ?? 0) };
    const column = m[1].length + 1;
    const valueColumn = m[0].length + 1;
    // Join continuation lines (parts joined once: hostile input may hold millions of them).
    const parts: string[] = [];
    let line = first.text.slice(m[0].length);
    k++;
    for (;;) {
      const trimmed = line.trimEnd();
      if (!trimmed.endsWith(escape)) {
        parts.push(line.trim());
        break;
      }
      parts.push(trimmed.slice(0, -1).trim());
      while (k < lines.length && (isComment(lines[k].text) || lines[k].text.trim() === '')) k++;
      if (k >= lines.length) break;
      line = lines[k].text;
      k++;
    }
    let body = parts.filter((x) => x !== '').join(' ');
    // Here-documents: the body lines up to the terminator belong to the instruction.
    const heredocs = [...body.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)];
    if (heredocs.length > 0 && /^(RUN|COPY|ADD)$/.test(word)) {
      for (const h of heredocs) {
        const strip = h[1] === '-';
        const doc: string[] = [];
        while (k < lines.length && (strip ? lines[k].text.replace(/^\t+/, '') : lines[k].text) !== h[3]) doc.push(lines[k++].text);
        if (k >= lines.length) return { error: `here-document <<${h[3]} is never closed`, offset: first.offset };
        k++;
        body += `\n${doc.join('\n')}`;
      }
    }
    const { flags, rest } = readFlags(body);
    const json = rest.startsWith('[') ? jsonArgs(rest) : undefined;
    const stage = word === 'FROM' ? out.stages.length : out.stages.length - 1;
    const args = json ?? rest.split(/\s+/).filter(Boolean);
    out.instructions.push({ instruction: word, value: rest, args, flags, stage, json: json !== undefined });
    out.positions.push({ line: lineNo(lines, first.offset), column, valueColumn });
    if (word === 'FROM') {
      const name = args.length >= 3 && args[1].toUpperCase() === 'AS' ? args[2] : '';
      const image = args[0] ?? '';
      const base = out.stages.findIndex((st) => st.name !== '' && st.name.toLowerCase() === image.toLowerCase());
      const resolved = substitute(image, globalArgs);
      const inherited = base >= 0 ? out.stages[base]!.user : '';
      out.stages.push({ image, name, instruction: out.instructions.length - 1, ...(resolved !== undefined ? { resolved } : {}), base, user: inherited, userInstruction: -1 });
    } else if (word === 'USER' && out.stages.length > 0) {
      const st = out.stages[out.stages.length - 1]!;
      st.user = rest.trim();
      st.userInstruction = out.instructions.length - 1;
    } else if (word === 'ARG' && out.stages.length === 0) {
      for (const a of args) {
        const eq = a.indexOf('=');
        globalArgs.set(eq < 0 ? a : a.slice(0, eq), eq < 0 ? undefined : a.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2'));
      }
    }
  }
  return out;
}

/** `${X}`, `${X:-default}` and `$X` replaced by the global ARG defaults; undefined when one has none. */
function substitute(text: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string | undefined, dflt: string | undefined, b: string | undefined) => {
    const v = args.get((a ?? b)!);
    if (v !== undefined && v !== '') return v;
    if (dflt !== undefined) return dflt;
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

function lineNo(lines: ReadonlyArray<{ offset: number }>, offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Leading `--name=value` (or `--name`) flags and the text after them. */
function readFlags(body: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {}; // names start with a letter: never __proto__
  const flag = /--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?\s*/y;
  let at = 0;
  for (let m = flag.exec(body); m; m = flag.exec(body)) {
    flags[m[1]] = m[2] ?? 'true';
    at = flag.lastIndex;
  }
  return { flags, rest: body.slice(at) };
}

/** The exec form's strings, or undefined when the text is not a JSON array of strings (then it is shell form). */
function jsonArgs(text: string): string[] | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}
